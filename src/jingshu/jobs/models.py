"""The ``jobs`` table: durable work items claimed by workers with a lease.

A :class:`Job` is ``queued`` until a worker claims it, ``running`` while a worker
holds its lease (renewed by heartbeats), then ``succeeded`` (with its result),
``failed`` (with the error, after its last allowed attempt) or ``cancelled``. A job
whose lease expired (its worker was killed) is claimed again by another worker.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jingshu.db.base import Base, enum_type, utcnow

__all__ = ["FINISHED", "Job", "JobStatus"]


class JobStatus(enum.StrEnum):
    """Where a job is: queued → running → succeeded, failed or cancelled."""

    QUEUED = "queued"  # waiting for a worker (new, or returned for a retry)
    RUNNING = "running"  # a worker holds the lease
    SUCCEEDED = "succeeded"  # done; ``result`` holds what it made
    FAILED = "failed"  # its last allowed attempt failed; ``error`` says why
    CANCELLED = "cancelled"  # cancelled before or while it ran


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(Base):
    """One unit of work of a registered ``kind`` (e.g. ``corpus.run``) with its payload."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_claim", "status", "kind", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus), default=JobStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    lease_owner: Mapped[str] = mapped_column(String(128), default="")
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    @property
    def fraction(self) -> float | None:
        """Share done, 0 to 1; ``None`` while the total is unknown."""
        if self.status is JobStatus.SUCCEEDED:
            return 1.0
        if not self.progress_total:
            return None
        return min(1.0, self.progress_done / self.progress_total)

    def eta_seconds(self, now: datetime | None = None) -> float | None:
        """Seconds left at the current attempt's rate; ``None`` when it cannot be told."""
        fraction = self.fraction
        if self.status is not JobStatus.RUNNING or self.started_at is None or not fraction:
            return None
        elapsed = ((now or utcnow()) - self.started_at).total_seconds()
        return max(0.0, elapsed * (1 - fraction) / fraction)
