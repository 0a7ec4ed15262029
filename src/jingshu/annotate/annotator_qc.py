"""Annotator quality: gold accuracy, agreement with the consensus, confusion, speed;
the automatic rules (qualification, pause and re-queue) and the review of answers.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from jingshu.annotate.consensus import agreement
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
from jingshu.annotate.projects import schema_of, settle
from jingshu.annotate.work import ProjectRules
from jingshu.audit import record
from jingshu.errors import ConflictError, InputError, NotFoundError

__all__ = [
    "AnnotatorStats",
    "annotator_stats",
    "apply_gold_rules",
    "confusion",
    "pause_member",
    "review_answer",
    "review_queue",
]


@dataclass(frozen=True)
class AnnotatorStats:
    annotator: str
    state: str
    answers: int
    gold_seen: int
    gold_accuracy: float | None
    agreement: float | None
    median_seconds: float | None
    cost: float


def _accuracy(member: Member) -> float:
    return member.gold_correct / member.gold_seen if member.gold_seen else 1.0


def apply_gold_rules(session: Session, project: AnnotationProject | ProjectRules,
                     member: Member, *, actor: str) -> None:
    """After a gold answer: finish a qualification test, or pause a weak annotator."""
    accuracy = _accuracy(member)
    if member.state is MemberState.QUALIFYING:
        if member.gold_seen < project.qualification_items:
            return
        passed = accuracy >= project.qualification_accuracy
        member.state = MemberState.ACTIVE if passed else MemberState.FAILED
        member.reason = (f"qualification accuracy {accuracy:.0%} (needed "
                         f"{project.qualification_accuracy:.0%})")
        member.gold_seen = member.gold_correct = 0  # the test does not count afterwards
        record(session, actor, "project.qualify", f"project:{project.name}",
               {"annotator": member.annotator, "passed": passed})
        return
    if (member.state is MemberState.ACTIVE and project.pause_below > 0
            and member.gold_seen >= project.pause_min_gold and accuracy < project.pause_below):
        pause_member(session, project, member,
                     f"gold accuracy {accuracy:.0%} fell below {project.pause_below:.0%}",
                     actor=actor)


def _requeue(session: Session, project: AnnotationProject | ProjectRules,
             answers: list[Answer], state: AnswerState) -> None:
    ids = sorted({a.item_id for a in answers})
    items = {i.id: i for i in session.scalars(
        select(Item).where(Item.id.in_(ids)).order_by(Item.id).with_for_update()
        .execution_options(populate_existing=True))}
    for answer in answers:
        session.refresh(answer)
        if answer.state not in COUNTED_STATES:
            continue
        answer.state = state
        if not answer.is_gold:
            item = items[answer.item_id]
            item.answers -= 1
            item.taken -= 1
    session.flush()
    for item in items.values():
        if not item.is_gold:
            settle(session, project, item)


def pause_member(session: Session, project: AnnotationProject | ProjectRules, member: Member,
                 reason: str, *, actor: str) -> int:
    """Pause ``member`` and put the items of their counted answers back in the pool."""
    member.state = MemberState.PAUSED
    member.reason = reason
    answers = list(session.scalars(select(Answer).where(
        Answer.project_id == project.id, Answer.annotator == member.annotator,
        Answer.state == AnswerState.COUNTED, Answer.is_gold.is_(False))))
    _requeue(session, project, answers, AnswerState.DISCARDED)
    open_leases = session.scalars(select(Lease).where(
        Lease.project_id == project.id, Lease.annotator == member.annotator,
        Lease.state == LeaseState.OPEN)).all()
    for lease in open_leases:
        item = session.scalars(select(Item).where(Item.id == lease.item_id).with_for_update()
                               .execution_options(populate_existing=True)).one()
        lease.state = LeaseState.EXPIRED
        if not item.is_gold:
            item.taken -= 1
    record(session, actor, "project.pause", f"project:{project.name}",
           {"annotator": member.annotator, "reason": reason, "requeued": len(answers)})
    session.flush()
    return len(answers)


def review_answer(session: Session, project: AnnotationProject, answer_id: int, *,
                  accept: bool, reason: str, reviewer: str) -> Answer:
    """Accept an answer, or reject it with a reason (its item goes back to the pool)."""
    answer = session.get(Answer, answer_id)
    if answer is None or answer.project_id != project.id:
        raise NotFoundError(f"answer {answer_id} is not in project {project.name!r}")
    if answer.state is not AnswerState.COUNTED:
        raise ConflictError(f"answer {answer_id} is {answer.state.value}, not awaiting review")
    if not accept and not reason.strip():
        raise InputError("rejecting an answer needs a reason", hint="say what is wrong")
    if accept:
        answer.state = AnswerState.ACCEPTED
    else:
        _requeue(session, project, [answer], AnswerState.REJECTED)
    answer.review_reason, answer.reviewed_by = reason.strip(), reviewer
    record(session, reviewer, "answer.review", f"project:{project.name}",
           {"answer_id": answer_id, "accept": accept, "reason": reason})
    session.flush()
    return answer


def annotator_stats(session: Session, project: AnnotationProject) -> list[AnnotatorStats]:
    """One row per member: answers, gold accuracy, agreement with the consensus, speed."""
    schema = schema_of(project)
    rows = session.execute(select(Answer, Item).join(Item, Item.id == Answer.item_id)
                           .where(Answer.project_id == project.id)).all()
    by_annotator: dict[str, list[tuple[Answer, Item]]] = defaultdict(list)
    for answer, item in rows:
        by_annotator[answer.annotator].append((answer, item))
    out = []
    for member in session.scalars(select(Member).where(Member.project_id == project.id)
                                  .order_by(Member.annotator)):
        mine = by_annotator.get(member.annotator, [])
        counted = [(a, i) for a, i in mine if a.state in COUNTED_STATES and not a.is_gold]
        agree = [agreement(schema, a.value, i.label) for a, i in counted
                 if i.label is not None and i.answers > 1]
        out.append(AnnotatorStats(
            annotator=member.annotator, state=member.state.value, answers=len(counted),
            gold_seen=member.gold_seen,
            gold_accuracy=_accuracy(member) if member.gold_seen else None,
            agreement=statistics.fmean(agree) if agree else None,
            median_seconds=statistics.median(a.seconds for a, _ in mine) if mine else None,
            cost=round(len(counted) * project.cost_per_answer, 2)))
    return out


def confusion(session: Session, project: AnnotationProject,
              annotator: str | None = None) -> dict[tuple[str, str], int]:
    """(reference label, given label) → count, on gold items and settled items.

    Only for kinds with one label per answer (single, relation, image classification).
    """
    query = select(Answer, Item).join(Item, Item.id == Answer.item_id).where(
        Answer.project_id == project.id, Answer.state != AnswerState.REJECTED)
    if annotator is not None:
        query = query.where(Answer.annotator == annotator)
    counts: Counter[tuple[str, str]] = Counter()
    for answer, item in session.execute(query):
        truth = item.gold_answer if item.is_gold else item.label if item.done else None
        if isinstance(truth, str) and isinstance(answer.value, str):
            counts[(truth, answer.value)] += 1
    return dict(counts)


def review_queue(session: Session, project: AnnotationProject, limit: int = 50) -> list[Answer]:
    """Answers awaiting review (counted, not gold): those sent to review with a reason
    (suspected label errors, :func:`jingshu.annotate.label_review.send_to_review`)
    first, then oldest first."""
    flagged_first = case((Answer.review_reason != "", 0), else_=1)
    return list(session.scalars(select(Answer).where(
        Answer.project_id == project.id, Answer.state == AnswerState.COUNTED,
        Answer.is_gold.is_(False)).order_by(flagged_first, Answer.id).limit(limit)))
