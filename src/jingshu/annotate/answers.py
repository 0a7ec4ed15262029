"""Submitting answers: checked against the schema and the lease, counted exactly once.

An answer is refused (and nothing changes) when it does not fit the label schema
(:class:`InputError`), names a lease that is not the annotator's, was already
answered or skipped, or has expired (:class:`ConflictError`). A counted answer may
settle its item: at ``needed`` answers the consensus is computed, and with dynamic
overlap an item whose confidence is still below the project's threshold gets one more
slot, up to ``max_overlap``.

One transaction, a handful of statements: lock the member (:func:`start_work`), read
the lease with its item's row locked, insert the answer, close the lease, update the
item's counters and consensus. Answers are not written to the audit log: the answers
table is itself append-only, with its own ids, annotators and timestamps, and a
submission must not wait for the audit chain's one head row (see
``docs/guides/annotation.md``). Decisions about people and data are audited: the end
of a qualification test, a pause, a review, an export.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from jingshu.annotate.annotator_qc import apply_gold_rules
from jingshu.annotate.consensus import GOLD_PASS, agreement
from jingshu.annotate.models import (
    COUNTED_STATES,
    AnnotationProject,
    Answer,
    AnswerState,
    Item,
    Lease,
    LeaseState,
    Member,
    MemberState,
)
from jingshu.annotate.projects import settlement
from jingshu.annotate.schema import check_answer
from jingshu.annotate.work import ProjectRules, Work, member_of, start_work
from jingshu.db.base import utcnow
from jingshu.errors import ConflictError, InputError

__all__ = ["SECONDS_SLACK", "Submitted", "check_seconds", "submit_answer", "submit_work"]


@dataclass(frozen=True)
class Submitted:
    """The outcome of a submission, as the annotator may see it."""

    answer_id: int
    item_done: bool
    member_state: MemberState


@dataclass(frozen=True)
class _Leased:
    """A lease and its item, read while the item's row is locked."""

    lease_id: int
    state: LeaseState
    leased_at: datetime
    expires_at: datetime
    item_id: int
    data: dict[str, Any]
    is_gold: bool
    gold_answer: Any
    answers: int
    needed: int


def _load_lease(session: Session, rules: ProjectRules, annotator: str,
                lease_id: int) -> _Leased:
    row = session.execute(
        select(Lease.id, Lease.state, Lease.leased_at, Lease.expires_at, Item.id, Item.data,
               Item.is_gold, Item.gold_answer, Item.answers, Item.needed)
        .join(Item, Item.id == Lease.item_id)
        .where(Lease.id == lease_id, Lease.project_id == rules.id,
               Lease.annotator == annotator)
        .with_for_update(of=Item)).first()
    if row is None:
        raise ConflictError(f"item lease {lease_id} is not leased to {annotator} in project "
                            f"{rules.name!r}",
                            hint="answer only items you fetched with 'next'")
    return _Leased(row[0], LeaseState(row[1]), *row[2:])


def _check_open(lease: _Leased, now: datetime) -> None:
    if lease.state is LeaseState.SUBMITTED:
        raise ConflictError(f"item lease {lease.lease_id} was already answered",
                            hint="each item is answered once; fetch the next one")
    if lease.state is LeaseState.SKIPPED:
        raise ConflictError(f"item lease {lease.lease_id} was skipped",
                            hint="fetch the next item")
    if lease.state is LeaseState.EXPIRED or lease.expires_at <= now:
        raise ConflictError(
            f"item lease {lease.lease_id} expired at {lease.expires_at:%Y-%m-%d %H:%M:%S} UTC "
            "and the item went back to the pool; this answer was not counted",
            hint="fetch the next item and answer it before its lease expires")


def _settle(session: Session, rules: ProjectRules, lease: _Leased) -> bool:
    """Count the answer on its item and recompute the consensus; says whether it is done."""
    values = list(session.scalars(select(Answer.value).where(
        Answer.item_id == lease.item_id, Answer.state.in_(COUNTED_STATES))))
    done = settlement(rules, values, lease.answers + 1, lease.needed)
    session.execute(update(Item).where(Item.id == lease.item_id).values(
        answers=Item.answers + 1, label=done.label, label_confidence=done.confidence,
        needed=done.needed, done=done.done).execution_options(synchronize_session=False))
    return done.done


def _gold(session: Session, rules: ProjectRules, member_id: int, correct: bool) -> MemberState:
    """Count a gold answer on the member and apply the qualification and pause rules."""
    member = session.scalars(select(Member).where(Member.id == member_id)
                             .execution_options(populate_existing=True)).one()
    member.gold_seen += 1
    member.gold_correct += int(correct)
    apply_gold_rules(session, rules, member, actor="system")
    session.flush()
    return member.state


SECONDS_SLACK = 60.0  # a client's clock and the network may add a little to the lease's time


def check_seconds(seconds: float, rules: ProjectRules) -> float:
    """The time an annotator says an answer took: 0 (the server measures it) up to the
    lease's length plus :data:`SECONDS_SLACK`; anything else is refused."""
    limit = rules.lease_seconds + SECONDS_SLACK
    if not math.isfinite(seconds) or not 0.0 <= seconds <= limit:
        raise InputError(f"seconds={seconds} is not a time this answer can have taken",
                         hint=f"send 0 (the server measures it) or the seconds spent, at most "
                         f"{limit:g} (project {rules.name!r} leases items for "
                         f"{rules.lease_seconds} s)")
    return float(seconds)


def submit_work(session: Session, work: Work, annotator: str, lease_id: int, value: object, *,
                seconds: float = 0.0) -> Submitted:
    """Record the answer once the member is locked (see :func:`start_work`).

    Raises:
        InputError: the value does not fit the schema, or ``seconds`` is negative, not
            finite or longer than the lease (:func:`check_seconds`).
        ConflictError: the lease is not the annotator's, answered, skipped or expired.
    """
    member = member_of(work, annotator)
    seconds = check_seconds(seconds, work.rules)
    rules, now = work.rules, work.now
    lease = _load_lease(session, rules, annotator, lease_id)
    _check_open(lease, now)
    normalized = check_answer(rules.schema, value, lease.data)
    correct = (agreement(rules.schema, normalized, lease.gold_answer) >= GOLD_PASS
               if lease.is_gold else None)
    answer_id = session.execute(insert(Answer).values(
        project_id=rules.id, item_id=lease.item_id, lease_id=lease.lease_id,
        annotator=annotator, value=normalized, is_gold=lease.is_gold, correct=correct,
        seconds=seconds or (now - lease.leased_at).total_seconds(),
        state=AnswerState.COUNTED, review_reason="", reviewed_by="", submitted_at=now)
        .returning(Answer.id)).scalar_one()
    session.execute(update(Lease).where(Lease.id == lease.lease_id)
                    .values(state=LeaseState.SUBMITTED)
                    .execution_options(synchronize_session=False))
    if lease.is_gold:
        state = _gold(session, rules, member.id, bool(correct))
        return Submitted(answer_id, False, state)
    return Submitted(answer_id, _settle(session, rules, lease), member.state)


def submit_answer(session: Session, project: AnnotationProject | ProjectRules | str,
                  annotator: str, lease_id: int, value: object, *, seconds: float = 0.0,
                  now: datetime | None = None) -> Submitted:
    """Record ``annotator``'s answer to lease ``lease_id``."""
    work = start_work(session, project, annotator, now or utcnow())
    return submit_work(session, work, annotator, lease_id, value, seconds=seconds)
