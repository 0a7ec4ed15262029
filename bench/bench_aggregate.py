"""Benchmark: truth inference accuracy and time on real crowdsourced sets, vs crowd-kit.

Runs every jingshu aggregator on the sets in ../shared/data/crowd (see its
SOURCES.md) and, side by side on the same files, crowd-kit's aggregators in their own
virtual environment (bench/out/venv-crowdkit, ``pip install crowd-kit``) through a
subprocess that writes JSON. Accuracy counts only items with truth that occur in the
answers (for S_Adult the 333 such items); N_Emotion is numeric and scored by MAE.
Time is the aggregation call alone (``fit`` / ``fit_predict``), data already loaded.

usage: python bench/bench_aggregate.py [--no-write] [--no-crowdkit]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

from jingshu.annotate.aggregate import (
    METHODS,
    NUMERIC_METHODS,
    Answers,
    NumericAnswers,
)

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
CROWD = ROOT.parent / "shared" / "data" / "crowd"
OUT = ROOT / "bench" / "out"
VENV = OUT / "venv-crowdkit"
SETS = {
    "D_Product": "zheng_d_product", "D_PosSent": "zheng_d_possent", "S_Rel": "zheng_s_rel",
    "S_Adult": "zheng_s_adult", "Duck": "zheng_duck", "Dog": "zheng_dog", "Face": "zheng_face",
}  # fmt: skip
MAIN_SETS = ("D_Product", "D_PosSent", "S_Rel", "S_Adult")
ANCHORS = {
    "D_Product": "crowd-kit paper DS 0.940; VLDB'17 best 0.9378 (BCC)",
    "D_PosSent": "crowd-kit paper DS 0.960; VLDB'17 best 0.9600 (D&S and others)",
    "S_Rel": "crowd-kit paper DS 0.615; VLDB'17 best 0.6164 (LFC)",
    "S_Adult": "crowd-kit paper MV 0.763 (333 items)",
}
CK_METHODS = ["MajorityVote", "DawidSkene", "OneCoinDawidSkene", "GLAD", "MACE"]
RUNNER = '''
import json, sys, time, warnings
import pandas as pd
from crowdkit import aggregation as agg
warnings.filterwarnings("ignore")
files, names = json.loads(sys.argv[1]), json.loads(sys.argv[2])
out = {}
for set_name, path in files.items():
    df = pd.read_csv(path)
    df.columns = ["task", "worker", "label"]
    df = df.astype({"task": str, "worker": str, "label": str})
    binary = df["label"].nunique() == 2
    for name in names:
        if name == "KOS" and not binary:
            continue
        try:
            model = getattr(agg, name)()
            t = time.perf_counter()
            labels = model.fit_predict(df)
            secs = time.perf_counter() - t
            print(set_name, name, round(secs, 2), file=sys.stderr, flush=True)
            out[f"{set_name}|{name}"] = {"time": secs,
                                         "labels": {str(k): str(v) for k, v in labels.items()}}
        except Exception as exc:  # crowd-kit failures are reported, not fatal
            out[f"{set_name}|{name}"] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
json.dump(out, sys.stdout)
'''


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def _accuracy(labels: dict[str, str], truth: dict[str, str]) -> float:
    keys = [k for k in truth if k in labels]
    return sum(labels[k] == truth[k] for k in keys) / len(keys)


def run_jingshu(repeats: int) -> dict[str, dict[str, tuple[float, float]]]:
    """Accuracy and best-of-``repeats`` seconds per (set, method)."""
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for set_name, folder in SETS.items():
        rows = _read(CROWD / folder / "answer.csv")
        truth = {r[0]: r[1] for r in _read(CROWD / folder / "truth.csv")}
        answers = Answers.from_lists([r[0] for r in rows], [r[1] for r in rows],
                                     [r[2] for r in rows])
        results[set_name] = {}
        for short, cls in METHODS.items():
            best = float("inf")
            for _ in range(repeats):
                t = time.perf_counter()
                result = cls().fit(answers)
                best = min(best, time.perf_counter() - t)
            labels = {str(k): str(v) for k, v in result.as_dict().items()}
            results[set_name][short] = (_accuracy(labels, truth), best)
            print(f"jingshu {set_name:10s} {short:8s} {results[set_name][short]}", flush=True)
    return results


def run_numeric() -> dict[str, tuple[float, float]]:
    """MAE and seconds per numeric method on N_Emotion."""
    rows = _read(CROWD / "zheng_n_emotion" / "answer.csv")
    truth = {r[0]: float(r[1]) for r in _read(CROWD / "zheng_n_emotion" / "truth.csv")}
    answers = NumericAnswers.from_lists([r[0] for r in rows], [r[1] for r in rows],
                                        [r[2] for r in rows])
    out = {}
    for short, cls in NUMERIC_METHODS.items():
        t = time.perf_counter()
        values = cls().fit(answers).as_dict()
        secs = time.perf_counter() - t
        out[short] = (sum(abs(values[k] - v) for k, v in truth.items()) / len(truth), secs)
    return out


def run_crowdkit(methods: list[str]) -> dict[str, dict[str, tuple[float, float] | str]]:
    """crowd-kit's accuracy and seconds per (set, method), or its error message."""
    python = VENV / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} missing: python -m venv {VENV} && "
                         f"{VENV}/bin/pip install crowd-kit")
    script = OUT / "crowdkit_runner.py"
    script.write_text(RUNNER, "utf-8")
    files = {s: str(CROWD / f / "answer.csv") for s, f in SETS.items()}
    proc = subprocess.run([str(python), str(script), json.dumps(files), json.dumps(methods)],
                          stdout=subprocess.PIPE, text=True, check=True)
    raw = json.loads(proc.stdout)
    results: dict[str, dict[str, tuple[float, float] | str]] = {s: {} for s in SETS}
    for key, value in raw.items():
        set_name, name = key.split("|")
        truth = {r[0]: r[1] for r in _read(CROWD / SETS[set_name] / "truth.csv")}
        results[set_name][name] = (value["error"] if "error" in value else
                                   (_accuracy(value["labels"], truth), value["time"]))
    return results


def _table(ours: dict[str, dict[str, tuple[float, float]]],
           theirs: dict[str, dict[str, tuple[float, float] | str]]) -> list[str]:
    sets = list(SETS)
    lines = ["| method | " + " | ".join(sets) + " | mean (4 main) | time, s (sum, 7 sets) |",
             "|---" * (len(sets) + 3) + "|"]

    def row(label: str, cells: list[tuple[float, float] | str | None]) -> str:
        accs = [c[0] for c in cells[:4] if isinstance(c, tuple)]
        mean = f"{sum(accs) / 4:.4f}" if len(accs) == 4 else "—"
        secs = sum(c[1] for c in cells if isinstance(c, tuple))
        text = [f"{c[0]:.4f}" if isinstance(c, tuple) else ("fails" if c else "—")
                for c in cells]
        return f"| {label} | " + " | ".join(text) + f" | {mean} | {secs:.2f} |"

    for short in METHODS:
        lines.append(row(f"jingshu {short}", [ours[s][short] for s in sets]))
    for name in CK_METHODS:
        cells = [theirs.get(s, {}).get(name) for s in sets]
        if any(c is not None for c in cells):
            lines.append(row(f"crowd-kit {name}", cells))
    return lines


def _best(results: dict[str, dict[str, tuple[float, float]]] |
          dict[str, dict[str, tuple[float, float] | str]], s: str) -> tuple[str, float, float]:
    scored = [(n, v[0], v[1]) for n, v in results[s].items() if isinstance(v, tuple)]
    return max(scored, key=lambda x: x[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--skip-crowdkit-glad", action="store_true",
                        help="leave out crowd-kit's GLAD (over 10 minutes on D_Product here)")
    args = parser.parse_args()
    if not CROWD.exists():
        raise SystemExit(f"{CROWD} is missing")
    ours = run_jingshu(args.repeats)
    numeric = run_numeric()
    methods = [m for m in CK_METHODS if not (args.skip_crowdkit_glad and m == "GLAD")]
    theirs = run_crowdkit(methods)
    lines = [
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; date {dt.date.today().isoformat()}; crowd-kit "
        "1.4.2 in bench/out/venv-crowdkit (Wawa skipped: fails with current scikit-learn).",
        "",
        "Command: `.venv/bin/python bench/bench_aggregate.py"
        + (" --skip-crowdkit-glad` (crowd-kit's GLAD left out: over 10 minutes on "
           "D_Product on this machine)" if args.skip_crowdkit_glad else "`"),
        "",
        "Accuracy on items with truth (S_Adult: the 333 with answers), one run, default "
        "parameters on both sides. Time is the aggregation call only.",
        "",
        *_table(ours, theirs),
        "",
        "Best per set (ours vs crowd-kit's), published anchors beside:",
        "",
        "| set | best jingshu | best crowd-kit | jingshu ibcc | time ibcc / crowd-kit DS | "
        "anchor |",
        "|---|---|---|---|---|---|",
    ]
    for s in SETS:
        bo, bt = _best(ours, s), _best(theirs, s)
        ds = theirs[s].get("DawidSkene")
        ratio = f"{ours[s]['ibcc'][1] / ds[1]:.2f}×" if isinstance(ds, tuple) else "—"
        lines.append(f"| {s} | {bo[0]} {bo[1]:.4f} | {bt[0]} {bt[1]:.4f} | "
                     f"{ours[s]['ibcc'][0]:.4f} | {ratio} | {ANCHORS.get(s, '')} |")
    lines += ["", "N_Emotion (numeric, MAE, lower is better; anchor: VLDB'17 Mean 12.02):", "",
              "| method | MAE | time, s |", "|---|---|---|"]
    lines += [f"| jingshu {k} | {v[0]:.3f} | {v[1]:.4f} |" for k, v in numeric.items()]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("aggregate", "## Truth inference (annotate/aggregate)\n\n" + text)


if __name__ == "__main__":
    main()
