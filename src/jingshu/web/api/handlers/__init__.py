"""The API's routes, one module per endpoint group; the app mounts :data:`ROUTERS` at /api/v1.

Every handler reads the same: load-or-404 → ``authorize(who, Policy.action(obj))`` →
use case → ``session.commit()`` for writes → response schema.
"""

from fastapi import APIRouter

from jingshu.web.api.handlers import (
    artefacts,
    audit,
    auth,
    catalog,
    circulation,
    corpus,
    corpus_runs,
    datasets,
    jobs,
    label_quality,
    media,
    projects,
    quality,
    registrations,
    regrade,
    sandbox,
    users,
    versions,
)

__all__ = ["ROUTERS"]

# Requests are matched against the routers in this order, route by route: the
# annotators' loop (/projects/{name}/next, /answers), by far the busiest, comes first.
ROUTERS: list[APIRouter] = [
    projects.router,
    auth.router,
    datasets.router,
    versions.router,
    media.router,
    catalog.router,
    users.router,
    registrations.router,
    audit.router,
    circulation.router,
    corpus.router,
    corpus_runs.router,
    jobs.router,
    artefacts.router,
    sandbox.router,
    regrade.router,
    quality.router,
    label_quality.router,
]
