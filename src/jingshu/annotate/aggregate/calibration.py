"""A confidence map learnt across data sets: posterior confidence → probability of being right.

Why: posteriors of EM-style models are overconfident wherever workers share their
mistakes (hard items, a gold standard that disagrees with the crowd), and answers
inside one data set cannot reveal that (held-out answers agree with the crowd's
mistake too). So the confidence of ``auto`` goes through a monotone map fitted on
other data sets with truth, one map for two-class and one for many-class tasks.

How (:meth:`ConfidenceMap.fit`): the confidences are cut into 15 equal-width bins of
[0, 1]; in each bin every data set with tasks there gives its accuracy, and the map's
value is the *weighted median over data sets* of those accuracies (a data set weighs
the share of its tasks that fall in the bin), at the weighted mean confidence; the
bin values are then made non-decreasing by pool-adjacent-violators (Ayer et al.,
1955). Calibration error is judged per data set, and data sets differ in how often
the crowd is confidently wrong; a median is the value that minimises the summed
absolute miss over data sets, where pooling all tasks (a mean) lets the few sets with
systematic crowd errors pull every set's confidence down. Leave-one-dataset-out on
the 12 shared crowd sets, this halves the pooled error of a pooled isotonic fit and
lowers the per-set one (docs/benchmarks.md).

The shipped map (``confidence_map.json``) is fitted on the 12 shared crowd sets by
``bench/bench_aggregate.py --fit-calibration``; the benchmark scores it
leave-one-dataset-out (each set with a map fitted on the other 11).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from jingshu.annotate.aggregate.base import FloatArray, IntArray
from jingshu.errors import ConfigError

__all__ = ["FIT_BINS", "ConfidenceMap", "default_map", "isotonic_knots", "weighted_median"]

MAP_FILE = Path(__file__).with_name("confidence_map.json")
Knots = tuple[tuple[float, ...], tuple[float, ...]]
FIT_BINS = 15
"""Equal-width bins of [0, 1] that :meth:`ConfidenceMap.fit` cuts the confidences into."""


def weighted_median(values: FloatArray, weight: FloatArray) -> float:
    """The weighted median; where the cumulative weight is exactly half, the midpoint.

    Args:
        values: the numbers.
        weight: a positive weight per number.
    """
    order = np.argsort(values, kind="stable")
    v, cum = values[order], np.cumsum(weight[order])
    half = cum[-1] / 2.0
    i = int(np.searchsorted(cum, half - 1e-12 * cum[-1]))
    if abs(cum[i] - half) <= 1e-12 * cum[-1] and i + 1 < len(v):
        return float((v[i] + v[i + 1]) / 2.0)
    return float(v[i])


def isotonic_knots(x: FloatArray, y: FloatArray, weight: FloatArray) -> Knots:
    """The weighted isotonic (non-decreasing) fit of ``y`` on ``x``, as interpolation knots.

    Pool-adjacent-violators; each pooled block becomes one knot at its weighted mean x.

    Args:
        x: scores (confidences).
        y: outcomes in [0, 1] (1 = the label was right).
        weight: a positive weight per point.
    """
    xs, where = np.unique(x, return_inverse=True)  # equal scores are pooled first
    w = np.bincount(where, weights=weight, minlength=len(xs))
    blocks: list[list[float]] = []  # [sum w·y, sum w, sum w·x]
    for xi, wy, wi in zip(xs, np.bincount(where, weights=weight * y, minlength=len(xs)), w,
                          strict=True):
        blocks.append([wy, wi, wi * xi])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last, strict=True)]
    return (tuple(float(b[2] / b[1]) for b in blocks),
            tuple(round(float(b[0] / b[1]), 6) for b in blocks))


@dataclass(frozen=True)
class ConfidenceMap:
    """Monotone maps from a task's top posterior to the chance its label is right.

    Args:
        binary: knots (x, y) for tasks with two classes.
        multiclass: knots (x, y) for tasks with three or more classes.
    """

    binary: Knots
    multiclass: Knots

    def __post_init__(self) -> None:
        for name, (xs, ys) in (("binary", self.binary), ("multiclass", self.multiclass)):
            if not xs or len(xs) != len(ys) or any(b < a for a, b in pairwise(xs)):
                raise ConfigError(f"confidence map {name!r}: knots must be two equally long, "
                                  "non-empty lists with x non-decreasing",
                                  hint="refit it with bench/bench_aggregate.py --fit-calibration")

    @classmethod
    def fit(cls, confidence: Sequence[FloatArray], correct: Sequence[FloatArray],
            n_classes: Sequence[int], *, bins: int = FIT_BINS) -> ConfidenceMap:
        """Fit the two maps on several data sets: per bin, the median set's accuracy.

        A group (two classes, or more) with no data set takes the other group's map.

        Args:
            confidence: per data set, the top posterior of each task with truth.
            correct: per data set, 1.0 where that task's label was right, else 0.0.
            n_classes: per data set, its number of classes.
            bins: equal-width bins of [0, 1].
        """
        if isinstance(bins, bool) or not (isinstance(bins, int) and bins >= 1):
            raise ConfigError(f"confidence map: bins={bins!r} must be an int ≥ 1",
                              hint=f"use {FIT_BINS}")
        parts: dict[bool, list[tuple[FloatArray, FloatArray]]] = {True: [], False: []}
        for c, hit, k in zip(confidence, correct, n_classes, strict=True):
            if len(c):
                parts[k == 2].append((np.asarray(c, np.float64), np.asarray(hit, np.float64)))
        knots = {}
        for binary, rows in parts.items():
            knots[binary] = _median_knots(rows or parts[not binary], bins)
        return cls(binary=knots[True], multiclass=knots[False])

    def apply(self, probs: FloatArray, prior: FloatArray | None = None) -> FloatArray:
        """Rows of ``probs`` with the top class's probability replaced by the map's value.

        The rest goes to the other classes in proportion to ``prior`` (default
        ``probs``); the top class stays strictly on top, so labels do not change.

        Args:
            probs: posteriors, tasks × classes.
            prior: how to share the remainder among the other classes (tasks × classes).
        """
        n, k = probs.shape
        if k < 2:  # one class: nothing to be wrong about
            return probs
        xs, ys = self.binary if k == 2 else self.multiclass
        rows = np.arange(n)
        top: IntArray = np.asarray(probs.argmax(axis=1), np.int64)
        share = np.array(probs if prior is None else prior, np.float64, copy=True)
        share[rows, top] = 0.0
        total = share.sum(axis=1, keepdims=True)
        flat = np.full_like(share, 1.0 / (k - 1))
        flat[rows, top] = 0.0
        share = np.where(total > 0, share / np.maximum(total, 1e-300), flat)
        runner_up = share.max(axis=1)
        # keep the top strictly above the best other class: c > (1 - c)·share
        floor = runner_up / (1.0 + runner_up) + 1e-6
        conf = np.clip(np.interp(probs[rows, top], xs, ys), floor, 1.0)
        out = share * (1.0 - conf)[:, None]
        out[rows, top] = conf
        return np.asarray(out, np.float64)

    def to_json(self) -> str:
        """The map as JSON (as stored in ``confidence_map.json``)."""
        return json.dumps({"binary": self.binary, "multiclass": self.multiclass}, indent=1)


def _median_knots(sets: list[tuple[FloatArray, FloatArray]], bins: int) -> Knots:
    """Per bin, the weighted median over ``sets`` of their accuracy; then made monotone."""
    xs, ys, ws = [], [], []
    for b in range(bins):
        acc, conf, weight = [], [], []
        for c, hit in sets:
            where = np.minimum((c * bins).astype(np.int64), bins - 1) == b
            if where.any():
                acc.append(hit[where].mean())
                conf.append(c[where].mean())
                weight.append(where.mean())
        if weight:
            w = np.array(weight)
            xs.append(float(np.average(conf, weights=w)))
            ys.append(weighted_median(np.array(acc), w))
            ws.append(float(w.sum()))
    return isotonic_knots(np.array(xs), np.array(ys), np.array(ws))


@cache
def default_map() -> ConfidenceMap:
    """The shipped map, fitted on the 12 shared crowd sets (``confidence_map.json``)."""
    data = json.loads(MAP_FILE.read_text("utf-8"))
    return ConfidenceMap(binary=(tuple(data["binary"][0]), tuple(data["binary"][1])),
                         multiclass=(tuple(data["multiclass"][0]), tuple(data["multiclass"][1])))
