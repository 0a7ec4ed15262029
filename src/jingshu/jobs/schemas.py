"""A job as plain data, for the command line and the HTTP API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from jingshu.jobs.models import Job

__all__ = ["JobOut", "job_summary"]


class JobOut(BaseModel):
    """A job: state, attempts, progress (percent and ETA), lease holder, result or error."""

    id: int
    kind: str
    status: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    percent: float | None
    progress_done: int
    progress_total: int | None
    eta_s: float | None
    lease_owner: str
    lease_expires_at: str | None
    cancel_requested: bool
    result: dict[str, Any] | None
    error: str
    created_by: str
    created_at: str
    started_at: str | None
    finished_at: str | None

    @classmethod
    def of(cls, job: Job) -> JobOut:
        return cls(**job_summary(job))


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def job_summary(job: Job) -> dict[str, Any]:
    """The fields of :class:`JobOut` as a dict (JSON-ready)."""
    fraction = job.fraction
    eta = job.eta_seconds()
    return {
        "id": job.id, "kind": job.kind, "status": job.status.value, "payload": job.payload,
        "attempts": job.attempts, "max_attempts": job.max_attempts,
        "percent": None if fraction is None else round(100 * fraction, 1),
        "progress_done": job.progress_done, "progress_total": job.progress_total,
        "eta_s": None if eta is None else round(eta, 1), "lease_owner": job.lease_owner,
        "lease_expires_at": _iso(job.lease_expires_at),
        "cancel_requested": job.cancel_requested, "result": job.result, "error": job.error,
        "created_by": job.created_by, "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at), "finished_at": _iso(job.finished_at),
    }
