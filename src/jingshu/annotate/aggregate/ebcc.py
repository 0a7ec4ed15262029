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

from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from scipy.special import digamma

from jingshu.annotate.aggregate.base import (
    Answers,
    EMAggregator,
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


@dataclass(frozen=True)
class _Subtypes:
    """EBCC's variational state: the data, the priors, q(z, g) and the expected logs."""

    counts: sparse.csr_matrix  # (worker, answered label) × task
    by_task: sparse.csr_matrix  # its transpose
    beta: FloatArray  # confusion-row prior, K × K
    alpha: FloatArray  # class-proportion prior
    zg: FloatArray  # q(z_i = k, g_i = m), N × K × M
    e_log_v: FloatArray  # E ln v_jkm[l]
    e_log_pi: FloatArray  # E ln π_km
    e_log_tau: FloatArray  # E ln τ_k


class EBCC(EMAggregator[_Subtypes]):
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

    def _start(self, answers: Answers, gold: tuple[IntArray, IntArray],
               rng: np.random.Generator) -> tuple[FloatArray, _Subtypes]:
        N, K, M = answers.n_tasks, answers.n_classes, self.subtypes
        counts = answer_matrix(answers)
        beta = np.full((K, K), self.wrong_prior)
        np.fill_diagonal(beta, self.correct_prior)
        z = initial_posteriors(answers, *gold)
        zg = rng.dirichlet(np.ones(M), size=(N, K)) * z[:, :, None]
        empty = np.empty(0)
        state = _Subtypes(counts=counts, by_task=counts.T.tocsr(), beta=beta,
                          alpha=z.sum(axis=0),  # empirical prior on τ (the paper's choice)
                          zg=zg, e_log_v=empty, e_log_pi=empty, e_log_tau=empty)
        return z, self._m_step(answers, z, state)

    def _confusion_counts(self, answers: Answers, state: _Subtypes) -> FloatArray:
        """mu[j, l, k, m]: answers of worker j with label l on (class k, subtype m)."""
        N, W, K, M = answers.n_tasks, answers.n_workers, answers.n_classes, self.subtypes
        return np.asarray(state.counts @ state.zg.reshape(N, K * M)).reshape(W, K, K, M)

    def _m_step(self, answers: Answers, probs: FloatArray, params: _Subtypes) -> _Subtypes:
        eta = self.subtype_prior / self.subtypes + params.zg.sum(axis=0)
        nu = params.alpha + probs.sum(axis=0)
        mu = self._confusion_counts(answers, params)
        mu += params.beta.T[None, :, :, None]
        return replace(params, e_log_v=digamma(mu) - digamma(mu.sum(axis=1, keepdims=True)),
                       e_log_pi=digamma(eta) - digamma(eta.sum(axis=1, keepdims=True)),
                       e_log_tau=digamma(nu) - digamma(nu.sum()))

    def _e_step(self, answers: Answers, params: _Subtypes,
                gold: tuple[IntArray, IntArray]) -> tuple[FloatArray, _Subtypes]:
        N, W, K, M = answers.n_tasks, answers.n_workers, answers.n_classes, self.subtypes
        log_zg = np.asarray(params.by_task @ params.e_log_v.reshape(W * K, K * M)
                            ).reshape(N, K, M)
        log_zg += params.e_log_pi[None]
        log_zg += params.e_log_tau[None, :, None]
        flat = log_zg.reshape(N, K * M)
        flat = np.exp(flat - flat.max(axis=1, keepdims=True))
        zg = (flat / flat.sum(axis=1, keepdims=True)).reshape(N, K, M)
        new = zg.sum(axis=2)
        gold_tasks, gold_labels = gold
        if len(gold_tasks):
            zg[gold_tasks] *= (np.eye(K)[gold_labels] / np.maximum(new[gold_tasks], 1e-300)
                               )[:, :, None]
            new = clamp_gold(new, gold_tasks, gold_labels)
        return np.asarray(new, np.float64), replace(params, zg=zg)

    def _report(self, answers: Answers, probs: FloatArray,
                params: _Subtypes) -> tuple[FloatArray, FloatArray]:
        mu = self._confusion_counts(answers, params)
        weight = mu.sum(axis=1)  # answers of j on (k, m)
        mu += params.beta.T[None, :, :, None]
        diag = np.einsum("jkkm->jkm", mu) / mu.sum(axis=1)
        reliability = (diag * weight).sum(axis=(1, 2)) / np.maximum(weight.sum(axis=(1, 2)),
                                                                     1e-300)
        return probs, reliability
