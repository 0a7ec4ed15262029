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
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, true, update
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
from jingshu.db.base import BOUND, bound, bound_insert, utcnow
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


_items, _leases, _answers = (cast(Table, m.__table__) for m in (Item, Lease, Answer))
# The hot path's statements, built once with bound parameters (Core tables: executing a
# prebuilt Core statement costs a cache lookup; building ORM statements per request
# cost most of a request's CPU). They run on the session's connection: the ORM's execution
# layer has nothing to add to a Core statement.
_LEASED = (select(_leases.c.id, _leases.c.state, _leases.c.leased_at, _leases.c.expires_at,
                  _items.c.id, _items.c.data, _items.c.is_gold, _items.c.gold_answer,
                  _items.c.answers, _items.c.needed)
           .join(_items, _items.c.id == _leases.c.item_id)
           .where(_leases.c.id == bindparam("lease"), _leases.c.project_id == bindparam("project"),
                  _leases.c.annotator == bindparam("annotator"))
           .with_for_update(of=_items, key_share=True))
_ANSWER = insert(_answers).returning(_answers.c.id)
_SUBMITTED = (update(_leases).where(_leases.c.id == bindparam("lease"))
              .values(state=LeaseState.SUBMITTED))
_COUNTED = select(_answers.c.value).where(_answers.c.item_id == bindparam("item"),
                                          _answers.c.state.in_(COUNTED_STATES))


def _record(counted: bool) -> Any:
    """PostgreSQL: insert the answer and close its lease in one statement (data-modifying
    CTEs; parameters from :func:`jingshu.db.base.bound`), which also reads (``counted``)
    the item's counted answers as they were before it: rows ``(answer id, its value as
    stored, counted answer id, its value)``, one ending ``None, None`` when there are
    none. Its snapshot is taken after :data:`_LEASED` locked the item's row, so it sees
    every answer counted on the item before this one. SQLite takes three."""
    answer = bound_insert(_answers).returning(_answers.c.id, _answers.c.value).cte("answer")
    closed = (update(_leases).where(_leases.c.id == bindparam(BOUND + "lease_id"))
              .values(state=LeaseState.SUBMITTED).returning(_leases.c.id).cte("closed"))
    if not counted:
        return select(answer.c.id, answer.c.value).add_cte(closed)
    values = (select(_answers.c.id, _answers.c.value)
              .where(_answers.c.item_id == bindparam(BOUND + "item_id"),
                     _answers.c.state.in_(COUNTED_STATES)).subquery())
    return (select(answer.c.id, answer.c.value, values.c.id, values.c.value)
            .select_from(answer).outerjoin(values, true()).add_cte(closed))


_RECORD = {counted: _record(counted) for counted in (False, True)}
_SETTLE = (update(_items).where(_items.c.id == bindparam("item"))
           .values(answers=_items.c.answers + 1, label=bindparam("b_label"),
                   label_confidence=bindparam("b_confidence"), needed=bindparam("b_needed"),
                   done=bindparam("b_done")))


def _load_lease(session: Session, rules: ProjectRules, annotator: str,
                lease_id: int) -> _Leased:
    row = session.connection().execute(_LEASED, {"lease": lease_id, "project": rules.id,
                                    "annotator": annotator}).first()
    if row is None:
        raise ConflictError(f"item lease {lease_id} is not leased to {annotator} in project "
                            f"{rules.name!r}",
                            hint="answer only items you fetched with 'next'")
    lease, state, leased_at, expires_at, item, data, is_gold, gold, answers, needed = row
    return _Leased(lease, LeaseState(state), leased_at, expires_at, item, data, is_gold, gold,
                   answers, needed)


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


def _settle(session: Session, rules: ProjectRules, lease: _Leased, values: list[Any]) -> bool:
    """Count the answer on its item and recompute the consensus (``values``: the item's
    counted answers, this one included); says whether it is done."""
    done = settlement(rules, values, lease.answers + 1, lease.needed)
    session.connection().execute(_SETTLE, {"item": lease.item_id, "b_label": done.label,
                              "b_confidence": done.confidence, "b_needed": done.needed,
                              "b_done": done.done})
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
    row = {"project_id": rules.id, "item_id": lease.item_id, "lease_id": lease.lease_id,
           "annotator": annotator, "value": normalized, "is_gold": lease.is_gold,
           "correct": correct, "seconds": seconds or (now - lease.leased_at).total_seconds(),
           "state": AnswerState.COUNTED, "review_reason": "", "reviewed_by": "",
           "submitted_at": now}
    answer_id, values = _insert(session, row, counted=not lease.is_gold)
    if lease.is_gold:
        state = _gold(session, rules, member.id, bool(correct))
        return Submitted(answer_id, False, state)
    return Submitted(answer_id, _settle(session, rules, lease, values), member.state)


def _insert(session: Session, row: dict[str, Any], counted: bool) -> tuple[int, list[Any]]:
    """Store the answer ``row`` and close its lease; with ``counted``, also the item's
    counted answers, this one last."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        answer_id = connection.execute(_ANSWER, row).scalar_one()
        connection.execute(_SUBMITTED, {"lease": row["lease_id"]})
        return answer_id, (list(connection.scalars(_COUNTED, {"item": row["item_id"]}))
                           if counted else [])
    got = connection.execute(_RECORD[counted], bound(row)).all()
    answer_id, mine = got[0][:2]
    if not counted:
        return answer_id, []
    return answer_id, [value for *_, other, value in got if other is not None] + [mine]


def submit_answer(session: Session, project: AnnotationProject | ProjectRules | str,
                  annotator: str, lease_id: int, value: object, *, seconds: float = 0.0,
                  now: datetime | None = None) -> Submitted:
    """Record ``annotator``'s answer to lease ``lease_id``."""
    work = start_work(session, project, annotator, now or utcnow())
    return submit_work(session, work, annotator, lease_id, value, seconds=seconds)
