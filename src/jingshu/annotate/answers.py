"""Submitting answers: checked against the schema and the lease, counted exactly once.

An answer is refused (and nothing changes) when it does not fit the label schema
(:class:`InputError`), names a lease that is not the annotator's, was already
answered or skipped, or has expired (:class:`ConflictError`). A counted answer may
settle its item: at ``needed`` answers the consensus is computed, and with dynamic
overlap an item whose confidence is still below the project's threshold gets one more
slot, up to ``max_overlap``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.annotate.assignment import lock_member
from jingshu.annotate.consensus import GOLD_PASS, agreement
from jingshu.annotate.models import (
    AnnotationProject,
    Answer,
    Item,
    Lease,
    LeaseState,
    MemberState,
)
from jingshu.annotate.projects import schema_of, settle
from jingshu.annotate.quality import apply_gold_rules
from jingshu.annotate.schema import Answer as AnswerValue
from jingshu.annotate.schema import check_answer
from jingshu.catalog.audit import record
from jingshu.db.base import utcnow
from jingshu.errors import ConflictError

__all__ = ["Submitted", "submit_answer"]


@dataclass(frozen=True)
class Submitted:
    """The outcome of a submission, as the annotator may see it."""

    answer_id: int
    item_done: bool
    member_state: MemberState


def _load_lease(session: Session, project: AnnotationProject, annotator: str,
                lease_id: int) -> tuple[Lease, Item]:
    lease = session.get(Lease, lease_id)
    if lease is None or lease.project_id != project.id or lease.annotator != annotator:
        raise ConflictError(f"item lease {lease_id} is not leased to {annotator} in project "
                            f"{project.name!r}",
                            hint="answer only items you fetched with 'next'")
    item = session.scalars(select(Item).where(Item.id == lease.item_id).with_for_update()
                           .execution_options(populate_existing=True)).one()
    session.refresh(lease)
    return lease, item


def _check_open(lease: Lease, now: datetime) -> None:
    if lease.state is LeaseState.SUBMITTED:
        raise ConflictError(f"item lease {lease.id} was already answered",
                            hint="each item is answered once; fetch the next one")
    if lease.state is LeaseState.SKIPPED:
        raise ConflictError(f"item lease {lease.id} was skipped", hint="fetch the next item")
    if lease.state is LeaseState.EXPIRED or lease.expires_at <= now:
        raise ConflictError(
            f"item lease {lease.id} expired at {lease.expires_at:%Y-%m-%d %H:%M:%S} UTC and the "
            "item went back to the pool; this answer was not counted",
            hint="fetch the next item and answer it before its lease expires")


def submit_answer(session: Session, project: AnnotationProject, annotator: str, lease_id: int,
                  value: object, *, seconds: float = 0.0,
                  now: datetime | None = None) -> Submitted:
    """Record ``annotator``'s answer to lease ``lease_id``."""
    now = now or utcnow()
    member = lock_member(session, project, annotator, now)
    lease, item = _load_lease(session, project, annotator, lease_id)
    _check_open(lease, now)
    schema = schema_of(project)
    normalized: AnswerValue = check_answer(schema, value, item.data)
    answer = Answer(project_id=project.id, item_id=item.id, lease_id=lease.id,
                    annotator=annotator, value=normalized, is_gold=item.is_gold,
                    seconds=max(0.0, float(seconds)) or (now - lease.leased_at).total_seconds(),
                    submitted_at=now)
    lease.state = LeaseState.SUBMITTED
    if item.is_gold:
        answer.correct = agreement(schema, normalized, item.gold_answer) >= GOLD_PASS
        member.gold_seen += 1
        member.gold_correct += int(answer.correct)
    session.add(answer)
    session.flush()
    if not item.is_gold:
        item.answers += 1
        settle(session, project, item)
    else:
        apply_gold_rules(session, project, member, actor="system")
    record(session, annotator, "answer.submit", f"project:{project.name}",
           {"item": item.row_key, "answer_id": answer.id, "gold": item.is_gold})
    session.flush()
    return Submitted(answer.id, item.done, member.state)
