"""Quality profiles as jobs (kind ``dataset.profile``): publishing queues, a worker profiles.

Publishing a version (import, corpus run, annotation export, mix ...) does not measure
it: :func:`queue_profile`, a publish hook the front doors give every platform they
open (:func:`jingshu.jobs.queue_profiles_on_publish`), queues a ``dataset.profile`` job
in the publishing transaction, so the publication returns at once and the job exists
exactly when the version does. A worker (in the server, or ``jingshu worker``) runs
:func:`profile_handler`: one streaming pass over the version's rows, the profile
written beside its manifest. Its state is that of any job (``jingshu jobs list``,
``GET /api/v1/jobs``).

A profile that fails fails its job only: the version stays published and readable, and
its profile is computed when it is first asked for (``jingshu dataset profile``,
``GET .../profile``), the synchronous path that never waits for a job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.catalog.models import DatasetVersion
from jingshu.errors import NotFoundError
from jingshu.jobs.models import Job
from jingshu.jobs.queue import enqueue
from jingshu.jobs.worker import Handler, JobContext
from jingshu.profiles.profile import load_profile, profile_version, write_profile

if TYPE_CHECKING:
    from jingshu.platform import Platform

__all__ = ["KIND", "profile_handler", "profile_job_of", "queue_profile"]

KIND = "dataset.profile"
MAX_ATTEMPTS = 2


def queue_profile(session: Session, version: DatasetVersion) -> Job:
    """Queue the profile of ``version`` in the caller's transaction (publishing's)."""
    return enqueue(
        session,
        KIND,
        {"version": version.id, "dataset": version.dataset.name, "number": version.number},
        actor=version.creator,
        max_attempts=MAX_ATTEMPTS,
    )


def profile_job_of(session: Session, version_id: str) -> Job | None:
    """The newest ``dataset.profile`` job of version ``version_id``, if any."""
    return session.scalar(
        select(Job)
        .where(Job.kind == KIND, Job.payload["version"].as_string() == version_id)
        .order_by(Job.id.desc())
        .limit(1)
    )


def profile_handler(platform: Platform) -> Handler:
    """The handler of ``dataset.profile`` jobs over ``platform``."""

    def handle(ctx: JobContext) -> dict[str, Any]:
        return _profile(platform, ctx)

    return handle


def _profile(platform: Platform, ctx: JobContext) -> dict[str, Any]:
    version_id = str(ctx.payload["version"])
    with platform.session() as s:
        version = s.get(DatasetVersion, version_id)
        if version is None:
            raise NotFoundError(
                f"dataset version {version_id} (job {ctx.job.id}) no longer exists",
                hint="nothing to profile; the job can be ignored",
            )
        label = {"dataset": version.dataset.name, "version": version.number}
        stored = platform.store.open(version.location)
        rows = version.rows
    if load_profile(stored) is not None:  # an earlier attempt, or a reader, profiled it
        return {**label, "profiled": False, "rows": rows}
    ctx.progress(0, rows)
    profile = profile_version(stored, on_rows=lambda read: ctx.progress(read, rows))
    write_profile(stored, profile)
    return {
        **label,
        "profiled": True,
        "rows": profile.rows,
        "text_fields": [f.name for f in profile.text],
        "columns": [c.name for c in profile.columns],
        "seconds": profile.seconds,
    }
