"""Numeric answers (ratings, scores): mean, median and a worker-bias model.

The mean and median are the baselines of Zheng et al., VLDB 2017 (the mean is their
best on N_Emotion). :class:`WorkerBiasModel` assumes each answer is the truth plus
the worker's constant bias plus Gaussian noise of the worker's own variance,
y = z_t + b_w + ε, ε ~ N(0, σ_w²) — the additive-bias model of Welinder & Perona,
"Online crowdsourcing: rating annotators and obtaining cost-effective labels", CVPR
Workshops 2010, and the Gaussian worker model of Raykar et al., "Learning From
Crowds", JMLR 2010 — fitted by alternating maximization (EM with point estimates).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from jingshu.annotate.aggregate.base import (
    FloatArray,
    Ids,
    IntArray,
    check_loop,
    column,
    converge,
    encode,
)
from jingshu.errors import ConfigError, InputError

__all__ = ["NumericAnswers", "NumericMean", "NumericMedian", "NumericResult", "WorkerBiasModel"]


@dataclass(frozen=True, eq=False)
class NumericAnswers:
    """Numeric crowd answers.

    Args:
        task: task code per answer.
        worker: worker code per answer.
        value: the number answered.
        tasks: task ids, sorted.
        workers: worker ids, sorted.
    """

    task: IntArray
    worker: IntArray
    value: FloatArray
    tasks: tuple[Hashable, ...]
    workers: tuple[Hashable, ...]

    @classmethod
    def from_lists(cls, tasks: Ids, workers: Ids, values: Ids) -> NumericAnswers:
        """Numeric answers from three equally long sequences.

        Args:
            tasks: task id per answer.
            workers: worker id per answer.
            values: the number per answer.
        """
        if not len(tasks) == len(workers) == len(values):
            raise InputError("tasks, workers and values differ in length",
                             hint="give one task, worker and value per answer")
        if not len(tasks):
            raise InputError("there are no answers", hint="give at least one answer")
        numbers = np.empty(len(values))
        for row, v in enumerate(values):
            try:
                numbers[row] = float(v)
            except (TypeError, ValueError):
                raise InputError(f"answer row {row}: value {v!r} is not a number",
                                 hint="numeric methods need numbers; use a categorical "
                                      "method for labels") from None
            if not math.isfinite(numbers[row]):
                raise InputError(f"answer row {row}: value {v!r} is not finite",
                                 hint="drop missing or infinite answers")
        t, task_names = encode(tasks, "task")
        w, worker_names = encode(workers, "worker")
        return cls(t, w, numbers, task_names, worker_names)

    @classmethod
    def from_frame(cls, frame: Any, *, task: str = "task", worker: str = "worker",
                   value: str = "label") -> NumericAnswers:
        """Numeric answers from a pyarrow Table or pandas DataFrame.

        Args:
            frame: the table, one answer per row.
            task: the task id column.
            worker: the worker id column.
            value: the value column.
        """
        return cls.from_lists(column(frame, task), column(frame, worker), column(frame, value))


@dataclass(frozen=True, eq=False)
class NumericResult:
    """What a numeric aggregator infers.

    Args:
        method: the aggregator's name.
        tasks: task ids.
        values: the estimate per task.
        uncertainty: standard error of each estimate (0 where unknown).
        workers: worker ids.
        reliability: per worker, the inverse noise variance 1/σ_w².
        bias: per worker, the estimated additive bias (0 for mean and median).
        iterations: iterations run.
        converged: whether the tolerance was reached.
    """

    method: str
    tasks: tuple[Hashable, ...]
    values: FloatArray
    uncertainty: FloatArray
    workers: tuple[Hashable, ...]
    reliability: FloatArray
    bias: FloatArray
    iterations: int = 0
    converged: bool = True

    def as_dict(self) -> dict[Hashable, float]:
        """Task id → estimate."""
        return {t: float(v) for t, v in zip(self.tasks, self.values, strict=True)}


def _per_task(answers: NumericAnswers, x: FloatArray, weights: FloatArray) -> FloatArray:
    n = answers.task.max() + 1
    num = np.bincount(answers.task, weights=x * weights, minlength=n)
    den = np.bincount(answers.task, weights=weights, minlength=n)
    return np.asarray(num / den, np.float64)


def _noise(answers: NumericAnswers, residual: FloatArray, prior: float) -> FloatArray:
    n_w = len(answers.workers)
    sq = np.bincount(answers.worker, weights=residual**2, minlength=n_w)
    n = np.bincount(answers.worker, minlength=n_w)
    overall = float((residual**2).mean()) + 1e-9
    return np.asarray((sq + prior * overall) / (n + prior), np.float64)


def _check(answers: object) -> NumericAnswers:
    if not isinstance(answers, NumericAnswers):
        raise InputError(f"numeric methods need NumericAnswers, got {type(answers).__name__}",
                         hint="build it with NumericAnswers.from_lists")
    return answers


def _result(name: str, a: NumericAnswers, values: FloatArray, variance: FloatArray,
            bias: FloatArray, iterations: int = 0, converged: bool = True) -> NumericResult:
    w = 1.0 / variance[a.worker]
    se = 1.0 / np.sqrt(np.bincount(a.task, weights=w, minlength=len(a.tasks)))
    return NumericResult(name, a.tasks, values, se, a.workers, 1.0 / variance, bias,
                         iterations, converged)


class NumericMean:
    """Each task's estimate is the mean of its answers."""

    name = "NumericMean"

    def fit(self, answers: NumericAnswers) -> NumericResult:
        """Average the answers per task.

        Args:
            answers: the numeric answers.
        """
        a = _check(answers)
        values = _per_task(a, a.value, np.ones(len(a.value)))
        variance = _noise(a, a.value - values[a.task], 1.0)
        return _result(self.name, a, values, variance, np.zeros(len(a.workers)))


class NumericMedian:
    """Each task's estimate is the median of its answers (robust to outliers)."""

    name = "NumericMedian"

    def fit(self, answers: NumericAnswers) -> NumericResult:
        """Take the median of the answers per task.

        Args:
            answers: the numeric answers.
        """
        a = _check(answers)
        order = np.lexsort((a.value, a.task))
        counts = np.bincount(a.task, minlength=len(a.tasks))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        low = a.value[order][starts + (counts - 1) // 2]
        high = a.value[order][starts + counts // 2]
        values = np.asarray((low + high) / 2.0, np.float64)
        variance = _noise(a, a.value - values[a.task], 1.0)
        return _result(self.name, a, values, variance, np.zeros(len(a.workers)))


class WorkerBiasModel:
    """Truth + per-worker additive bias + per-worker Gaussian noise, fitted by EM.

    Each round: truth = precision-weighted mean of bias-corrected answers (gold tasks
    held at gold); bias = shrunk mean residual per worker, centred so biases average
    to zero over answers; noise variance = shrunk mean squared residual.

    Args:
        bias_shrinkage: pseudo-answers pulling each bias towards 0, or with gold
            towards the bias seen on the gold tasks (a worker with few answers keeps it).
        noise_shrinkage: pseudo-answers pulling each noise variance towards the overall one.
        tol: stop when no estimate moves by more than this (in answer units).
        max_iter: the most rounds.
    """

    name = "WorkerBiasModel"

    def __init__(self, *, bias_shrinkage: float = 5.0, noise_shrinkage: float = 5.0,
                 tol: float = 1e-4, max_iter: int = 100) -> None:
        check_loop(self.name, tol, max_iter)
        for label, v in (("bias_shrinkage", bias_shrinkage), ("noise_shrinkage", noise_shrinkage)):
            if not (isinstance(v, (int, float)) and v >= 0):
                raise ConfigError(f"WorkerBiasModel: {label}={v!r} must be ≥ 0", hint="use 5.0")
        self.bias_shrinkage = float(bias_shrinkage)
        self.noise_shrinkage = float(noise_shrinkage)
        self.tol = float(tol)
        self.max_iter = max_iter

    def fit(self, answers: NumericAnswers,
            gold: Mapping[Hashable, float] | None = None) -> NumericResult:
        """Estimate truths, worker biases and noise.

        Args:
            answers: the numeric answers.
            gold: known task id → value, held fixed (seeds the biases).
        """
        a = _check(answers)
        index = {t: i for i, t in enumerate(a.tasks)}
        known = [(index[t], float(v)) for t, v in (gold or {}).items() if t in index]
        g_idx = np.array([i for i, _ in known], np.int64)
        g_val = np.array([v for _, v in known], np.float64)
        n_w = len(a.workers)
        n = np.bincount(a.worker, minlength=n_w)
        values = _per_task(a, a.value, np.ones(len(a.value)))
        values[g_idx] = g_val
        bias = np.zeros(n_w)
        if len(g_idx):  # seed the biases from the gold tasks alone
            on_gold = np.isin(a.task, g_idx)
            res = (a.value - values[a.task])[on_gold]
            n_gold = np.bincount(a.worker[on_gold], minlength=n_w)
            bias = np.bincount(a.worker[on_gold], weights=res,
                               minlength=n_w) / np.maximum(n_gold, 1)
            values = _per_task(a, a.value - bias[a.worker], np.ones(len(a.value)))
            values[g_idx] = g_val
        prior_bias = bias.copy()
        variance = _noise(a, a.value - bias[a.worker] - values[a.task], self.noise_shrinkage)

        def step(values: FloatArray) -> FloatArray:
            nonlocal bias, variance
            res = a.value - values[a.task]
            bias = (np.bincount(a.worker, weights=res, minlength=n_w)
                    + self.bias_shrinkage * prior_bias) / (n + self.bias_shrinkage)
            if not len(g_idx):
                bias -= float((bias[a.worker]).mean())
            variance = _noise(a, res - bias[a.worker], self.noise_shrinkage)
            new = _per_task(a, a.value - bias[a.worker], 1.0 / variance[a.worker])
            new[g_idx] = g_val
            return new

        values, iterations, converged = converge(values, step, self.tol, self.max_iter)
        return _result(self.name, a, values, variance, bias, iterations, converged)

