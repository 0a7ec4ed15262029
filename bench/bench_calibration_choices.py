"""Benchmark: which cross-set confidence map for ``auto``, leave-one-dataset-out.

The exploration behind ``ConfidenceMap.fit`` (annotate/aggregate/calibration.py),
re-runnable. On the 12 shared categorical crowd sets (``crowd_sets.py``), ``auto`` is
fitted once per set without its map (``AutoAggregator(calibrate=False)``: tempered
posteriors). Each candidate map is then fitted on 11 sets' items with truth and scored
on the 12th (ECE, equal-width bins of [0, 1]); also fitted on all 12 ("in-sample", an
optimistic bound, not a score). Candidates:

- ``iso``: isotonic regression on all tasks pooled, sets weighted equally (the
  previous map), per class count (2 / more) or one map;
- ``median``: per confidence bin the weighted median over sets of their accuracy
  (weight: the set's share of tasks in the bin), made monotone; 5/10/15/20 bins,
  equal-width or spaced on the logit scale, per class count or one map (the shipped
  kind: 15 equal-width bins, per class count, is ``ConfidenceMap.fit``);
- ``logistic``: logistic regression (sets weighted equally, L2 1e-3 on standardised
  features) on logit(confidence) and task features (vote share of the label, log
  answers, whether the set has more than 2 classes) and set-level truth-free features
  (mean confidence, share of unanimous tasks, log T, log answers per worker).

Scores the top probability through the map (``np.interp``, as ``ConfidenceMap.apply``
does before its floor). Prints a table and writes it to docs/benchmarks.md.

usage: python bench/bench_calibration_choices.py [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crowd_sets import SETS, load
from report import write_section

from jingshu.annotate.aggregate import Answers, AutoAggregator
from jingshu.annotate.aggregate.calibration import isotonic_knots, weighted_median
from jingshu.annotate.aggregate.majority import weighted_votes

__all__ = ["main"]

Array = np.ndarray


@dataclass(frozen=True)
class SetData:
    """One set's items with truth: tempered ``auto`` confidence, hit, task features."""

    conf: Array
    hit: Array
    share: Array  # vote share of the top label
    logn: Array  # log answers
    k: int  # classes
    stats: dict[str, float]  # set-level, truth-free: mconf, unan, logt, apw


Data = dict[str, SetData]
Predict = Callable[[list[str], str], Array]


def features(name: str) -> SetData:
    tasks, workers, labels, truth = load(name)
    answers = Answers.from_lists(tasks, workers, labels)
    model = AutoAggregator(calibrate=False)
    result = model.fit(answers)
    votes = weighted_votes(answers, np.ones(answers.n_workers))
    n = votes.sum(axis=1)
    share = votes.max(axis=1) / n
    index = {str(t): i for i, t in enumerate(result.tasks)}
    keys = [k for k in truth if k in index]
    rows = np.array([index[k] for k in keys])
    hit = np.array([str(result.labels[index[k]]) == truth[k] for k in keys], float)
    stats = {"mconf": float(result.confidence.mean()), "unan": float((share == 1).mean()),
             "logt": float(np.log(model.temperature_)),
             "apw": float(np.log(len(answers.task) / answers.n_workers))}
    return SetData(result.confidence[rows], hit, share[rows], np.log(n[rows]),
                   answers.n_classes, stats)


def ece(c: Array, hit: Array, n_bins: int = 15) -> float:
    bins = np.minimum((c * n_bins).astype(int), n_bins - 1)
    return float(sum(abs(c[bins == b].mean() - hit[bins == b].mean()) * (bins == b).mean()
                     for b in range(n_bins) if (bins == b).any()))


def _group(data: Data, train: list[str], held: str, per_k: bool) -> list[str]:
    """The training sets a map for ``held`` is fitted on (same class-count group)."""
    if not per_k:
        return train
    binary = data[held].k == 2
    return [s for s in train if (data[s].k == 2) == binary] or train


def iso(data: Data, per_k: bool) -> Predict:
    def predict(train: list[str], held: str) -> Array:
        group = _group(data, train, held, per_k)
        x = np.concatenate([data[s].conf for s in group])
        y = np.concatenate([data[s].hit for s in group])
        w = np.concatenate([np.full(len(data[s].hit), 1.0 / len(data[s].hit)) for s in group])
        return np.asarray(np.interp(data[held].conf, *isotonic_knots(x, y, w)))
    return predict


def median(data: Data, edges: Array, per_k: bool) -> Predict:
    def predict(train: list[str], held: str) -> Array:
        xs, ys, ws = [], [], []
        for b in range(len(edges) - 1):
            acc, conf, weight = [], [], []
            for s in _group(data, train, held, per_k):
                where = (data[s].conf >= edges[b]) & (data[s].conf < edges[b + 1])
                if where.any():
                    acc.append(float(data[s].hit[where].mean()))
                    conf.append(float(data[s].conf[where].mean()))
                    weight.append(float(where.mean()))
            if weight:
                xs.append(float(np.average(conf, weights=weight)))
                ys.append(weighted_median(np.array(acc), np.array(weight)))
                ws.append(sum(weight))
        knots = isotonic_knots(np.array(xs), np.array(ys), np.array(ws))
        return np.asarray(np.interp(data[held].conf, *knots))
    return predict


def logistic(data: Data, task_cols: tuple[str, ...], set_cols: tuple[str, ...]) -> Predict:
    def design(s: str) -> Array:
        d = data[s]
        c = np.clip(d.conf, 1e-6, 1 - 1e-6)
        cols = [np.log(c / (1 - c))]
        for t in task_cols:
            cols.append({"share": d.share, "logn": d.logn,
                         "multi": np.full(len(c), float(d.k > 2))}[t])
        cols += [np.full(len(c), d.stats[f]) for f in set_cols]
        return np.column_stack(cols)

    def predict(train: list[str], held: str) -> Array:
        x = np.vstack([design(s) for s in train])
        y = np.concatenate([data[s].hit for s in train])
        w = np.concatenate([np.full(len(data[s].hit), 1.0 / len(data[s].hit)) for s in train])
        mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
        z = np.column_stack([np.ones(len(x)), (x - mu) / sd])

        def loss(b: Array) -> tuple[float, Array]:
            u = z @ b
            p = 1 / (1 + np.exp(-u))
            value = float((w * (y * np.logaddexp(0, -u) + (1 - y) * np.logaddexp(0, u))).sum())
            return value + 1e-3 * float(b[1:] @ b[1:]), z.T @ (w * (p - y)) + 2e-3 * np.r_[0, b[1:]]

        b = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
        zh = np.column_stack([np.ones(len(data[held].hit)), (design(held) - mu) / sd])
        return np.asarray(1 / (1 + np.exp(-(zh @ b))))
    return predict


def score(data: Data, predict: Predict, in_sample: bool = False) -> dict[str, float]:
    sets = list(data)
    per, cs = {}, []
    for held in sets:
        c = predict(sets if in_sample else [s for s in sets if s != held], held)
        per[held] = ece(c, data[held].hit)
        cs.append(c)
    return {**per, "mean": float(np.mean(list(per.values()))),
            "pooled": ece(np.concatenate(cs), np.concatenate([data[s].hit for s in sets]))}


def candidates(data: Data) -> list[tuple[str, Predict]]:
    out: list[tuple[str, Predict]] = [("tempered, no map", lambda _t, s: data[s].conf),
                                      ("iso, per class count (previous)", iso(data, True)),
                                      ("iso, one map", iso(data, False))]
    for n_bins in (5, 10, 15, 20):
        equal = np.r_[np.linspace(0, 1, n_bins + 1)[:-1], 1 + 1e-9]
        logit = np.r_[0.0, 1 / (1 + np.exp(-np.linspace(-1, 12, n_bins))), 1 + 1e-9]
        for per_k in (True, False):
            kind = "per class count" if per_k else "one map"
            tag = " (shipped)" if n_bins == 15 and per_k else ""
            out.append((f"median, {n_bins} equal bins, {kind}{tag}", median(data, equal, per_k)))
            out.append((f"median, {n_bins} logit bins, {kind}", median(data, logit, per_k)))
    for task_cols in ((), ("share",), ("multi",), ("multi", "share", "logn")):
        out.append((f"logistic: conf {' '.join(task_cols)}".rstrip(),
                    logistic(data, task_cols, ())))
    for set_col in ("mconf", "unan", "logt", "apw"):
        out.append((f"logistic: conf + set {set_col}", logistic(data, (), (set_col,))))
    out.append(("logistic: conf multi share logn + set mconf unan",
                logistic(data, ("multi", "share", "logn"), ("mconf", "unan"))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    started = time.time()
    data = {s: features(s) for s in SETS}
    sets = list(data)
    head = ("| map | mean ECE over sets | ECE all tasks pooled | " + " | ".join(sets) + " |")
    lines = [head, "|---" * (len(sets) + 3) + "|"]
    in_sample = []
    for name, predict in candidates(data):
        r = score(data, predict)
        lines.append(f"| {name} | {r['mean']:.3f} | {r['pooled']:.3f} | "
                     + " | ".join(f"{r[s]:.3f}" for s in sets) + " |")
        if not name.startswith("tempered") and "logit" not in name and "set " not in name:
            ins = score(data, predict, in_sample=True)
            in_sample.append(f"| {name} | {ins['mean']:.3f} | {ins['pooled']:.3f} |")
        print(lines[-1], flush=True)
    text = "\n".join([
        f"Machine: {platform.machine()}, Python {platform.python_version()}; date "
        f"{dt.date.today().isoformat()}; {time.time() - started:.0f} s. Command: "
        "`nice -n 10 .venv/bin/python bench/bench_calibration_choices.py`", "",
        "Expected calibration error (15 equal-width bins) of `auto`'s confidence through "
        "each candidate cross-set map, leave-one-dataset-out: the map fitted on the other "
        "11 sets' items with truth, scored on the 12th. The map kind was chosen from this "
        "table (so the choice itself saw all 12 sets); see the script's docstring for the "
        "candidates. The top probability goes through the map by interpolation, without "
        "`ConfidenceMap.apply`'s floor (the top class stays above the next), so figures can "
        "differ from the section above by a few thousandths.", "", *lines, "",
        "In-sample (fitted on all 12 sets, the scored one too; an optimistic bound for "
        "maps of this kind, not a score):", "",
        "| map | mean ECE over sets | ECE all tasks pooled |", "|---|---|---|", *in_sample])
    print(text)
    if not args.no_write:
        write_section("aggregate-calibration",
                      "## Truth inference: choosing auto's confidence map\n\n" + text)


if __name__ == "__main__":
    main()
