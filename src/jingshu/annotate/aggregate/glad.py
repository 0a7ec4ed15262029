"""GLAD: worker expertise and task difficulty, by EM.

Whitehill, Ruvolo, Wu, Bergsma & Movellan, "Whose Vote Should Count More: Optimal
Integration of Labels from Labelers of Unknown Expertise", NIPS 2009. Worker i has
ability α_i, task j has inverse difficulty β_j = exp(b_j) > 0; the chance the worker
answers the task correctly is σ(α_i β_j), wrong answers spread evenly over the other
classes. The E step gives task posteriors; the M step takes a few gradient-ascent
steps on the expected log-likelihood with Gaussian priors on α and b (as in the
paper's reference code). The class prior is uniform, as in the paper.
"""

from __future__ import annotations

import numpy as np

from jingshu.annotate.aggregate.base import (
    Answers,
    EMAggregator,
    FloatArray,
    IntArray,
    clamp_gold,
    task_sums,
)
from jingshu.annotate.aggregate.dawid_skene import initial_posteriors, softmax_rows
from jingshu.errors import ConfigError

__all__ = ["GLAD"]

_Abilities = tuple[FloatArray, FloatArray]  # α per worker, b per task


def _log_sigmoid(x: FloatArray) -> FloatArray:
    return np.asarray(-np.logaddexp(0.0, -x), np.float64)


class GLAD(EMAggregator[_Abilities]):
    """GLAD (Whitehill et al. 2009): per-worker ability α and per-task difficulty.

    Reliability is α (0 is random, negative is adversarial).

    Args:
        m_steps: gradient-ascent steps per M step.
        learning_rate: step size, per answer of the parameter (steps are averaged
            over each parameter's answers, so one rate suits any volume).
        alpha_prior: prior mean of α (Gaussian, variance 1).
        beta_prior: prior mean of b = log β (Gaussian, variance 1).
        tol: stop when no task posterior moves by more than this.
        max_iter: the most EM iterations.
        seed: seeds tie-breaking.
    """

    name = "GLAD"

    def __init__(self, *, m_steps: int = 5, learning_rate: float = 0.5,
                 alpha_prior: float = 1.0, beta_prior: float = 1.0, tol: float = 1e-5,
                 max_iter: int = 100, seed: int = 0) -> None:
        super().__init__(tol=tol, max_iter=max_iter, seed=seed)
        if not (isinstance(m_steps, int) and m_steps >= 1):
            raise ConfigError(f"GLAD: m_steps={m_steps!r} must be an int ≥ 1", hint="use 5")
        if not (isinstance(learning_rate, (int, float)) and learning_rate > 0):
            raise ConfigError(f"GLAD: learning_rate={learning_rate!r} must be > 0",
                              hint="use 0.5")
        self.m_steps = m_steps
        self.learning_rate = float(learning_rate)
        self.alpha_prior = float(alpha_prior)
        self.beta_prior = float(beta_prior)

    def _start(self, answers: Answers, gold: tuple[IntArray, IntArray],
               rng: np.random.Generator) -> tuple[FloatArray, _Abilities]:
        start = initial_posteriors(answers, *gold)
        abilities = (np.full(answers.n_workers, self.alpha_prior),
                     np.full(answers.n_tasks, self.beta_prior))
        return start, self._m_step(answers, start, abilities)

    def _m_step(self, answers: Answers, probs: FloatArray,
                params: _Abilities) -> _Abilities:
        alpha, b = params
        hit = probs[answers.task, answers.label]
        n_w = np.bincount(answers.worker, minlength=answers.n_workers) + 1.0
        n_t = np.bincount(answers.task, minlength=answers.n_tasks) + 1.0
        for _ in range(self.m_steps):
            beta = np.exp(b[answers.task])
            a = alpha[answers.worker]
            x = a * beta
            d = hit - 1.0 / (1.0 + np.exp(-x))
            g_alpha = np.bincount(answers.worker, weights=d * beta,
                                  minlength=answers.n_workers) - (alpha - self.alpha_prior)
            g_b = np.bincount(answers.task, weights=d * x,
                              minlength=answers.n_tasks) - (b - self.beta_prior)
            alpha = alpha + self.learning_rate * g_alpha / n_w
            b = np.clip(b + self.learning_rate * g_b / n_t, -5.0, 5.0)
        return alpha, b

    def _e_step(self, answers: Answers, params: _Abilities,
                gold: tuple[IntArray, IntArray]) -> tuple[FloatArray, _Abilities]:
        K = answers.n_classes
        alpha, b = params
        x = (alpha[answers.worker] * np.exp(b[answers.task]))[:, None]
        per_answer = np.where(answers.answered, _log_sigmoid(x),
                              _log_sigmoid(-x) - np.log(max(K - 1, 1)))
        new = softmax_rows(task_sums(per_answer, answers.task, answers.n_tasks))
        return clamp_gold(new, *gold), params

    def _report(self, answers: Answers, probs: FloatArray,
                params: _Abilities) -> tuple[FloatArray, FloatArray]:
        return probs, params[0]
