"""The job queue's use cases: enqueue, claim with a lease, heartbeat, finish, cancel.

Any number of workers, in any number of processes or machines, share the queue
through the database::

    job = enqueue(session, "corpus.run", {"run": 7}, actor="alice")   # caller commits
    claimed = claim(platform.session, owner="host:123:0", kinds=["corpus.run"])
    beat = heartbeat(platform.session, claimed.id, claimed.owner, done=500, total=2000)
    finish(platform.session, claimed.id, claimed.owner, result={"version": 3})

Claiming is one conditional transition: ``queued`` (or ``running`` with an expired
lease: its worker died) → ``running`` under the claimant's name. On PostgreSQL the
candidate row is read ``FOR UPDATE SKIP LOCKED``, so concurrent workers never queue
behind each other; on SQLite (one writer at a time) the conditional ``UPDATE`` alone
decides. Every later write by a worker is conditional on it still holding the lease,
so a worker that lost its lease (paused too long, taken over) changes nothing.

Publishing a job's result (a dataset version) happens in the same transaction as
:func:`publish_once`, which succeeds once per job id: a job that runs twice (its
first worker was presumed dead) publishes once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from jingshu.db.base import utcnow
from jingshu.errors import ConflictError, InputError, NotFoundError
from jingshu.jobs.models import FINISHED, Job, JobStatus

__all__ = [
    "DEFAULT_LEASE_S",
    "Beat",
    "Claimed",
    "SessionFactory",
    "cancel",
    "claim",
    "enqueue",
    "finish",
    "get_job",
    "heartbeat",
    "list_jobs",
    "publish_once",
]

DEFAULT_LEASE_S = 30.0
SessionFactory = Callable[[], AbstractContextManager[Session]]
"""Opens a session that commits on success (``Platform.session``)."""


@dataclass(frozen=True)
class Claimed:
    """A job a worker now holds.

    Args:
        id: The job's id.
        kind: Its kind, which picks the handler.
        payload: What the handler needs (JSON).
        attempt: 1 for the first try, 2 after a retry or takeover, ...
        max_attempts: The last attempt allowed.
        owner: The worker's name, needed for every later write.
    """

    id: int
    kind: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    owner: str


@dataclass(frozen=True)
class Beat:
    """What a heartbeat learned.

    Args:
        held: The worker still holds the lease (``False``: stop, someone else has it).
        cancel: Someone asked to cancel the job: stop and call :func:`finish` cancelled.
    """

    held: bool
    cancel: bool


def enqueue(session: Session, kind: str, payload: dict[str, Any], *, actor: str,
            max_attempts: int = 3) -> Job:
    """Add a queued job; the caller commits (with whatever record the job is for)."""
    if max_attempts < 1:
        raise InputError(f"max_attempts={max_attempts}: a job needs at least one attempt",
                         hint="pass max_attempts=1 for no retries")
    job = Job(kind=kind, payload=payload, status=JobStatus.QUEUED, attempts=0,
              max_attempts=max_attempts, lease_owner="", progress_done=0,
              cancel_requested=False, error="", created_by=actor)
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, job_id: int) -> Job:
    """Job ``job_id``, or :class:`NotFoundError`."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFoundError(f"job {job_id} does not exist",
                            hint="list jobs with `jingshu jobs list`")
    return job


def list_jobs(session: Session, *, created_by: str | None = None,
              status: JobStatus | None = None, limit: int = 200) -> list[Job]:
    """Newest first; filtered by creator and status when given."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if created_by is not None:
        query = query.where(Job.created_by == created_by)
    if status is not None:
        query = query.where(Job.status == status)
    return list(session.scalars(query))


def _rowcount(result: object) -> int:
    return result.rowcount if isinstance(result, CursorResult) else 0


def _claimable(now: datetime) -> Any:
    return or_(Job.status == JobStatus.QUEUED,
               (Job.status == JobStatus.RUNNING) & (Job.lease_expires_at < now))


def claim(sessions: SessionFactory, owner: str, kinds: Sequence[str], *,
          lease_s: float = DEFAULT_LEASE_S) -> Claimed | None:
    """Take the oldest claimable job of ``kinds`` for ``owner``; ``None`` when there is none.

    A job whose lease expired on its last allowed attempt is failed here instead, and
    a claimable job someone asked to cancel is cancelled; neither is returned.
    """
    for _ in range(8):  # SQLite: another worker may win the race for a candidate
        with sessions() as s:
            now = utcnow()
            candidate = s.execute(
                select(Job.id, Job.attempts, Job.max_attempts, Job.cancel_requested,
                       Job.status)
                .where(Job.kind.in_(list(kinds)), _claimable(now))
                .order_by(Job.id).limit(1).with_for_update(skip_locked=True)).first()
            if candidate is None:
                return None
            job_id, attempts, max_attempts, cancelled, status = candidate
            guard = update(Job).where(Job.id == job_id, _claimable(now))
            if cancelled:
                s.execute(guard.values(status=JobStatus.CANCELLED, finished_at=now,
                                       lease_owner="", lease_expires_at=None))
                continue
            if status is JobStatus.RUNNING and attempts >= max_attempts:
                s.execute(guard.values(
                    status=JobStatus.FAILED, finished_at=now, lease_owner="",
                    lease_expires_at=None,
                    error=f"its worker stopped answering (lease expired) on attempt "
                          f"{attempts} of {max_attempts}"))
                continue
            taken = s.execute(guard.values(
                status=JobStatus.RUNNING, lease_owner=owner, attempts=attempts + 1,
                lease_expires_at=now + timedelta(seconds=lease_s), heartbeat_at=now,
                started_at=now))
            if _rowcount(taken) != 1:
                continue
            kind, payload = s.execute(select(Job.kind, Job.payload).where(Job.id == job_id)).one()
            return Claimed(job_id, kind, dict(payload or {}), attempts + 1, max_attempts, owner)
    return None


def _held(job_id: int, owner: str) -> Any:
    return (Job.id == job_id) & (Job.lease_owner == owner) & (Job.status == JobStatus.RUNNING)


def heartbeat(sessions: SessionFactory, job_id: int, owner: str, *,
              lease_s: float = DEFAULT_LEASE_S, done: int | None = None,
              total: int | None = None) -> Beat:
    """Renew ``owner``'s lease on ``job_id`` and record progress (``done`` of ``total``)."""
    values: dict[str, Any] = {}
    if done is not None:
        values["progress_done"] = done
    if total is not None:
        values["progress_total"] = total
    with sessions() as s:
        now = utcnow()
        renewed = s.execute(update(Job).where(_held(job_id, owner))
                            .values(lease_expires_at=now + timedelta(seconds=lease_s),
                                    heartbeat_at=now, **values))
        if _rowcount(renewed) != 1:
            return Beat(held=False, cancel=False)
        cancel = bool(s.scalar(select(Job.cancel_requested).where(Job.id == job_id)))
        return Beat(held=True, cancel=cancel)


def finish(sessions: SessionFactory, job_id: int, owner: str, *,
           result: dict[str, Any] | None = None, error: str | None = None,
           cancelled: bool = False, retry: bool = True, done: int | None = None,
           total: int | None = None) -> JobStatus | None:
    """Record the outcome of ``owner``'s attempt; ``None`` when it no longer held the lease.

    Success stores ``result``. An ``error`` returns the job to the queue while attempts
    remain (and ``retry``), else fails it. ``cancelled`` marks it cancelled. ``done``
    and ``total`` record the last progress.
    """
    with sessions() as s:
        job = s.scalar(select(Job).where(_held(job_id, owner)).with_for_update())
        if job is None:
            return None
        now = utcnow()
        values: dict[str, Any] = {"lease_owner": "", "lease_expires_at": None}
        if done is not None:
            values["progress_done"] = done
        if total is not None:
            values["progress_total"] = total
        if cancelled:
            values |= {"status": JobStatus.CANCELLED, "finished_at": now}
        elif error is None:
            values |= {"status": JobStatus.SUCCEEDED, "finished_at": now, "result": result,
                       "error": ""}
        elif retry and job.attempts < job.max_attempts:
            values |= {"status": JobStatus.QUEUED, "error": error}
        else:
            values |= {"status": JobStatus.FAILED, "finished_at": now, "error": error}
        s.execute(update(Job).where(_held(job_id, owner)).values(**values))
        status: JobStatus = values["status"]
        return status


def cancel(session: Session, job_id: int) -> Job:
    """Cancel a job: at once when queued; a running one stops at its next heartbeat.

    Raises:
        ConflictError: The job already finished (succeeded or failed).
    """
    job = get_job(session, job_id)
    if job.status is JobStatus.CANCELLED:
        return job
    if job.status in FINISHED:
        raise ConflictError(f"job {job_id} already {job.status.value}; nothing to cancel",
                            hint="only queued or running jobs can be cancelled")
    now = utcnow()
    session.execute(update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
                    .values(status=JobStatus.CANCELLED, finished_at=now, cancel_requested=True))
    session.execute(update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING)
                    .values(cancel_requested=True))
    session.refresh(job)
    return job


def publish_once(session: Session, job_id: int) -> bool:
    """Mark ``job_id``'s result as published, in the caller's transaction; once only.

    Call it in the transaction that publishes the result and commit both together:
    ``False`` means another attempt already published (roll back, publish nothing).
    The conditional ``UPDATE`` takes the row's lock (PostgreSQL) or the write lock
    (SQLite), so of two attempts publishing at once the second waits and then sees
    the first one's mark.
    """
    marked = session.execute(update(Job).where(Job.id == job_id, Job.published_at.is_(None))
                             .values(published_at=utcnow()))
    return _rowcount(marked) == 1
