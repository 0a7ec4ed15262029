"""/jobs: the job queue (corpus runs ...): list, read, cancel.

Every handler reads: load-or-404 → ``authorize(who, JobPolicy.action(obj))`` → use case
→ ``session.commit()`` → response schema. ``POST /jobs/{id}/cancel`` and
``DELETE /jobs/{id}`` are the same: a queued job is cancelled at once, a running one
stops at its worker's next heartbeat (the answer then says ``cancel_requested``).
"""

from __future__ import annotations

from fastapi import APIRouter

from jingshu.accounts.models import Role
from jingshu.jobs import cancel, get_job, list_jobs
from jingshu.jobs.schemas import JobOut
from jingshu.web.deps import DbSession, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.jobs import JobPolicy

__all__ = ["router"]

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("")
def my_jobs(who: Who, session: DbSession) -> list[JobOut]:
    """The caller's jobs, newest first (administrators: everyone's)."""
    authorize(who, JobPolicy.list())
    mine = None if who.role is Role.ADMIN else who.username
    return [JobOut.of(j) for j in list_jobs(session, created_by=mine)]


@router.get("/{job_id}")
def read_job(job_id: int, who: Who, session: DbSession) -> JobOut:
    """One job: state, attempts, progress (percent, ETA), result or error."""
    job = get_job(session, job_id)
    authorize(who, JobPolicy.view(job))
    return JobOut.of(job)


def _cancel(job_id: int, who: Who, session: DbSession) -> JobOut:
    job = get_job(session, job_id)
    authorize(who, JobPolicy.cancel(job))
    out = JobOut.of(cancel(session, job_id))
    session.commit()
    return out


@router.post("/{job_id}/cancel")
def cancel_job(job_id: int, who: Who, session: DbSession) -> JobOut:
    """Cancel a queued or running job (409 when it already finished)."""
    return _cancel(job_id, who, session)


@router.delete("/{job_id}")
def delete_job(job_id: int, who: Who, session: DbSession) -> JobOut:
    """The same as ``POST /jobs/{id}/cancel``: jobs are kept, as a record, once cancelled."""
    return _cancel(job_id, who, session)
