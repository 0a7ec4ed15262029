"""Hierarchical Dawid-Skene: worker confusion matrices shrunk towards a learned population.

Dawid & Skene (Applied Statistics 28(1), 1979) give every worker a free K × K
confusion matrix. With few answers per worker those matrices are noisy. The
hierarchical model ("HierD&S" in Paun, Carpenter, Chamberlain, Hovy, Kruschwitz &
Poesio, "Comparing Bayesian Models of Annotation", TACL 6, 2018) draws every row k of
every worker's matrix from one population Dirichlet(α_k). Here α is not chosen by
hand: each EM iteration re-estimates it by empirical Bayes, maximizing the
Dirichlet-multinomial (Pólya) likelihood of all workers' expected counts with Minka's
fixed point (Minka, "Estimating a Dirichlet distribution", 2000, eq. 55). The
confusion matrices are then the posterior means (n_wk + α_k) / (N_wk + Σα_k): a worker
seen on few tasks looks like the population, a busy worker like himself, and how
strongly the population pulls is itself learnt from the data.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma

from jingshu.annotate.aggregate.base import (
    Answers,
    EMAggregator,
    FloatArray,
    IntArray,
)
from jingshu.annotate.aggregate.dawid_skene import (
    class_posteriors,
    confusion_counts,
    initial_posteriors,
)
from jingshu.errors import ConfigError

__all__ = ["MAX_PRECISION", "MIN_PSEUDO_COUNT", "HierarchicalDawidSkene", "fit_population_prior"]

_Population = tuple[FloatArray, FloatArray, FloatArray]  # class prior, confusions, population α

MIN_PSEUDO_COUNT = 1e-2
"""Smallest population pseudo-count, so no confusion cell becomes exactly 0."""
MAX_PRECISION = 1e4
"""Largest Σα_k: beyond it every worker would be the same (full pooling)."""


def _polya_step(counts: FloatArray, alpha: FloatArray) -> FloatArray:
    """One Minka fixed-point step for every row k of ``alpha`` (K × K)."""
    totals = counts.sum(axis=2)
    precision = alpha.sum(axis=1)
    per_cell = digamma(counts + alpha) - digamma(np.broadcast_to(alpha, counts.shape))
    per_row = digamma(totals + precision) - digamma(np.broadcast_to(precision, totals.shape))
    num, den = per_cell.sum(axis=0), per_row.sum(axis=0)
    # A row seen through fewer than two workers has no spread to fit a Dirichlet to
    # (one worker's counts drive the fixed point to a degenerate α): keep it as it is.
    fitted = (den > 0) & ((totals > 1e-9).sum(axis=0) >= 2)
    new = np.where(fitted[:, None], alpha * num / np.maximum(den[:, None], 1e-300), alpha)
    new = np.maximum(new, MIN_PSEUDO_COUNT)
    scale = np.minimum(1.0, MAX_PRECISION / new.sum(axis=1, keepdims=True))
    return np.asarray(new * scale, np.float64)


def fit_population_prior(counts: FloatArray, start: FloatArray, *, steps: int = 20,
                         tol: float = 1e-4) -> FloatArray:
    """Empirical-Bayes Dirichlet parameters α[k, l] of the workers' confusion rows.

    Args:
        counts: expected counts[w, k, l] (worker w answered l on tasks of truth k).
        start: the α to start from (K × K), e.g. the previous EM iteration's.
        steps: the most fixed-point steps.
        tol: stop when no α moves by more than this fraction of its row's precision.
    """
    alpha = np.asarray(start, np.float64)
    for _ in range(steps):
        new = _polya_step(counts, alpha)
        moved = np.abs(new - alpha).max(axis=1) / new.sum(axis=1)
        alpha = new
        if float(moved.max()) < tol:
            break
    return alpha


class HierarchicalDawidSkene(EMAggregator[_Population]):
    """Dawid-Skene with a population prior on confusion rows, fitted by empirical Bayes.

    Reliability is the worker's expected accuracy, Σ_k prior_k · π_w[k, k].

    Args:
        class_prior: Dirichlet pseudo-count on each class proportion.
        prior_steps: the most Minka fixed-point steps per EM iteration (warm-started).
        tol: stop when no task posterior moves by more than this.
        max_iter: the most EM iterations.
        seed: seeds tie-breaking.
    """

    name = "HierarchicalDawidSkene"
    refit_at_end = True

    def __init__(self, *, class_prior: float = 1.0, prior_steps: int = 20, tol: float = 1e-5,
                 max_iter: int = 100, seed: int = 0) -> None:
        super().__init__(tol=tol, max_iter=max_iter, seed=seed)
        if isinstance(class_prior, bool) or not (isinstance(class_prior, (int, float))
                                                 and class_prior > 0):
            raise ConfigError(f"HierarchicalDawidSkene: class_prior={class_prior!r} must be > 0",
                              hint="a Dirichlet pseudo-count is positive, e.g. 1.0")
        if isinstance(prior_steps, bool) or not (isinstance(prior_steps, int)
                                                 and prior_steps >= 1):
            raise ConfigError(f"HierarchicalDawidSkene: prior_steps={prior_steps!r} must be "
                              "an int ≥ 1", hint="use e.g. prior_steps=20")
        self.class_prior = float(class_prior)
        self.prior_steps = prior_steps

    def _start(self, answers: Answers, gold: tuple[IntArray, IntArray],
               rng: np.random.Generator) -> tuple[FloatArray, _Population]:
        # Start from workers better than chance (pseudo-count 2 on the diagonal, 1 off
        # it): a class nobody answered keeps this row, so answering another class is
        # evidence against it rather than a coin toss that can outvote every answer.
        K = answers.n_classes
        alpha = np.ones((K, K)) + np.eye(K)
        start = initial_posteriors(answers, *gold)
        no_prior = np.empty(0)  # the M-step reads only α from the previous parameters
        return start, self._m_step(answers, start, (no_prior, no_prior, alpha))

    def _m_step(self, answers: Answers, probs: FloatArray,
                params: _Population) -> _Population:
        counts = confusion_counts(answers, probs)
        alpha = fit_population_prior(counts, params[2], steps=self.prior_steps)
        cells = counts + alpha
        confusion = cells / cells.sum(axis=2, keepdims=True)
        prior = probs.sum(axis=0) + self.class_prior
        return prior / prior.sum(), confusion, alpha

    def _e_step(self, answers: Answers, params: _Population,
                gold: tuple[IntArray, IntArray]) -> tuple[FloatArray, _Population]:
        prior, confusion, _ = params
        return class_posteriors(answers, np.log(prior), np.log(confusion), *gold), params

    def _report(self, answers: Answers, probs: FloatArray,
                params: _Population) -> tuple[FloatArray, FloatArray]:
        prior, confusion, _ = params
        return probs, np.einsum("k,wkk->w", prior, confusion)
