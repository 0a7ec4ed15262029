"""Majority vote and weighted majority vote.

Majority vote is the baseline every survey starts from (Zheng et al., "Truth
Inference in Crowdsourcing: Is the Problem Solved?", VLDB 2017). Weighted majority
weights each worker's vote; without given weights it estimates them as each worker's
agreement with the plain majority (the "Wawa" scheme of Appen/Toloka, reported in
Ustalov et al., "Learning from Crowds with Crowd-Kit", JOSS 2024), iterated until
stable.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np

from jingshu.annotate.aggregate.base import (
    Answers,
    CategoricalAggregator,
    EMAggregator,
    Estimate,
    FloatArray,
    IntArray,
    clamp_gold,
    normalize_rows,
    task_sums,
)
from jingshu.errors import InputError

__all__ = ["MajorityVote", "WeightedMajorityVote", "agreement", "weighted_votes"]


def weighted_votes(answers: Answers, weights: FloatArray) -> FloatArray:
    """Per task and class, the summed weight of the workers who chose it."""
    onehot = np.zeros((len(answers.task), answers.n_classes))
    onehot[np.arange(len(answers.task)), answers.label] = weights[answers.worker]
    return task_sums(onehot, answers.task, answers.n_tasks)


def agreement(answers: Answers, probabilities: FloatArray) -> FloatArray:
    """Per worker, the mean posterior of the class they answered (their expected accuracy)."""
    hit = probabilities[answers.task, answers.label]
    n = np.bincount(answers.worker, minlength=answers.n_workers)
    total = np.bincount(answers.worker, weights=hit, minlength=answers.n_workers)
    return np.asarray(total / np.maximum(n, 1), np.float64)


class MajorityVote(CategoricalAggregator):
    """Each task gets the label most workers gave; confidence is that label's vote share.

    Reliability is each worker's agreement with the majority (gold tasks count at
    their gold label). Ties are broken at random with ``seed``.

    Args:
        seed: seeds tie-breaking.
    """

    name = "MajorityVote"

    def __init__(self, *, seed: int = 0) -> None:
        super().__init__(seed=seed)

    def _estimate(self, answers: Answers, gold_tasks: IntArray, gold_labels: IntArray,
                  rng: np.random.Generator) -> Estimate:
        probs = normalize_rows(weighted_votes(answers, np.ones(answers.n_workers)))
        probs = clamp_gold(probs, gold_tasks, gold_labels)
        return Estimate(probs, agreement(answers, probs))


class WeightedMajorityVote(EMAggregator[FloatArray]):
    """Majority vote with a weight per worker, given or estimated.

    With ``weights`` the vote is one pass. Without, weights start equal and each
    round sets a worker's weight to their agreement with the current weighted
    majority (round one is Wawa), until the posteriors stop moving.

    Args:
        weights: worker id → weight (≥ 0); workers not named get weight 1.
        tol: stop when no posterior moves by more than this.
        max_iter: the most re-weighting rounds.
        seed: seeds tie-breaking.
    """

    name = "WeightedMajorityVote"

    def __init__(self, weights: Mapping[Hashable, float] | None = None, *, tol: float = 1e-5,
                 max_iter: int = 10, seed: int = 0) -> None:
        super().__init__(tol=tol, max_iter=max_iter, seed=seed)
        for worker, weight in (weights or {}).items():
            if not weight >= 0:
                raise InputError(f"weight of worker {worker!r} is {weight!r}",
                                 hint="weights must be numbers ≥ 0")
        self.weights = dict(weights) if weights else None

    def _estimate(self, answers: Answers, gold_tasks: IntArray, gold_labels: IntArray,
                  rng: np.random.Generator) -> Estimate:
        if self.weights is None:
            return super()._estimate(answers, gold_tasks, gold_labels, rng)
        w = np.array([float(self.weights.get(x, 1.0)) for x in answers.workers])
        probs, _ = self._e_step(answers, w, (gold_tasks, gold_labels))
        return Estimate(probs, w)

    def _start(self, answers: Answers, gold: tuple[IntArray, IntArray],
               rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
        probs, w = self._e_step(answers, np.ones(answers.n_workers), gold)
        return probs, self._m_step(answers, probs, w)

    def _e_step(self, answers: Answers, params: FloatArray,
                gold: tuple[IntArray, IntArray]) -> tuple[FloatArray, FloatArray]:
        return clamp_gold(normalize_rows(weighted_votes(answers, params)), *gold), params

    def _m_step(self, answers: Answers, probs: FloatArray, params: FloatArray) -> FloatArray:
        return agreement(answers, probs)

    def _report(self, answers: Answers, probs: FloatArray,
                params: FloatArray) -> tuple[FloatArray, FloatArray]:
        return probs, params
