"""Label quality of a project's answers, and filling the review queue from it.

:func:`project_label_quality` is ``jingshu label-errors`` over a project's counted,
non-gold answers (agreement, per-annotator agreement, confident-learning candidates,
each named by its item's row key). :func:`send_to_review` puts the answers of the
``k`` most suspect items in front of the review queue
(:func:`jingshu.annotate.annotator_qc.review_queue`): a counted answer gets the
suspicion as its ``review_reason`` (which the queue shows first), and an answer a
reviewer had already accepted is reopened (``accepted`` → ``counted``) with it; a
reviewer's decision then replaces the reason as usual. Rejected and gold answers are
left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.annotate.aggregate import Answers
from jingshu.annotate.label_errors import Candidate, LabelQuality, label_quality
from jingshu.annotate.models import COUNTED_STATES, AnnotationProject, Answer, AnswerState, Item
from jingshu.audit import record
from jingshu.errors import InputError
from jingshu.store import StoredVersion

__all__ = ["REVIEW_MARK", "ReviewFill", "project_label_quality", "send_to_review",
           "version_label_quality"]

REVIEW_MARK = "suspected label error"
"""How the ``review_reason`` of an answer sent to review by :func:`send_to_review` starts."""


@dataclass(frozen=True)
class ReviewFill:
    """What :func:`send_to_review` did: the items sent, their answers now awaiting
    review (``queued``), and of those the ones reopened after an earlier acceptance."""

    items: tuple[str, ...]
    queued: int
    reopened: int


def _answers(session: Session, project: AnnotationProject) -> tuple[Answers, dict[int, str]]:
    rows = session.execute(
        select(Answer.item_id, Answer.annotator, Answer.value, Item.row_key)
        .join(Item, Item.id == Answer.item_id)
        .where(Answer.project_id == project.id, Answer.is_gold.is_(False),
               Answer.state.in_(COUNTED_STATES))
        .order_by(Answer.id)).all()  # fmt: skip
    if not rows:
        raise InputError(f"project {project.name!r} has no counted answers yet",
                         hint="label quality needs answers; wait for annotators")
    kind = project.label_schema.get("kind", "?")
    if not all(isinstance(value, str) for _, _, value, _ in rows):
        raise InputError(f"project {project.name!r} ({kind}) does not give one label per "
                         "answer; label errors need single-label answers",
                         hint="label quality covers single-label kinds (single, image "
                         "classification)")
    keys = {item_id: row_key for item_id, _, _, row_key in rows}
    data = Answers.from_lists([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    return data, keys


def project_label_quality(session: Session, project: AnnotationProject, *, audit: str = "mv",
                          against: str = "ds", top: int = 20) -> LabelQuality:
    """Agreement and the ``top`` label-error candidates of ``project``'s answers.

    Candidates' ``task`` is the item's row key (the source row's id).

    Raises:
        InputError: no counted answers yet, answers that are not single labels, an
            unknown method or ``top`` below 1.
    """
    data, keys = _answers(session, project)
    quality = label_quality(data, audit=audit, against=against, top=top)
    named = tuple(replace(c, task=keys[int(str(c.task))]) for c in quality.candidates)
    return replace(quality, candidates=named)


def version_label_quality(stored: StoredVersion, *, task: str = "task", worker: str = "worker",
                          label: str = "label", audit: str = "mv", against: str = "ds",
                          top: int = 20) -> LabelQuality:
    """``jingshu label-errors`` over a dataset version of crowd answers: one row per answer
    with ``task``, ``worker`` and ``label`` columns (only those are read).

    Raises:
        InputError: a column is missing, the version has no rows, or what
            :func:`~jingshu.annotate.label_errors.label_quality` raises.
    """
    names = [f.name for f in stored.manifest.fields]
    for role, column in (("task", task), ("worker", worker), ("label", label)):
        if column not in names:
            raise InputError(f"dataset {stored.manifest.dataset!r} has no {role} column "
                             f"{column!r}", hint="name it: columns are " + ", ".join(names))
    tasks: list[Any] = []
    workers: list[Any] = []
    labels: list[Any] = []
    for batch in stored.iter_batches(columns=[task, worker, label]):
        tasks += batch.column(task).to_pylist()
        workers += batch.column(worker).to_pylist()
        labels += batch.column(label).to_pylist()
    if not tasks:
        raise InputError(f"dataset {stored.manifest.dataset!r} has no rows",
                         hint="label quality needs one row per answer")
    data = Answers.from_lists(tasks, workers, labels)
    return label_quality(data, audit=audit, against=against, top=top)


def _reason(quality: LabelQuality, c: Candidate) -> str:
    return (f"{REVIEW_MARK} (confident learning: {quality.audit} label {c.label!s} judged "
            f"by {quality.against}, p={c.label_probability:.3f}, suggested {c.suggested!s})")


def send_to_review(session: Session, project: AnnotationProject, k: int, *, actor: str,
                   audit: str = "mv", against: str = "ds") -> ReviewFill:
    """Put the answers of the ``k`` most suspect items at the front of the review queue.

    Raises:
        InputError: ``k`` below 1, or what :func:`project_label_quality` raises.
    """
    if k < 1:
        raise InputError(f"k={k}: send at least one item to review", hint="e.g. --to-review 20")
    quality = project_label_quality(session, project, audit=audit, against=against, top=k)
    reasons = {c.task: _reason(quality, c) for c in quality.candidates}
    answers = session.scalars(
        select(Answer).join(Item, Item.id == Answer.item_id)
        .where(Answer.project_id == project.id, Answer.is_gold.is_(False),
               Answer.state.in_(COUNTED_STATES), Item.row_key.in_(list(reasons)))
        .order_by(Answer.id)).all()  # fmt: skip
    reopened = 0
    for answer in answers:
        if answer.state is AnswerState.ACCEPTED:
            answer.state, answer.reviewed_by = AnswerState.COUNTED, ""
            reopened += 1
        answer.review_reason = reasons[answer.item.row_key]
    items = tuple(str(c.task) for c in quality.candidates)
    details: dict[str, Any] = {"items": list(items), "answers": len(answers),
                               "reopened": reopened, "audit": audit, "against": against}
    record(session, actor, "labels.send_to_review", f"project:{project.name}", details)
    session.flush()
    return ReviewFill(items, len(answers), reopened)
