"""Label quality of aggregated crowd labels: agreement, per-annotator confusion, and
label-error candidates by confident learning.

* Fleiss' kappa (Fleiss 1971), with a varying number of answers per item (items with
  fewer than two answers are left out); Krippendorff's alpha is
  :func:`jingshu.annotate.alpha.krippendorff_alpha`.
* Per-annotator confusion: for each worker, counts of (aggregated label, their answer).
* Confident learning (Northcutt, Jiang, Chuang, JAIR 2021, "Confident Learning:
  Estimating Uncertainty in Dataset Labels"; the ``confident_learning`` filter and
  ``self_confidence`` ranking of cleanlab): given the labels under audit and predicted
  class probabilities from another source (the aggregated posteriors of a truth-inference
  method, or a model's predictions), class ``j``'s threshold is the mean probability of
  ``j`` over items labelled ``j``; an item whose most probable class *among those at or
  above their threshold* is not its label is a label issue. Issues come first, ranked by
  the probability of their own label (lowest first), then the other items in that order.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jingshu.annotate.aggregate import Answers
from jingshu.errors import InputError

__all__ = ["Candidate", "LabelIssues", "LabelQuality", "confident_learning", "fleiss_kappa",
           "label_quality", "precision_at", "worker_confusion"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def _counts(answers: Answers) -> FloatArray:
    counts = np.zeros((len(answers.tasks), len(answers.classes)))
    np.add.at(counts, (answers.task, answers.label), 1.0)
    return counts


def fleiss_kappa(answers: Answers) -> float | None:
    """Fleiss' kappa over the items with at least two answers (None when there are none)."""
    counts = _counts(answers)
    n = counts.sum(axis=1)
    counts, n = counts[n >= 2], n[n >= 2]
    if not len(n):
        return None
    p_item = ((counts ** 2).sum(axis=1) - n) / (n * (n - 1))
    p_class = counts.sum(axis=0) / n.sum()
    expected = float((p_class ** 2).sum())
    if expected >= 1.0:
        return 1.0
    return (float(p_item.mean()) - expected) / (1.0 - expected)


def worker_confusion(answers: Answers, labels: IntArray) -> dict[object, IntArray]:
    """Worker id → K×K counts: rows the aggregated label (class code), columns their answer.

    Args:
        answers: the crowd answers.
        labels: the aggregated class code per task (``answers.tasks`` order).
    """
    k = len(answers.classes)
    out: dict[object, IntArray] = {}
    for code, worker in enumerate(answers.workers):
        mine = answers.worker == code
        m = np.zeros((k, k), dtype=np.int64)
        np.add.at(m, (labels[answers.task[mine]], answers.label[mine]), 1)
        out[worker] = m
    return out


@dataclass(frozen=True)
class LabelIssues:
    """Items ranked as label-error candidates: ``order`` (item indices, most suspect
    first), ``is_issue`` per item, and the per-class ``thresholds``."""

    order: IntArray
    is_issue: npt.NDArray[np.bool_]
    thresholds: FloatArray

    @property
    def count(self) -> int:
        return int(self.is_issue.sum())


def confident_learning(labels: IntArray, probs: FloatArray) -> LabelIssues:
    """Rank items by how likely their label is wrong, by confident learning.

    Args:
        labels: the class code under audit per item.
        probs: items × classes predicted probabilities (rows sum to 1), from a source
            other than ``labels``.

    Raises:
        InputError: shapes differ or a label is out of range.
    """
    labels = np.asarray(labels, dtype=np.int64)
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim != 2 or probs.shape[0] != labels.shape[0]:
        raise InputError(f"probabilities of shape {probs.shape} do not fit {len(labels)} labels",
                         hint="pass one row of class probabilities per labelled item")
    if len(labels) and (labels.min() < 0 or labels.max() >= probs.shape[1]):
        raise InputError("a label code is outside the probability columns",
                         hint="encode labels as 0..K-1 in the columns' order")
    k = probs.shape[1]
    thresholds = np.array([probs[labels == j, j].mean() if (labels == j).any() else 1.0
                           for j in range(k)])
    above = probs >= thresholds[None, :]
    masked = np.where(above, probs, -1.0)
    confident = masked.argmax(axis=1)
    is_issue = above.any(axis=1) & (confident != labels)
    self_confidence = probs[np.arange(len(labels)), labels]
    order = np.lexsort((self_confidence, ~is_issue))
    return LabelIssues(order.astype(np.int64), is_issue, thresholds)


def precision_at(order: IntArray, wrong: npt.NDArray[np.bool_], k: int) -> float:
    """Share of the first ``k`` items of ``order`` whose label is ``wrong``."""
    top = order[:max(k, 1)]
    return float(wrong[top].mean()) if len(top) else 0.0


@dataclass(frozen=True)
class Candidate:
    """One item whose audited label may be wrong.

    Args:
        task: The item's id (a task id of the answers, or a project item's row key).
        label: Its audited label.
        suggested: The judging method's most probable label.
        label_probability: The judge's probability of the audited label.
        issue: Confident learning calls it a label issue (not only a low-ranked item).
    """

    task: Hashable
    label: Hashable
    suggested: Hashable
    label_probability: float
    issue: bool


@dataclass(frozen=True)
class LabelQuality:
    """Agreement and label-error candidates of one set of crowd answers."""

    items: int
    fleiss_kappa: float | None
    krippendorff_alpha: float | None
    issues: int
    audit: str
    against: str
    candidates: tuple[Candidate, ...]
    worker_agreement: dict[str, float]


def label_quality(data: Answers, *, audit: str = "mv", against: str = "ds",
                  top: int = 20) -> LabelQuality:
    """Fleiss' kappa, Krippendorff's alpha, per-worker agreement with the audited labels
    and the ``top`` items whose ``audit`` label (a truth-inference method of
    :data:`~jingshu.annotate.aggregate.METHODS`) is most likely wrong, judged by the
    posteriors of ``against`` (confident learning).

    Raises:
        InputError: an unknown method, or ``top`` below 1.
    """
    from jingshu.annotate.aggregate import METHODS
    from jingshu.annotate.alpha import krippendorff_alpha

    for name in (audit, against):
        if name not in METHODS:
            raise InputError(f"unknown truth-inference method {name!r}",
                             hint="choose from " + ", ".join(sorted(METHODS)))
    if top < 1:
        raise InputError(f"top={top}: list at least one candidate", hint="e.g. top=20")
    audited, judge = METHODS[audit]().fit(data), METHODS[against]().fit(data)
    code = {c: i for i, c in enumerate(data.classes)}
    labels = np.array([code[x] for x in audited.labels], dtype=np.int64)
    issues = confident_learning(labels, judge.probabilities)
    units: list[list[object]] = [[] for _ in data.tasks]
    for t, y in zip(data.task, data.label, strict=True):
        units[t].append(int(y))
    agreement = {str(w): round(float(np.trace(m)) / max(int(m.sum()), 1), 4)
                 for w, m in worker_confusion(data, labels).items()}
    candidates = tuple(Candidate(
        task=data.tasks[i], label=audited.labels[i],
        suggested=data.classes[int(judge.probabilities[i].argmax())],
        label_probability=round(float(judge.probabilities[i, labels[i]]), 4),
        issue=bool(issues.is_issue[i])) for i in issues.order[:top])
    return LabelQuality(items=len(data.tasks), fleiss_kappa=fleiss_kappa(data),
                        krippendorff_alpha=krippendorff_alpha(units), issues=issues.count,
                        audit=audit, against=against, candidates=candidates,
                        worker_agreement=agreement)
