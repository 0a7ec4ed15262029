"""EBCC: Enhanced Bayesian Classifier Combination, by mean-field variational Bayes.

Li, Rubinstein & Cohn, "Exploiting Worker Correlation for Label Aggregation in
Crowdsourcing", ICML 2019. iBCC (Kim & Ghahramani 2012) assumes workers err
independently given the truth. EBCC splits every true class k into M latent subtypes
(g_i ∈ 1..M, drawn from π_k ~ Dirichlet(a_π / M)) and gives every worker one confusion
row per (class, subtype), v_jkm ~ Dirichlet(β_k) with β_k = b_v everywhere and a_v on
the true class. Items of one subtype are those a group of workers gets wrong together,
so correlated mistakes are explained by the subtype instead of being counted as
independent evidence. The class proportions τ ~ Dirichlet(α) with α the answers' label
counts per task summed (the paper's "empirical prior").

Variational updates (paper §3.2), written over a sparse (worker, answered label) ×
task count matrix so one iteration is a few sparse products:
q(z_i = k, g_i = m) ∝ exp(E ln τ_k + E ln π_km + Σ_j E ln v_jkm[y_ij]).
The defaults (M = 10, a_π = 0.1, a_v = 4, b_v = 1) are the paper's.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.special import digamma

from jingshu.annotate.aggregate.base import (
    Answers,
    CategoricalAggregator,
    Estimate,
    FloatArray,
    IntArray,
    clamp_gold,
)
from jingshu.annotate.aggregate.dawid_skene import initial_posteriors
from jingshu.errors import ConfigError

__all__ = ["EBCC", "answer_matrix"]


def answer_matrix(answers: Answers) -> sparse.csr_matrix:
    """Counts[(worker, answered label), task]: how often worker answered label on task."""
    rows = answers.worker * answers.n_classes + answers.label
    shape = (answers.n_workers * answers.n_classes, answers.n_tasks)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, answers.task)), shape=shape)


class EBCC(CategoricalAggregator):
    """EBCC (Li, Rubinstein & Cohn 2019): iBCC with M latent subtypes per class.

    Reliability is each worker's expected accuracy under the posterior-mean
    confusion rows, averaged over classes and subtypes with their posterior weights.

    Args:
        subtypes: M, the latent subtypes per class.
        subtype_prior: a_π, the total Dirichlet pseudo-count over a class's subtypes.
        correct_prior: a_v, pseudo-count of each confusion row's true-class cell.
        wrong_prior: b_v, pseudo-count of every other cell.
        tol: stop when no task posterior moves by more than this.
        max_iter: the most VB iterations.
        seed: seeds the random split of the start into subtypes, and tie-breaking.
    """

    name = "EBCC"

    def __init__(self, *, subtypes: int = 10, subtype_prior: float = 0.1,
                 correct_prior: float = 4.0, wrong_prior: float = 1.0, tol: float = 1e-3,
                 max_iter: int = 100, seed: int = 0) -> None:
        super().__init__(tol=tol, max_iter=max_iter, seed=seed)
        if isinstance(subtypes, bool) or not (isinstance(subtypes, int) and subtypes >= 1):
            raise ConfigError(f"EBCC: subtypes={subtypes!r} must be an int ≥ 1", hint="use 10")
        for label, value in (("subtype_prior", subtype_prior), ("correct_prior", correct_prior),
                             ("wrong_prior", wrong_prior)):
            if isinstance(value, bool) or not (isinstance(value, (int, float)) and value > 0):
                raise ConfigError(f"EBCC: {label}={value!r} must be > 0",
                                  hint="Dirichlet pseudo-counts are positive, e.g. 0.1, 4, 1")
        self.subtypes = subtypes
        self.subtype_prior = float(subtype_prior)
        self.correct_prior = float(correct_prior)
        self.wrong_prior = float(wrong_prior)

    def _estimate(self, answers: Answers, gold_tasks: IntArray, gold_labels: IntArray,
                  rng: np.random.Generator) -> Estimate:
        N, W, K, M = answers.n_tasks, answers.n_workers, answers.n_classes, self.subtypes
        counts = answer_matrix(answers)
        by_task = counts.T.tocsr()
        beta = np.full((K, K), self.wrong_prior)
        np.fill_diagonal(beta, self.correct_prior)
        z = initial_posteriors(answers, gold_tasks, gold_labels)
        alpha = z.sum(axis=0)  # empirical prior on τ (the paper's choice)
        zg = rng.dirichlet(np.ones(M), size=(N, K)) * z[:, :, None]

        def step(z: FloatArray) -> FloatArray:
            nonlocal zg
            eta = self.subtype_prior / M + zg.sum(axis=0)
            nu = alpha + z.sum(axis=0)
            # mu[j, l, k, m]: pseudo-counts of worker j answering l on (class k, subtype m)
            mu = np.asarray(counts @ zg.reshape(N, K * M)).reshape(W, K, K, M)
            mu += beta.T[None, :, :, None]
            e_log_v = digamma(mu) - digamma(mu.sum(axis=1, keepdims=True))
            log_zg = np.asarray(by_task @ e_log_v.reshape(W * K, K * M)).reshape(N, K, M)
            log_zg += (digamma(eta) - digamma(eta.sum(axis=1, keepdims=True)))[None]
            log_zg += (digamma(nu) - digamma(nu.sum()))[None, :, None]
            flat = log_zg.reshape(N, K * M)
            flat = np.exp(flat - flat.max(axis=1, keepdims=True))
            zg = (flat / flat.sum(axis=1, keepdims=True)).reshape(N, K, M)
            new = zg.sum(axis=2)
            if len(gold_tasks):
                zg[gold_tasks] *= (np.eye(K)[gold_labels] / np.maximum(new[gold_tasks], 1e-300)
                                   )[:, :, None]
                new = clamp_gold(new, gold_tasks, gold_labels)
            return np.asarray(new, np.float64)

        z, iterations, converged = self.iterate(z, step)
        mu = np.asarray(counts @ zg.reshape(N, K * M)).reshape(W, K, K, M)
        weight = mu.sum(axis=1)  # answers of j on (k, m)
        mu += beta.T[None, :, :, None]
        diag = np.einsum("jkkm->jkm", mu) / mu.sum(axis=1)
        reliability = (diag * weight).sum(axis=(1, 2)) / np.maximum(weight.sum(axis=(1, 2)),
                                                                     1e-300)
        return Estimate(z, reliability, iterations, converged)
