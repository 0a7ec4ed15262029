"""``auto``: the default aggregator, chosen by leave-one-dataset-out evidence.

Which model: on the 12 shared real crowd sets (docs/benchmarks.md, "Truth inference:
leave-one-dataset-out"), picking the method with the best mean accuracy on 11 sets and
scoring it on the 12th chose hierarchical Dawid-Skene in every one of the 12 folds.
Held-out answer likelihood (a truth-free check: fit on 2/3 of the answers, predict the
rest) ranked it first or within 0.002 nats per answer of first on 10 of 12 sets, and
choosing per set by that likelihood did worse (0.8240 vs 0.8258 mean accuracy), so
there is no per-set selection.

Confidence: EM posteriors assume workers err independently and come out
overconfident. Two steps, both measured in docs/benchmarks.md:

1. The posteriors are tempered, p ∝ p^(1/T), with T ≥ 1 fitted per data set without
   truth: the answers are split into ``calibration_folds`` folds, the model is fitted
   on the others, and T maximises the likelihood of each held-out answer,
   Σ_k p_i(k)^(1/T) π_j(k, y) / Z, with π_j the worker's confusion matrix
   re-estimated from the training folds (answer-level cross-validation; our design).
2. Held-out answers cannot see mistakes the workers share, so the tempered top
   probability then goes through a monotone map learnt on other data sets with truth
   (:mod:`~jingshu.annotate.aggregate.calibration`: per confidence bin the median
   data set's accuracy, made monotone; one map for two classes and one for more).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

from jingshu.annotate.aggregate.base import (
    Answers,
    CategoricalAggregator,
    Estimate,
    FloatArray,
    IntArray,
    clamp_gold,
)
from jingshu.annotate.aggregate.calibration import ConfidenceMap, default_map
from jingshu.annotate.aggregate.dawid_skene import confusion_counts
from jingshu.annotate.aggregate.hierarchical import HierarchicalDawidSkene
from jingshu.annotate.aggregate.majority import weighted_votes
from jingshu.errors import ConfigError

__all__ = ["MAX_TEMPERATURE", "MIN_HELD_OUT", "AutoAggregator", "temper"]

MAX_TEMPERATURE = 20.0
"""The most the posteriors are softened (T); T is never below 1 (no sharpening)."""
MIN_HELD_OUT = 30
"""Fewer held-out answers than this: no calibration (T = 1)."""


def temper(probs: FloatArray, temperature: float) -> FloatArray:
    """Rows of ``probs`` raised to 1/T and renormalised.

    Args:
        probs: posteriors, tasks × classes.
        temperature: T > 0; 1 leaves them unchanged, larger is softer.
    """
    log_p = np.log(np.maximum(probs, 1e-300)) / temperature
    p = np.exp(log_p - log_p.max(axis=1, keepdims=True))
    return np.asarray(p / p.sum(axis=1, keepdims=True), np.float64)


class AutoAggregator(CategoricalAggregator):
    """The default: hierarchical Dawid-Skene with confidence calibrated on held-out answers.

    Reliability is hierarchical Dawid-Skene's expected accuracy per worker. After
    :meth:`fit`, ``temperature_`` holds the fitted T.

    Args:
        calibration_folds: folds of answers for fitting T (≥ 2), or 0 for none.
        confidence_map: the cross-data-set map applied after tempering; None for the
            shipped one (:func:`~jingshu.annotate.aggregate.calibration.default_map`).
        calibrate: False keeps the tempered posteriors (no map).
        tol: stop when no task posterior moves by more than this.
        max_iter: the most EM iterations per fit.
        seed: seeds the fold split and tie-breaking.
    """

    name = "auto"

    def __init__(self, *, calibration_folds: int = 3, confidence_map: ConfidenceMap | None = None,
                 calibrate: bool = True, tol: float = 1e-5, max_iter: int = 100,
                 seed: int = 0) -> None:
        super().__init__(tol=tol, max_iter=max_iter, seed=seed)
        if isinstance(calibration_folds, bool) or not (
                isinstance(calibration_folds, int)
                and (calibration_folds == 0 or calibration_folds >= 2)):
            raise ConfigError(f"auto: calibration_folds={calibration_folds!r} must be 0 or an "
                              "int ≥ 2", hint="use 3 (or 0 to keep raw posteriors)")
        self.calibration_folds = calibration_folds
        self.confidence_map = confidence_map
        self.calibrate = calibrate
        self.model = HierarchicalDawidSkene(tol=tol, max_iter=max_iter, seed=seed)
        # T needs the posteriors' scale, not their last digit: looser fits for the folds.
        self.fold_model = HierarchicalDawidSkene(tol=1e-3, max_iter=min(max_iter, 30),
                                                 seed=seed)
        self.temperature_ = 1.0

    def _held_out(self, answers: Answers, gold_tasks: IntArray, gold_labels: IntArray,
                  rng: np.random.Generator) -> list[tuple[FloatArray, FloatArray]]:
        """Per held-out answer: its task's posterior and P(answer | class) from other folds."""
        fold = rng.integers(0, self.calibration_folds, len(answers.task))
        pairs = []
        for f in range(self.calibration_folds):
            train = answers.subset(fold != f)
            if not len(train.task):
                continue
            probs = self.fold_model._estimate(train, gold_tasks, gold_labels, rng).probabilities
            counts = confusion_counts(train, probs) + 0.5
            confusion = counts / counts.sum(axis=2, keepdims=True)
            seen = np.bincount(train.task, minlength=answers.n_tasks) > 0
            test = (fold == f) & seen[answers.task]
            task, worker, label = answers.task[test], answers.worker[test], answers.label[test]
            pairs.append((probs[task], confusion[worker, :, label]))
        return pairs

    def _temperature(self, pairs: list[tuple[FloatArray, FloatArray]]) -> float:
        if sum(len(p) for p, _ in pairs) < MIN_HELD_OUT:
            return 1.0

        def loss(log_t: float) -> float:
            t = float(np.exp(log_t))
            return -sum(float(np.log((temper(p, t) * c).sum(axis=1)).sum()) for p, c in pairs)

        best = minimize_scalar(loss, bounds=(0.0, np.log(MAX_TEMPERATURE)), method="bounded",
                               options={"xatol": 1e-2})
        return float(np.exp(best.x))

    def _estimate(self, answers: Answers, gold_tasks: IntArray, gold_labels: IntArray,
                  rng: np.random.Generator) -> Estimate:
        est = self.model._estimate(answers, gold_tasks, gold_labels, rng)
        self.temperature_ = 1.0
        if self.calibration_folds:
            pairs = self._held_out(answers, gold_tasks, gold_labels, rng)
            self.temperature_ = self._temperature(pairs)
        tempered = temper(est.probabilities, self.temperature_)
        probs = answered_only(answers, tempered)
        if self.calibrate:
            probs = (self.confidence_map or default_map()).apply(probs, prior=tempered)
        return Estimate(clamp_gold(probs, gold_tasks, gold_labels), est.reliability,
                        est.iterations, est.converged)


def answered_only(answers: Answers, probs: FloatArray) -> FloatArray:
    """Each task's posterior restricted to the labels its annotators gave.

    On small or lopsided data EM can settle where a label nobody chose for a task
    outweighs every answer it got (a class never answered keeps a flat confusion row);
    a data platform must not export such a label, so it gets probability 0.
    """
    given = weighted_votes(answers, np.ones(answers.n_workers)) > 0
    kept = np.where(given, probs, 0.0)
    return np.asarray(kept / kept.sum(axis=1, keepdims=True), np.float64)
