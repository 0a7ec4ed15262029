"""MACE: Multi-Annotator Competence Estimation, by EM.

Hovy, Berg-Kirkpatrick, Vaswani & Hovy, "Learning Whom to Trust with MACE", NAACL
2013. Each worker j is competent with probability θ_j; a competent worker answers the
truth, a spamming one draws from their own label distribution ξ_j. So a worker who
always answers "yes" is spotted as a spammer instead of trusted. The truth prior is
uniform, as in the paper. EM starts from the majority-vote posteriors; with
``n_restarts`` > 1 extra random starts (seeded) are run and the one with the highest
log-likelihood kept, as the paper does.
"""

from __future__ import annotations

import numpy as np

from jingshu.annotate.aggregate.base import (
    Answers,
    CategoricalAggregator,
    Estimate,
    FloatArray,
    IntArray,
    clamp_gold,
    task_sums,
)
from jingshu.annotate.aggregate.dawid_skene import initial_posteriors, softmax_rows
from jingshu.errors import ConfigError

__all__ = ["MACE"]


class MACE(CategoricalAggregator):
    """MACE (Hovy et al. 2013): competence θ and spamming strategy ξ per worker.

    Reliability is θ, the probability the worker answers from knowledge.

    Args:
        smoothing: pseudo-count added to competence and spam-label counts.
        n_restarts: EM runs; the first starts from majority vote, the rest at random.
        tol: stop when no task posterior moves by more than this.
        max_iter: the most EM iterations per run.
        seed: seeds the random starts and tie-breaking.
    """

    name = "MACE"

    def __init__(self, *, smoothing: float = 0.01, n_restarts: int = 1, tol: float = 1e-5,
                 max_iter: int = 100, seed: int = 0) -> None:
        super().__init__(tol=tol, max_iter=max_iter, seed=seed)
        if not (isinstance(smoothing, (int, float)) and smoothing >= 0):
            raise ConfigError(f"MACE: smoothing={smoothing!r} must be ≥ 0", hint="use 0.01")
        if not (isinstance(n_restarts, int) and n_restarts >= 1):
            raise ConfigError(f"MACE: n_restarts={n_restarts!r} must be an int ≥ 1",
                              hint="use 1 (or 10 as in the paper)")
        self.smoothing = float(smoothing)
        self.n_restarts = n_restarts

    def _m_step(self, answers: Answers, probs: FloatArray, theta: FloatArray,
                xi: FloatArray) -> tuple[FloatArray, FloatArray]:
        W, K = answers.n_workers, answers.n_classes
        t = theta[answers.worker]
        s = xi[answers.worker, answers.label]
        competent = probs[answers.task, answers.label] * t / (t + (1 - t) * s)
        n = np.bincount(answers.worker, minlength=W)
        c = np.bincount(answers.worker, weights=competent, minlength=W)
        theta = (c + self.smoothing) / (n + 2 * self.smoothing)
        spam = np.bincount(answers.worker * K + answers.label, weights=1.0 - competent,
                           minlength=W * K).reshape(W, K) + self.smoothing
        xi = spam / spam.sum(axis=1, keepdims=True)
        return np.clip(theta, 1e-6, 1 - 1e-6), xi

    def _run(self, answers: Answers, probs: FloatArray, theta: FloatArray, xi: FloatArray,
             gold: tuple[IntArray, IntArray]) -> tuple[Estimate, float]:
        K = answers.n_classes
        onehot = np.eye(K)[answers.label]
        iterations, converged, loglik = self.max_iter, False, -np.inf
        for it in range(1, self.max_iter + 1):
            theta, xi = self._m_step(answers, probs, theta, xi)
            t = theta[answers.worker][:, None]
            lik = t * onehot + (1 - t) * xi[answers.worker, answers.label][:, None]
            log_p = task_sums(np.log(lik), answers.task, answers.n_tasks)
            top = log_p.max(axis=1)
            loglik = float((top + np.log(np.exp(log_p - top[:, None]).sum(axis=1))).sum())
            new = clamp_gold(softmax_rows(log_p), *gold)
            delta = float(np.abs(new - probs).max())
            probs = new
            if delta < self.tol:
                iterations, converged = it, True
                break
        return Estimate(probs, theta, iterations, converged), loglik

    def _estimate(self, answers: Answers, gold_tasks: IntArray, gold_labels: IntArray,
                  rng: np.random.Generator) -> Estimate:
        W, K = answers.n_workers, answers.n_classes
        gold = (gold_tasks, gold_labels)
        start = initial_posteriors(answers, gold_tasks, gold_labels)
        best, best_ll = self._run(answers, start, np.full(W, 0.5), np.full((W, K), 1.0 / K),
                                  gold)
        for _ in range(self.n_restarts - 1):
            probs = clamp_gold(rng.dirichlet(np.ones(K), size=answers.n_tasks), *gold)
            xi = rng.dirichlet(np.ones(K), size=W)
            est, ll = self._run(answers, probs, rng.uniform(0.3, 0.9, W), xi, gold)
            if ll > best_ll:
                best, best_ll = est, ll
        return best
