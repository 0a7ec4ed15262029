"""Benchmark: label-error candidates on the shared crowd sets with truth, confident
learning beside "lowest aggregated confidence".

For each categorical set of ``../shared/data/crowd`` (``crowd_sets.py``), two audits:

* **MV labels**: the majority-vote label of each item is audited. Baseline: items by
  lowest vote share (ties in a seeded random order). Confident learning: the Dawid–Skene
  posteriors as the predicted probabilities (:func:`jingshu.annotate.label_errors.
  confident_learning`).
* **DS labels** (what an export would carry): the Dawid–Skene label is audited. Baseline:
  lowest Dawid–Skene posterior. Confident learning: the majority-vote shares as the
  predicted probabilities.

Precision@k: the share of the top k candidates whose audited label differs from the
truth, k = 1% and 5% of the items with truth (at least 1); only items with truth are
ranked. Also Fleiss' kappa of the answers.

usage: python bench/bench_label_errors.py
"""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crowd_sets import SETS, load
from report import write_section

from jingshu.annotate.aggregate import Answers, DawidSkene, MajorityVote
from jingshu.annotate.label_errors import confident_learning, fleiss_kappa, precision_at


def _ranked(order: np.ndarray, keep: np.ndarray) -> np.ndarray:
    return order[keep[order]]


def audit(name: str) -> dict[str, float]:
    tasks, workers, labels, truth = load(name)
    answers = Answers.from_lists(tasks, workers, labels)
    mv, ds = MajorityVote(seed=0).fit(answers), DawidSkene().fit(answers)
    code = {c: i for i, c in enumerate(answers.classes)}
    true = np.array([code.get(truth.get(t), -1) for t in answers.tasks])
    has_truth = true >= 0
    n = int(has_truth.sum())
    ks = {p: max(1, math.ceil(n * p / 100)) for p in (1, 5)}
    rng = np.random.default_rng(0)
    out: dict[str, float] = {"items": n, "kappa": fleiss_kappa(answers) or 0.0}
    for audited, own, other in (("mv", mv, ds), ("ds", ds, mv)):
        label = np.array([code[x] for x in own.labels])
        wrong = label != true
        out[f"{audited}_errors"] = float(wrong[has_truth].mean())
        jitter = rng.random(len(label))  # seeded random tie-break of the baseline
        base = np.lexsort((jitter, own.confidence))
        cl = confident_learning(label, other.probabilities).order
        for p, k in ks.items():
            out[f"{audited}_base_{p}"] = precision_at(_ranked(base, has_truth), wrong, k)
            out[f"{audited}_cl_{p}"] = precision_at(_ranked(cl, has_truth), wrong, k)
    return out


def main() -> None:
    rows = []
    for name in SETS:
        r = audit(name)
        rows.append((name, r))
        print(name, {k: round(v, 3) for k, v in r.items()}, flush=True)
    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}; date {dt.date.today().isoformat()}; command "
             "`python bench/bench_label_errors.py`.", "",
             "Precision of the top 1% / 5% label-error candidates against the truth (items "
             "with truth only). *base*: lowest aggregated confidence; *CL*: confident "
             "learning with the other method's probabilities.", "",
             "| set | items | Fleiss κ | MV err | MV base @1% | MV CL @1% | MV base @5% | "
             "MV CL @5% | DS err | DS base @1% | DS CL @1% | DS base @5% | DS CL @5% |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in rows:
        cells = [f"{r[k]:.3f}" for k in ("kappa", "mv_errors", "mv_base_1", "mv_cl_1",
                                          "mv_base_5", "mv_cl_5", "ds_errors", "ds_base_1",
                                          "ds_cl_1", "ds_base_5", "ds_cl_5")]
        lines.append(f"| {name} | {int(r['items']):,} | " + " | ".join(cells) + " |")
    means = {k: np.mean([r[k] for _, r in rows]) for k in rows[0][1] if k != "items"}
    lines.append("| **mean** | | " + " | ".join(
        f"{means[k]:.3f}" for k in ("kappa", "mv_errors", "mv_base_1", "mv_cl_1", "mv_base_5",
                                    "mv_cl_5", "ds_errors", "ds_base_1", "ds_cl_1",
                                    "ds_base_5", "ds_cl_5")) + " |")
    write_section("label-errors", "## Label-error candidates on the crowd sets\n\n"
                  + "\n".join(lines))


if __name__ == "__main__":
    main()
