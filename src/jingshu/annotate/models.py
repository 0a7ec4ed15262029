"""Tables of the annotation domain: projects, items, members, leases, answers.

Invariants the assignment engine keeps (see :mod:`jingshu.annotate.assignment`):

* ``(item_id, annotator)`` is unique in ``annotation_leases``: nobody sees an item twice;
* for a non-gold item, ``taken`` = counted answers + open leases, and ``taken <= needed``;
  both change only while the item's row is locked.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jingshu.db.base import Base, enum_type, utcnow

__all__ = [
    "AnnotationProject",
    "Answer",
    "AnswerState",
    "Item",
    "Lease",
    "LeaseState",
    "Member",
    "MemberState",
    "ProjectState",
]


class ProjectState(enum.StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class MemberState(enum.StrEnum):
    QUALIFYING = "qualifying"  # answering the qualification test (gold items)
    ACTIVE = "active"
    FAILED = "failed"  # did not pass the qualification test
    PAUSED = "paused"  # gold accuracy fell below the project's threshold


class LeaseState(enum.StrEnum):
    OPEN = "open"  # open until expires_at; after that it counts as expired
    SUBMITTED = "submitted"
    SKIPPED = "skipped"
    EXPIRED = "expired"


class AnswerState(enum.StrEnum):
    COUNTED = "counted"  # part of the item's overlap; a reviewer has not looked yet
    ACCEPTED = "accepted"  # counted, and a reviewer accepted it
    REJECTED = "rejected"  # a reviewer rejected it: no longer counted, item re-queued
    DISCARDED = "discarded"  # its annotator was paused: no longer counted, item re-queued


COUNTED_STATES = (AnswerState.COUNTED, AnswerState.ACCEPTED)


class AnnotationProject(Base):
    __tablename__ = "annotation_projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    source_version_id: Mapped[str] = mapped_column(ForeignKey("dataset_versions.id"))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), nullable=True)
    # the annotate grant a project over another organization's dataset was made under
    grant_id: Mapped[str | None] = mapped_column(
        ForeignKey("circulation_grants.id", name="fk_annotation_projects_grant_id"),
        nullable=True)
    label_schema: Mapped[dict[str, Any]] = mapped_column(JSON)
    instructions: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    overlap: Mapped[int] = mapped_column(Integer, default=3)
    max_overlap: Mapped[int] = mapped_column(Integer, default=3)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    gold_rate: Mapped[float] = mapped_column(Float, default=0.0)
    lease_seconds: Mapped[int] = mapped_column(Integer, default=600)
    qualification_items: Mapped[int] = mapped_column(Integer, default=0)
    qualification_accuracy: Mapped[float] = mapped_column(Float, default=0.0)
    pause_below: Mapped[float] = mapped_column(Float, default=0.0)
    pause_min_gold: Mapped[int] = mapped_column(Integer, default=5)
    cost_per_answer: Mapped[float] = mapped_column(Float, default=0.0)
    state: Mapped[ProjectState] = mapped_column(enum_type(ProjectState),
                                                default=ProjectState.ACTIVE)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Item(Base):
    """One row of the source version to label (or a gold item with its known answer)."""

    __tablename__ = "annotation_items"
    __table_args__ = (UniqueConstraint("project_id", "row_key"),
                      Index("ix_annotation_items_queue", "project_id", "is_gold", "done", "taken",
                            "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("annotation_projects.id", ondelete="CASCADE"))
    row_key: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_gold: Mapped[bool] = mapped_column(Boolean, default=False)
    gold_answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    needed: Mapped[int] = mapped_column(Integer, default=0)
    taken: Mapped[int] = mapped_column(Integer, default=0)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[Any] = mapped_column(JSON, nullable=True)
    label_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)


class Member(Base):
    """An annotator's place in a project: their state and counters."""

    __tablename__ = "annotation_members"
    __table_args__ = (UniqueConstraint("project_id", "annotator"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("annotation_projects.id", ondelete="CASCADE"))
    annotator: Mapped[str] = mapped_column(String(64))
    state: Mapped[MemberState] = mapped_column(enum_type(MemberState))
    reason: Mapped[str] = mapped_column(Text, default="")
    gold_seen: Mapped[int] = mapped_column(Integer, default=0)
    gold_correct: Mapped[int] = mapped_column(Integer, default=0)
    served: Mapped[int] = mapped_column(Integer, default=0)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Lease(Base):
    """An item handed to an annotator until ``expires_at``."""

    __tablename__ = "annotation_leases"
    __table_args__ = (UniqueConstraint("item_id", "annotator"),
                      Index("ix_annotation_leases_open", "project_id", "state", "expires_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("annotation_projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("annotation_items.id", ondelete="CASCADE"))
    annotator: Mapped[str] = mapped_column(String(64))
    state: Mapped[LeaseState] = mapped_column(enum_type(LeaseState), default=LeaseState.OPEN)
    leased_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    skip_reason: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[Item] = relationship(lazy="joined")


class Answer(Base):
    """What an annotator answered for a lease (at most one per lease)."""

    __tablename__ = "annotation_answers"
    __table_args__ = (UniqueConstraint("lease_id"),
                      Index("ix_annotation_answers_item", "item_id", "state"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("annotation_projects.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("annotation_items.id", ondelete="CASCADE"))
    lease_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotation_leases.id", ondelete="CASCADE"), nullable=True)
    annotator: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    is_gold: Mapped[bool] = mapped_column(Boolean, default=False)
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    state: Mapped[AnswerState] = mapped_column(enum_type(AnswerState),
                                               default=AnswerState.COUNTED)
    review_reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str] = mapped_column(String(64), default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    item: Mapped[Item] = relationship(lazy="joined")
