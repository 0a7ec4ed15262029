"""Train a quality classifier: split, featurize, fit by sparse Adam, pick a threshold.

The fit is logistic regression (the linear model fastText trains, without its
low-rank hidden layer) by mini-batch Adam (Kingma & Ba, 2015) with lazy sparse
updates: each step touches only the buckets that occur in its batch, as
TensorFlow's LazyAdam does. Classes are weighted to count equally unless
``balance`` is off. The weights of the epoch with the lowest validation log loss are
kept, the threshold is the one with the best F1 on validation, and the test split,
never seen before, gives the reported precision, recall, F1 and ROC-AUC.
Everything random is drawn from one ``numpy`` generator seeded by ``seed``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.special import expit

from jingshu.corpus.quality.features import FeatureConfig, featurize
from jingshu.corpus.quality.metrics import best_f1_threshold, evaluate
from jingshu.corpus.quality.model import ModelInfo, QualityModel
from jingshu.errors import ConfigError, InputError
from jingshu.progress import OnStep, Step, TerminalProgress

__all__ = ["MIN_DOCS_PER_CLASS", "TrainConfig", "split_indices", "train_quality_model"]

MIN_DOCS_PER_CLASS = 3
"""Each class needs one document for each of train, validation and test."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_BETA1, _BETA2, _EPS = 0.9, 0.999, 1e-8


@dataclass(frozen=True)
class TrainConfig:
    """Training settings; stored in the model file.

    Args:
        epochs: Passes over the training split.
        learning_rate: Adam's step size.
        batch_size: Documents per step.
        l2: L2 penalty on the weights a batch touches.
        test_fraction: Share of each class held out for the final evaluation.
        validation_fraction: Share of each class used to pick the epoch and threshold.
        seed: Seed of the split and the shuffling; same data and seed, same model.
        balance: Weight classes so that both count equally.
    """

    epochs: int = 5
    learning_rate: float = 0.05
    batch_size: int = 256
    l2: float = 1e-6
    test_fraction: float = 0.1
    validation_fraction: float = 0.1
    seed: int = 0
    balance: bool = True

    def __post_init__(self) -> None:
        if self.epochs < 1 or self.batch_size < 1 or self.learning_rate <= 0 or self.l2 < 0:
            raise ConfigError("epochs, batch_size and learning_rate must be positive, l2 >= 0",
                              hint=f"got {asdict(self)}")
        for name in ("test_fraction", "validation_fraction"):
            if not 0.0 < getattr(self, name) < 0.5:
                raise ConfigError(f"{name}={getattr(self, name)} must be in (0, 0.5)",
                                  hint="0.1 is usual")


def split_indices(labels: npt.NDArray[np.int8], config: TrainConfig
                  ) -> tuple[IntArray, IntArray, IntArray]:
    """Stratified (train, validation, test) indices; each class has one of each at least.

    Args:
        labels: 1 for good, 0 for bad.
        config: Fractions and seed.
    """
    rng = np.random.default_rng(config.seed)
    parts: tuple[list[IntArray], list[IntArray], list[IntArray]] = ([], [], [])
    for cls in (1, 0):
        idx = rng.permutation(np.flatnonzero(labels == cls))
        n_test = max(1, math.ceil(len(idx) * config.test_fraction))
        n_val = max(1, math.ceil(len(idx) * config.validation_fraction))
        parts[2].append(idx[:n_test])
        parts[1].append(idx[n_test : n_test + n_val])
        parts[0].append(idx[n_test + n_val :])
    train, val, test = (np.sort(np.concatenate(p)) for p in parts)
    return train, val, test


def _sample_weights(y: FloatArray, balance: bool) -> FloatArray:
    if not balance:
        return np.ones_like(y)
    n_pos = max(float(y.sum()), 1.0)
    n_neg = max(float(len(y) - y.sum()), 1.0)
    return np.where(y == 1, len(y) / (2 * n_pos), len(y) / (2 * n_neg))


def _log_loss(x: sparse.csr_matrix, y: FloatArray, w: FloatArray, b: float,
              balance: bool) -> float:
    p = np.clip(expit(x @ w + b), 1e-12, 1 - 1e-12)
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    sw = _sample_weights(y, balance)
    return float((sw * losses).sum() / sw.sum())


class _Adam:
    """Lazy sparse Adam over a dense weight vector and a scalar bias."""

    def __init__(self, size: int, lr: float, l2: float) -> None:
        self.w = np.zeros(size)
        self.b = 0.0
        self._m, self._v = np.zeros(size), np.zeros(size)
        self._mb = self._vb = 0.0
        self._lr, self._l2, self._t = lr, l2, 0

    def step(self, xb: sparse.csr_matrix, residual: FloatArray) -> None:
        self._t += 1
        scale = self._lr * math.sqrt(1 - _BETA2**self._t) / (1 - _BETA1**self._t)
        rows = np.repeat(np.arange(xb.shape[0]), np.diff(xb.indptr))
        cols, inverse = np.unique(xb.indices, return_inverse=True)
        grad = np.bincount(inverse, weights=xb.data * residual[rows], minlength=len(cols))
        grad += self._l2 * self.w[cols]
        m = self._m[cols] = _BETA1 * self._m[cols] + (1 - _BETA1) * grad
        v = self._v[cols] = _BETA2 * self._v[cols] + (1 - _BETA2) * grad * grad
        self.w[cols] -= scale * m / (np.sqrt(v) + _EPS)
        gb = float(residual.sum())
        self._mb = _BETA1 * self._mb + (1 - _BETA1) * gb
        self._vb = _BETA2 * self._vb + (1 - _BETA2) * gb * gb
        self.b -= scale * self._mb / (math.sqrt(self._vb) + _EPS)


def _fit(x: sparse.csr_matrix, y: FloatArray, xv: sparse.csr_matrix, yv: FloatArray,
         config: TrainConfig, on_step: OnStep | None
         ) -> tuple[FloatArray, float, list[float]]:
    """Weights and bias of the best epoch by validation loss, and the loss per epoch."""
    rng = np.random.default_rng(config.seed + 1)
    sw = _sample_weights(y, config.balance)
    adam = _Adam(x.shape[1], config.learning_rate, config.l2)
    steps = math.ceil(x.shape[0] / config.batch_size)
    best: tuple[float, FloatArray, float] = (math.inf, adam.w.copy(), adam.b)
    history: list[float] = []
    done = 0
    for _ in range(config.epochs):
        order = rng.permutation(x.shape[0])
        for start in range(0, len(order), config.batch_size):
            rows = order[start : start + config.batch_size]
            xb = x[rows]
            residual = sw[rows] * (expit(xb @ adam.w + adam.b) - y[rows]) / len(rows)
            adam.step(xb, residual)
            done += 1
            if on_step is not None:
                on_step(Step("train", done, steps * config.epochs, "batches"))
        history.append(_log_loss(xv, yv, adam.w, adam.b, config.balance))
        if history[-1] < best[0]:
            best = (history[-1], adam.w.copy(), adam.b)
    return best[1], best[2], history


def _told(texts: Sequence[str], on_step: OnStep | None, every: int = 1000) -> Iterator[str]:
    """``texts``, telling ``on_step`` how many were handed out, every ``every``."""
    for done, text in enumerate(texts, start=1):
        yield text
        if on_step is not None and (done % every == 0 or done == len(texts)):
            on_step(Step("features", done, len(texts), "docs"))


def _check_sets(good: Sequence[str], bad: Sequence[str]) -> None:
    for name, texts in (("good", good), ("bad", bad)):
        if len(texts) < MIN_DOCS_PER_CLASS:
            raise InputError(f"the {name} set has {len(texts)} documents with text, "
                             f"at least {MIN_DOCS_PER_CLASS} are needed",
                             hint=f"check the --{name} source and --text-field; a few "
                             "thousand documents per class is usual")


def train_quality_model(
    good: Sequence[str],
    bad: Sequence[str],
    *,
    features: FeatureConfig | None = None,
    config: TrainConfig | None = None,
    good_sources: Sequence[str] = (),
    bad_sources: Sequence[str] = (),
    progress: bool = False,
    on_step: OnStep | None = None,
) -> QualityModel:
    """Train and evaluate a classifier of good (1) against bad (0) texts.

    Args:
        good: Texts of the kind to keep.
        bad: Texts of the kind to drop.
        features: Feature settings (default :class:`FeatureConfig`).
        config: Training settings (default :class:`TrainConfig`).
        good_sources: Where ``good`` came from, recorded in the model.
        bad_sources: Where ``bad`` came from, recorded in the model.
        progress: Show progress bars on stderr where no ``on_step`` is given.
        on_step: Told the documents featurized (``features``) and the batches trained
            (``train``), each out of its total.

    Raises:
        InputError: A set has fewer than :data:`MIN_DOCS_PER_CLASS` texts.
    """
    features, config = features or FeatureConfig(), config or TrainConfig()
    _check_sets(good, bad)
    started = time.perf_counter()
    labels = np.r_[np.ones(len(good), np.int8), np.zeros(len(bad), np.int8)]
    texts = [*good, *bad]
    bars = TerminalProgress(enabled=progress and on_step is None)
    step = on_step or (bars if bars.enabled else None)
    with bars:
        x = featurize(_told(texts, step), features)
        featurized = time.perf_counter()
        tr, va, te = split_indices(labels, config)
        y = labels.astype(np.float64)
        w, b, history = _fit(x[tr], y[tr], x[va], y[va], config, step)
    fitted = time.perf_counter()
    w = w.astype(np.float32).astype(np.float64)  # as the saved model scores
    val_scores, test_scores = expit(x[va] @ w + b), expit(x[te] @ w + b)
    threshold = best_f1_threshold(val_scores, labels[va])
    training = {**asdict(config), "validation_log_loss": history,
                "featurize_seconds": round(featurized - started, 3),
                "fit_seconds": round(fitted - featurized, 3)}
    info = ModelInfo(
        threshold=threshold, good_sources=tuple(good_sources), bad_sources=tuple(bad_sources),
        counts={"good": len(good), "bad": len(bad), "train": len(tr),
                "validation": len(va), "test": len(te)},
        validation=evaluate(val_scores, labels[va], threshold),
        test=evaluate(test_scores, labels[te], threshold), training=training,
        created=datetime.now(UTC).isoformat(timespec="seconds"))
    return QualityModel(w, b, features, info)
