"""Table of corpus runs: a recipe over a catalog version, executed as a server job.

A :class:`CorpusRun` is ``queued`` when accepted (its recipe already validated),
``running`` while a worker executes it, then ``succeeded`` (with the version it
published and its report) or ``failed`` (with the error; nothing was published).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jingshu.db.base import Base, enum_type, utcnow

__all__ = ["CorpusRun", "RunStatus"]


class RunStatus(enum.StrEnum):
    """Where a run is: queued → running → succeeded or failed."""

    QUEUED = "queued"  # accepted, waiting for a worker
    RUNNING = "running"  # a worker is reading the source
    SUCCEEDED = "succeeded"  # a new version of the target was published
    FAILED = "failed"  # stopped with an error; nothing was published


class CorpusRun(Base):
    """One recipe run over one dataset version, publishing into a target dataset."""

    __tablename__ = "corpus_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipe_name: Mapped[str] = mapped_column(String(128))
    recipe_yaml: Mapped[str] = mapped_column(Text)
    source_version_id: Mapped[str] = mapped_column(
        ForeignKey("dataset_versions.id", ondelete="CASCADE"), index=True)
    source_ref: Mapped[str] = mapped_column(String(160))
    target_name: Mapped[str] = mapped_column(String(128))
    workers: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[RunStatus] = mapped_column(enum_type(RunStatus), default=RunStatus.QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    version_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    job_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    """The job that executes it (:mod:`jingshu.jobs`); ``None`` for a run executed directly."""
