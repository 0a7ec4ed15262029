"""Dawid-Skene (full confusion matrices) and one-coin Dawid-Skene, by EM.

Dawid & Skene, "Maximum Likelihood Estimation of Observer Error-Rates Using the EM
Algorithm", Applied Statistics 28(1), 1979: each worker has a K × K confusion matrix
π[k, l] = P(answer l | truth k); EM alternates task posteriors (E) and class prior
plus confusion matrices (M). The one-coin model keeps one accuracy p per worker and
spreads errors evenly over the other classes, with a uniform class prior (the "ZC"
model of Demartini et al., WWW 2012; compared in Zheng et al., VLDB 2017).

Both start from majority-vote posteriors; gold tasks are held at their labels.
"""

from __future__ import annotations

from typing import TypeVar, cast

import numpy as np

from jingshu.annotate.aggregate.base import (
    Answers,
    EMAggregator,
    FloatArray,
    IntArray,
    clamp_gold,
    normalize_rows,
    task_sums,
)
from jingshu.annotate.aggregate.majority import weighted_votes
from jingshu.errors import ConfigError

_Confusions = tuple[FloatArray, FloatArray]  # class prior, confusion per worker
P = TypeVar("P")

__all__ = [
    "DawidSkene", "OneCoinDawidSkene", "class_posteriors", "confusion_counts", "softmax_rows",
]


def softmax_rows(log_p: FloatArray) -> FloatArray:
    """Normalize row-wise log-probabilities into probabilities."""
    p = np.exp(log_p - log_p.max(axis=1, keepdims=True))
    return np.asarray(p / p.sum(axis=1, keepdims=True), np.float64)


def confusion_counts(answers: Answers, probs: FloatArray) -> FloatArray:
    """Expected counts[w, k, l]: worker w answered l on tasks whose truth is k."""
    W, K = answers.n_workers, answers.n_classes
    cell = answers.worker * K + answers.label
    counts = np.empty((W, K, K))
    for k in range(K):
        counts[:, k, :] = np.bincount(cell, weights=probs[answers.task, k],
                                      minlength=W * K).reshape(W, K)
    return counts


def _check_smoothing(owner: str, smoothing: float) -> float:
    if not (isinstance(smoothing, (int, float)) and smoothing >= 0):
        raise ConfigError(f"{owner}: smoothing={smoothing!r} must be ≥ 0",
                          hint="use e.g. smoothing=0.01")
    return float(smoothing)


def class_posteriors(answers: Answers, log_prior: FloatArray, log_confusion: FloatArray,
                     gold_tasks: IntArray, gold_labels: IntArray) -> FloatArray:
    """E-step of the Dawid-Skene family: each task's class posterior, gold clamped.

    Args:
        answers: The answers.
        log_prior: Log class prior, shape (classes,).
        log_confusion: Log confusion per worker, shape (workers, true, answered).
        gold_tasks: Tasks whose truth is known.
        gold_labels: Their labels.
    """
    per_answer = log_confusion[answers.worker, :, answers.label]
    probs = softmax_rows(log_prior + task_sums(per_answer, answers.task, answers.n_tasks))
    return clamp_gold(probs, gold_tasks, gold_labels)


def initial_posteriors(answers: Answers, gold_tasks: IntArray, gold_labels: IntArray) -> FloatArray:
    """Majority-vote posteriors with gold tasks clamped: the EM starting point."""
    probs = normalize_rows(weighted_votes(answers, np.ones(answers.n_workers)))
    return clamp_gold(probs, gold_tasks, gold_labels)


class _SmoothedEM(EMAggregator[P]):
    """Dawid-Skene's two forms: a smoothing pseudo-count, and a start from the vote
    shares (gold clamped) followed by an M-step that reads no previous parameters."""

    def __init__(self, *, smoothing: float = 0.01, tol: float = 1e-5, max_iter: int = 100,
                 seed: int = 0) -> None:
        super().__init__(tol=tol, max_iter=max_iter, seed=seed)
        self.smoothing = _check_smoothing(type(self).__name__, smoothing)

    def _start(self, answers: Answers, gold: tuple[IntArray, IntArray],
               rng: np.random.Generator) -> tuple[FloatArray, P]:
        start = initial_posteriors(answers, *gold)
        return start, self._m_step(answers, start, cast(P, None))


class DawidSkene(_SmoothedEM["_Confusions"]):
    """Dawid-Skene EM with a full confusion matrix per worker.

    Reliability is the worker's expected accuracy, Σ_k prior_k · π_w[k, k].

    Args:
        smoothing: pseudo-count added to every confusion cell and the class prior, so
            unseen (worker, class) pairs do not give log 0.
        tol: stop when no task posterior moves by more than this.
        max_iter: the most EM iterations.
        seed: seeds tie-breaking.
    """

    name = "DawidSkene"
    refit_at_end = True

    def _m_step(self, answers: Answers, probs: FloatArray,
                params: _Confusions | None) -> _Confusions:
        prior = probs.sum(axis=0) + self.smoothing
        prior /= prior.sum()
        counts = confusion_counts(answers, probs) + self.smoothing
        confusion = counts / np.maximum(counts.sum(axis=2, keepdims=True), 1e-300)
        return prior, confusion

    def _e_step(self, answers: Answers, params: _Confusions,
                gold: tuple[IntArray, IntArray]) -> tuple[FloatArray, _Confusions]:
        prior, confusion = params
        return class_posteriors(answers, np.log(prior), np.log(np.maximum(confusion, 1e-300)),
                                *gold), params

    def _report(self, answers: Answers, probs: FloatArray,
                params: _Confusions) -> tuple[FloatArray, FloatArray]:
        prior, confusion = params
        return probs, np.einsum("k,wkk->w", prior, confusion)


class OneCoinDawidSkene(_SmoothedEM[FloatArray]):
    """Dawid-Skene with one accuracy per worker; errors spread evenly over other classes.

    Reliability is the worker's estimated accuracy p_w.

    Args:
        smoothing: pseudo-count added to each worker's right and wrong answer counts.
        tol: stop when no task posterior moves by more than this.
        max_iter: the most EM iterations.
        seed: seeds tie-breaking.
    """

    name = "OneCoinDawidSkene"
    refit_at_end = True

    def _m_step(self, answers: Answers, probs: FloatArray,
                params: FloatArray | None) -> FloatArray:
        right = np.bincount(answers.worker, weights=probs[answers.task, answers.label],
                            minlength=answers.n_workers)
        n = np.bincount(answers.worker, minlength=answers.n_workers)
        skill = (right + self.smoothing) / (n + 2 * self.smoothing)
        return np.asarray(np.clip(skill, 1e-6, 1 - 1e-6), np.float64)

    def _e_step(self, answers: Answers, params: FloatArray,
                gold: tuple[IntArray, IntArray]) -> tuple[FloatArray, FloatArray]:
        K = answers.n_classes
        p = params[answers.worker][:, None]
        per_answer = np.where(answers.answered, np.log(p),
                              np.log((1 - p) / max(K - 1, 1)))
        new = softmax_rows(task_sums(per_answer, answers.task, answers.n_tasks))
        return clamp_gold(new, *gold), params

    def _report(self, answers: Answers, probs: FloatArray,
                params: FloatArray) -> tuple[FloatArray, FloatArray]:
        return probs, params
