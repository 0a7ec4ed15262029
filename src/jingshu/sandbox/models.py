"""Tables of the DP sandbox: declared column domains, budget ledgers, released queries.

A publisher declares per dataset which columns the sandbox answers on and their
domains (:class:`SandboxConfig`); every (consumer, dataset) pair has one
:class:`BudgetLedger` whose ``epsilon_spent`` only grows and never passes
``epsilon_total``; every query that reserved budget is a :class:`QueryRecord`
(``reserved`` → ``released``, or ``failed`` with its reservation given back).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from jingshu.db.base import Base, enum_type, utcnow

__all__ = ["BudgetLedger", "QueryRecord", "QueryStatus", "SandboxConfig"]


class QueryStatus(enum.StrEnum):
    RESERVED = "reserved"  # budget taken, computing
    RELEASED = "released"  # a DP result was returned
    FAILED = "failed"  # the computation failed; the reservation was given back


class SandboxConfig(Base):
    """What the publisher declared: the columns' domains, the budget per consumer."""

    __tablename__ = "sandbox_configs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"),
                                            unique=True)
    columns: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    epsilon_total: Mapped[float] = mapped_column(Float)
    max_epsilon_per_query: Mapped[float] = mapped_column(Float)
    min_count: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class BudgetLedger(Base):
    """The privacy budget one consumer has spent on one dataset (persists for ever)."""

    __tablename__ = "sandbox_ledgers"
    __table_args__ = (UniqueConstraint("dataset_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    epsilon_total: Mapped[float] = mapped_column(Float)
    epsilon_spent: Mapped[float] = mapped_column(Float, default=0.0)
    queries: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class QueryRecord(Base):
    """One query that reserved budget, with its released result (or why it failed)."""

    __tablename__ = "sandbox_queries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ledger_id: Mapped[int] = mapped_column(ForeignKey("sandbox_ledgers.id", ondelete="CASCADE"))
    grant_id: Mapped[str] = mapped_column(String(32))
    version_id: Mapped[str] = mapped_column(String(32))
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    epsilon: Mapped[float] = mapped_column(Float)
    status: Mapped[QueryStatus] = mapped_column(enum_type(QueryStatus))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
