"""Benchmark: jingshu's quality classifier against fastText and scikit-learn.

The task (a CCNet/DCLM-style "reference text against crawl" classifier): tell edited
long-form text (Wikipedia, news and tech articles) from informal, unedited text
(reviews, Weibo posts, forum comments, jingshu's sample's ``low_quality`` documents);
see ``bench/quality_data.py``. One stratified split (80/10/10, seed 0) is shared by
all three systems; each picks its threshold for best F1 on the validation split and
is measured on the test split. Length is a strong cue here (good texts are long), so
the table also reports the test documents of 100–500 characters on their own.

- jingshu: ``train_quality_model`` (character 1–3-grams, 2**20 buckets, sparse Adam,
  5 epochs), one process; training time includes text normalization and hashing.
- fastText (``fasttext-wheel``, in ``bench/out/venv-fasttext``): supervised, characters
  as tokens with wordNgrams=3 (character 1–3-grams), 2**20 buckets, dim 50, 5 epochs,
  lr 0.5, thread=1; with numpy<2 (fasttext-wheel 0.9.2's batch predict breaks on numpy 2).
- scikit-learn (in ``bench/out/venv-sklearn``): HashingVectorizer(char, 1–3, 2**20)
  + LogisticRegression(liblinear, C=10, balanced classes).

The anchors get the text jingshu normalized (NFKC, t2s, lower case), so all three see
the same characters; their timings exclude that normalization.

usage: python bench/bench_quality.py [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_data import DATA, load_bad, load_good
from report import write_section

from jingshu.corpus.quality import (
    Evaluation,
    FeatureConfig,
    TrainConfig,
    best_f1_threshold,
    evaluate,
    normalize_text,
    split_indices,
    train_quality_model,
)

__all__ = ["main"]

OUT = Path(__file__).resolve().parent / "out" / "quality"
VENVS = {"fasttext": ("venv-fasttext", ["fasttext-wheel", "numpy<2"]),
         "sklearn": ("venv-sklearn", ["scikit-learn", "numpy", "scipy"])}
SPLITS = ("train", "validation", "test")


def _venv_python(kind: str) -> Path | None:
    """The anchor's interpreter, creating its virtualenv on first use; None if it fails."""
    name, packages = VENVS[kind]
    venv = OUT.parent / name
    python = venv / "bin" / "python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *packages], check=True)
        except subprocess.CalledProcessError as exc:
            print(f"{kind}: could not install ({exc})", file=sys.stderr)
            return None
    return python


def _run_anchor(kind: str, data: Path) -> dict[str, object] | None:
    python = _venv_python(kind)
    if python is None:
        return None
    out = OUT / f"{kind}.json"
    script = Path(__file__).resolve().parent / "quality_anchor.py"
    subprocess.run([str(python), str(script), kind, str(data), str(out)], check=True)
    result: dict[str, object] = json.loads(out.read_text("utf-8"))
    return result


def _measure(name: str, val: np.ndarray, test: np.ndarray, labels: dict[str, np.ndarray],
             mid: np.ndarray) -> dict[str, object]:
    threshold = best_f1_threshold(val, labels["validation"])
    full: Evaluation = evaluate(test, labels["test"], threshold)
    sub: Evaluation = evaluate(test[mid], labels["test"][mid], threshold)
    return {"name": name, "full": full, "mid": sub}


def _row(m: dict[str, object], train_s: float, docs_per_s: float) -> str:
    full, mid = m["full"], m["mid"]
    assert isinstance(full, Evaluation) and isinstance(mid, Evaluation)
    return (f"| {m['name']} | {full.precision:.3f} | {full.recall:.3f} | {full.f1:.3f} | "
            f"{full.roc_auc:.4f} | {mid.f1:.3f} | {mid.roc_auc:.4f} | {train_s:.1f} | "
            f"{docs_per_s:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    good_sets, bad_sets = load_good(), load_bad()
    good = [t for texts in good_sets.values() for t in texts]
    bad = [t for texts in bad_sets.values() for t in texts]
    texts = good + bad
    y = np.r_[np.ones(len(good), np.int8), np.zeros(len(bad), np.int8)]
    idx = dict(zip(SPLITS, split_indices(y, TrainConfig(seed=0)), strict=True))
    labels = {s: y[i] for s, i in idx.items()}
    test_len = np.array([len(texts[i].strip()) for i in idx["test"]])
    mid = (test_len >= 100) & (test_len <= 500)

    tr = idx["train"]
    started = time.perf_counter()
    model = train_quality_model([texts[i] for i in tr if y[i] == 1],
                                [texts[i] for i in tr if y[i] == 0], progress=True)
    js_train = time.perf_counter() - started
    started = time.perf_counter()
    js_test = model.score([texts[i] for i in idx["test"]])
    js_score = time.perf_counter() - started
    js_val = model.score([texts[i] for i in idx["validation"]])
    config = FeatureConfig()
    started = time.perf_counter()
    normalized = [normalize_text(t, config) for t in texts]
    norm_s = time.perf_counter() - started
    results = [(_measure("jingshu", js_val, js_test, labels, mid), js_train,
                len(js_test) / js_score)]

    data = OUT / "data.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for split, ids in idx.items():
            for i in ids:
                fh.write(json.dumps({"text": normalized[i], "label": int(y[i]), "split": split},
                                    ensure_ascii=False) + "\n")
    missing: list[str] = []
    for kind in ("fasttext", "sklearn"):
        got = _run_anchor(kind, data)
        if got is None:
            missing.append(kind)
            continue
        val, test = np.asarray(got["validation"]), np.asarray(got["test"])
        score_s = float(got["score_s"])  # type: ignore[arg-type]
        results.append((_measure(kind, val, test, labels, mid), float(got["train_s"]),  # type: ignore[arg-type]
                        len(test) / score_s))
    for m, train_s, rate in results:
        print(_row(m, train_s, rate))
    if not args.no_write:
        write_section("quality", _markdown(results, good_sets, bad_sets, idx, mid, norm_s,
                                           len(texts), missing))
        print("wrote docs/benchmarks.md")


def _markdown(results: list[tuple[dict[str, object], float, float]],
              good_sets: dict[str, list[str]], bad_sets: dict[str, list[str]],
              idx: dict[str, np.ndarray], mid: np.ndarray, norm_s: float, n_texts: int,
              missing: list[str]) -> str:
    counts = ", ".join(f"{k} {len(v):,}" for k, v in good_sets.items())
    bad_counts = ", ".join(f"{k} {len(v):,}" for k, v in bad_sets.items())
    lines = [
        "## Quality classifier: jingshu vs fastText vs scikit-learn", "",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; date {dt.date.today().isoformat()}; load average "
        f"at the end {os.getloadavg()[0]:.1f}",
        "- command: `.venv/bin/python bench/bench_quality.py`",
        f"- data ({DATA.name}/): good = {counts}; bad = {bad_counts}",
        f"- split 80/10/10 stratified, seed 0: train {len(idx['train']):,}, validation "
        f"{len(idx['validation']):,}, test {len(idx['test']):,} documents; each system's "
        "threshold is its best F1 on validation; precision/recall/F1 of the good class on test",
        f"- \"100–500 chars\": the {int(mid.sum()):,} test documents of that length, where "
        "length alone does not separate the classes", "",
        "| system | precision | recall | F1 | ROC-AUC | F1 100–500 chars | "
        "ROC-AUC 100–500 chars | train s | scoring docs/s |",
        "|---|---|---|---|---|---|---|---|---|",
        *(_row(m, t, r) for m, t, r in results), "",
        "jingshu's train time includes normalizing and hashing every text; its scoring "
        "rate is end to end on raw text. The anchors were given already normalized text: "
        f"normalizing all {n_texts:,} texts took jingshu {norm_s:.1f} s, which their "
        "times leave out. fastText ran with one thread; all runs are single-process. "
        "One run each (training is deterministic for jingshu; timings vary by a few "
        "percent between runs on a busy machine).",
    ]
    if missing:
        lines += ["", f"Not measured (install failed): {', '.join(missing)}."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
