"""Evaluation of a binary quality score: precision, recall, F1, ROC-AUC, threshold.

"Positive" is the good class (label 1). ROC-AUC is the Mann–Whitney statistic
computed from ranks, with ties counted as one half.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Evaluation", "ScoreSummary", "best_f1_threshold", "evaluate", "roc_auc",
           "summarize_scores"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Evaluation:
    """How well scores separate good (1) from bad (0) at one threshold.

    Args:
        threshold: Scores at or above it count as good.
        precision: Share of documents called good that are good.
        recall: Share of good documents called good.
        f1: Harmonic mean of precision and recall.
        accuracy: Share of documents on the right side of the threshold.
        roc_auc: Probability that a good document outscores a bad one.
        n_good: Good documents evaluated.
        n_bad: Bad documents evaluated.
    """

    threshold: float
    precision: float
    recall: float
    f1: float
    accuracy: float
    roc_auc: float
    n_good: int
    n_bad: int

    def to_dict(self) -> dict[str, Any]:
        """The evaluation as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evaluation:
        """Rebuild from :meth:`to_dict` output."""
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def roc_auc(scores: FloatArray, labels: npt.NDArray[np.int8]) -> float:
    """Area under the ROC curve (0.5 when one class is missing).

    Args:
        scores: Higher means more likely good.
        labels: 1 for good, 0 for bad.
    """
    n_pos = int(labels.sum())
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        return 0.5
    from scipy.stats import rankdata  # scipy.stats costs ~1 s to import: only when used

    ranks = rankdata(scores)
    return float((ranks[labels == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate(scores: FloatArray, labels: npt.NDArray[np.int8], threshold: float) -> Evaluation:
    """Metrics of ``scores`` against ``labels`` at ``threshold``.

    Args:
        scores: Model scores in [0, 1].
        labels: 1 for good, 0 for bad.
        threshold: Scores at or above it count as good.
    """
    predicted = scores >= threshold
    good = labels == 1
    tp = int((predicted & good).sum())
    called, actual = int(predicted.sum()), int(good.sum())
    precision = tp / called if called else 0.0
    recall = tp / actual if actual else 0.0
    accuracy = float((predicted == good).mean()) if len(labels) else 0.0
    return Evaluation(threshold=float(threshold), precision=precision, recall=recall,
                      f1=_f1(precision, recall), accuracy=accuracy,
                      roc_auc=roc_auc(scores, labels), n_good=actual, n_bad=len(labels) - actual)


def best_f1_threshold(scores: FloatArray, labels: npt.NDArray[np.int8]) -> float:
    """The threshold that maximizes F1 on these scores (midway between neighbours).

    Args:
        scores: Validation scores.
        labels: Validation labels, 1 for good.
    """
    order = np.argsort(-scores, kind="stable")
    ranked, good = scores[order], labels[order] == 1
    tp = np.cumsum(good)
    called = np.arange(1, len(ranked) + 1)
    f1 = 2 * tp / (called + max(int(good.sum()), 1))
    last_of_tie = np.r_[ranked[1:] != ranked[:-1], True]
    f1 = np.where(last_of_tie, f1, -1.0)
    best = int(np.argmax(f1))
    if best + 1 < len(ranked):
        return float((ranked[best] + ranked[best + 1]) / 2)
    return float(ranked[best])


@dataclass(frozen=True)
class ScoreSummary:
    """Distribution of scores over a set of documents.

    Args:
        documents: How many were scored.
        threshold: The cut the counts below refer to.
        kept: Documents scoring at or above ``threshold``.
        mean: Mean score.
        quantiles: Score at 0, 10, 25, 50, 75, 90 and 100 percent.
        histogram: Documents per tenth of [0, 1].
    """

    documents: int
    threshold: float
    kept: int
    mean: float
    quantiles: dict[str, float]
    histogram: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {**asdict(self), "histogram": list(self.histogram)}


_QUANTILES = (0, 10, 25, 50, 75, 90, 100)


def summarize_scores(scores: FloatArray, threshold: float) -> ScoreSummary:
    """Mean, quantiles, histogram and the count kept at ``threshold``.

    Args:
        scores: Scores in [0, 1]; may be empty.
        threshold: Scores at or above it are kept.
    """
    if len(scores) == 0:
        return ScoreSummary(0, threshold, 0, 0.0, {}, (0,) * 10)
    values = np.percentile(scores, _QUANTILES)
    hist, _ = np.histogram(scores, bins=10, range=(0.0, 1.0))
    return ScoreSummary(
        documents=len(scores), threshold=threshold, kept=int((scores >= threshold).sum()),
        mean=float(scores.mean()),
        quantiles={f"p{q}": round(float(v), 6) for q, v in zip(_QUANTILES, values, strict=True)},
        histogram=tuple(int(h) for h in hist))
