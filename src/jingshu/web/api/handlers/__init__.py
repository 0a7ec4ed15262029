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

ROUTERS: list[APIRouter] = [
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
    projects.router,
    sandbox.router,
    regrade.router,
    quality.router,
]
