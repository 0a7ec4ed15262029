"""BWA: Bayesian weighted averaging, by mean-field variational Bayes.

Li, Rubinstein & Cohn, "Truth Inference at Scale: A Bayesian Model for Adjudicating
Highly Redundant Crowd Annotations", WWW 2019. Every answer is a one-hot vector
y_ij ∈ {0, 1}^K, modelled as the task's truth vector μ_i plus Gaussian noise of the
worker's precision v_j: y_ij ~ N(μ_i, v_j⁻¹ I), μ_i ~ N(μ₀, λ⁻¹ I), v_j ~ Gamma(a, b),
with μ₀ the answers' label frequencies. The updates are closed form: the truth is a
precision-weighted average of the votes shrunk towards μ₀, and a worker's precision is
(a + K n_j / 2) / (b + ½ Σ_i E‖y_ij − μ_i‖²). It has one scalar per worker, so it
stays stable where a full confusion matrix per worker (Dawid-Skene) overfits.
"""

from __future__ import annotations

import numpy as np

from jingshu.annotate.aggregate.base import (
    Answers,
    EMAggregator,
    FloatArray,
    IntArray,
    clamp_gold,
    normalize_rows,
)
from jingshu.annotate.aggregate.majority import weighted_votes
from jingshu.errors import ConfigError

__all__ = ["BWA"]

_Precisions = tuple[FloatArray, FloatArray, FloatArray]  # v per worker, truth variance, μ₀


class BWA(EMAggregator[_Precisions]):
    """Bayesian weighted averaging (Li, Rubinstein & Cohn 2019) of one-hot answers.

    Reliability is the posterior-mean precision E[v_j] of the worker's answers.

    Args:
        precision_shape: a, the Gamma prior's shape on worker precision.
        precision_rate: b, the Gamma prior's rate.
        truth_precision: λ, how strongly a task's truth is pulled towards the label
            frequencies (in units of one worker's precision).
        tol: stop when no task posterior moves by more than this.
        max_iter: the most iterations.
        seed: seeds tie-breaking.
    """

    name = "BWA"

    def __init__(self, *, precision_shape: float = 2.0, precision_rate: float = 1.0,
                 truth_precision: float = 1.0, tol: float = 1e-5, max_iter: int = 100,
                 seed: int = 0) -> None:
        super().__init__(tol=tol, max_iter=max_iter, seed=seed)
        for label, value in (("precision_shape", precision_shape),
                             ("precision_rate", precision_rate),
                             ("truth_precision", truth_precision)):
            if isinstance(value, bool) or not (isinstance(value, (int, float)) and value > 0):
                raise ConfigError(f"BWA: {label}={value!r} must be > 0",
                                  hint="Gamma/Gaussian prior parameters are positive, e.g. 2, 1")
        self.precision_shape = float(precision_shape)
        self.precision_rate = float(precision_rate)
        self.truth_precision = float(truth_precision)

    def _start(self, answers: Answers, gold: tuple[IntArray, IntArray],
               rng: np.random.Generator) -> tuple[FloatArray, _Precisions]:
        mu0 = np.bincount(answers.label, minlength=answers.n_classes) / len(answers.label)
        mean, params = self._e_step(answers, (np.ones(answers.n_workers), np.empty(0), mu0),
                                    gold)
        return mean, self._m_step(answers, mean, params)

    def _e_step(self, answers: Answers, params: _Precisions,
                gold: tuple[IntArray, IntArray]) -> tuple[FloatArray, _Precisions]:
        """Posterior mean of every task's truth vector (and its variance, kept in params)."""
        v, _, mu0 = params
        votes = weighted_votes(answers, v)
        precision = self.truth_precision + votes.sum(axis=1)
        mean = (self.truth_precision * mu0[None, :] + votes) / precision[:, None]
        return clamp_gold(mean, *gold), (v, 1.0 / precision, mu0)

    def _m_step(self, answers: Answers, probs: FloatArray, params: _Precisions) -> _Precisions:
        """Posterior mean of every worker's precision."""
        _, var, mu0 = params
        K = answers.n_classes
        sq = (probs[answers.task] ** 2).sum(axis=1) - 2 * probs[answers.task, answers.label] + 1
        sq += K * var[answers.task]
        n = np.bincount(answers.worker, minlength=answers.n_workers)
        err = np.bincount(answers.worker, weights=sq, minlength=answers.n_workers)
        v = np.asarray((self.precision_shape + K * n / 2) / (self.precision_rate + err / 2),
                       np.float64)
        return v, var, mu0

    def _report(self, answers: Answers, probs: FloatArray,
                params: _Precisions) -> tuple[FloatArray, FloatArray]:
        return normalize_rows(np.maximum(probs, 0.0)), params[0]
