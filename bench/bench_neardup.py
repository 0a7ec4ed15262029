"""Near-duplicate benchmark on ../shared/bench/neardup_zh.jsonl, jingshu beside its anchors.

jingshu: zh-web hashing normalization (NFKC, width, t2s, punctuation and spaces),
boilerplate lines, frequent-line removal, exact + MinHash-LSH near dedup with
verification (threshold 0.5). Anchors, each in its own virtualenv under bench/out/:
datasketch (raw text, and after plain normalization), Data-Juicer 1.6.1
``document_minhash_deduplicator``, datatrove's MinHash steps. Every run is scored by
../shared/bench/score_neardup.py from the ids it kept.

usage: python bench/bench_neardup.py [--repeats 3] [--skip-dj] [--skip-datatrove]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.report import write_section  # noqa: E402

GOLD = ROOT.parent / "shared" / "bench" / "neardup_zh.jsonl"
SCORER = ROOT.parent / "shared" / "bench" / "score_neardup.py"
OUT = ROOT / "bench" / "out" / "neardup"
ANCHORS = ROOT / "bench" / "anchors"
VENVS = {
    "datasketch": ["datasketch", "opencc-python-reimplemented"],
    "dj": ["py-data-juicer==1.6.1", "aiohttp"],
    "datatrove": ["datatrove[processing]", "spacy", "jieba", "orjson"],
}


def venv_python(name: str) -> Path:
    """The anchor's interpreter, creating its virtualenv under bench/out/ when missing."""
    venv = ROOT / "bench" / "out" / f"venv-{name}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *VENVS[name]], check=True)
    return python


def score(kept: Path) -> dict[str, object]:
    text = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(kept)],
                          capture_output=True, text=True, check=True).stdout
    per_edit = dict(re.findall(r"(\w[\w-]*) ([01]\.\d+)", text.splitlines()[0]))
    return {"recall": float(re.search(r"dup_recall ([\d.]+)", text).group(1)),  # type: ignore[union-attr]
            "lost": int(re.search(r"lost (\d+)", text).group(1)),  # type: ignore[union-attr]
            "per_edit": per_edit}


def run_jingshu(workers: int) -> tuple[float, Path]:
    """One timed run in a fresh interpreter: split into shards, dedup, write ids.

    The timer starts after the imports (as the anchors' do) and covers splitting the
    input, building the normalization table, reading, all steps and writing.
    """
    out = OUT / f"jingshu-w{workers}"
    code = f"""
import json, shutil, time, gzip
from pathlib import Path
from jingshu.corpus.dedup import NearDedupConfig, dedup_files
started = time.perf_counter()  # after imports, like the anchors' timers
out = Path({str(out)!r}); shutil.rmtree(out, ignore_errors=True); (out / "in").mkdir(parents=True)
lines = Path({str(GOLD)!r}).read_text("utf-8").splitlines(keepends=True)
step = -(-len(lines) // {workers})
for i in range({workers}):
    (out / "in" / f"{{i}}.jsonl").write_text("".join(lines[i * step:(i + 1) * step]), "utf-8")
config = NearDedupConfig(threshold=0.5, verify=True, line_min_docs=10)
dedup_files(out / "in", out / "kept", config, workers={workers}, fmt="jsonl", progress=False)
seconds = time.perf_counter() - started
ids = [json.loads(l)["id"] for f in sorted((out / "kept").glob("*.jsonl")) for l in open(f)]
(out / "kept.txt").write_text("\\n".join(ids) + "\\n", "utf-8")
print(json.dumps({{"seconds": seconds}}))
"""
    python = ROOT / ".venv" / "bin" / "python"
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])["seconds"], out / "kept.txt"


def run_anchor(name: str, script: str, args: list[str], kept: Path) -> float:
    result = subprocess.run([str(venv_python(name)), str(ANCHORS / script), str(GOLD),
                             str(kept), *args], capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return float(json.loads(result.stdout.strip().splitlines()[-1])["seconds"])


def median_runs(fn, repeats: int) -> tuple[float, Path]:  # type: ignore[no-untyped-def]
    runs = [fn() for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), runs[-1][1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-dj", action="store_true")
    ap.add_argument("--skip-datatrove", action="store_true")
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float, dict[str, object]]] = []
    for workers in (1, 2):
        seconds, kept = median_runs(lambda w=workers: run_jingshu(w), a.repeats)
        rows.append((f"jingshu zh-web dedup, {workers} worker(s)", seconds, score(kept)))
        print(rows[-1], flush=True)
    anchors = [("datasketch raw, t=0.7", "datasketch", "neardup_datasketch.py", ["raw", "0.7"]),
               ("datasketch plain norm., t=0.7", "datasketch", "neardup_datasketch.py",
                ["plain", "0.7"]),
               ("datasketch plain norm., t=0.5", "datasketch", "neardup_datasketch.py",
                ["plain", "0.5"])]
    if not a.skip_dj:
        anchors.append(("Data-Juicer 1.6.1 minhash, np 2", "dj", "neardup_dj.py", []))
    if not a.skip_datatrove:
        anchors.append(("datatrove MinHash (zh tokenizer), 2 tasks", "datatrove",
                        "neardup_datatrove.py", [str(OUT / "datatrove-work")]))
    for label, venv, script, args in anchors:
        kept = OUT / f"{venv}-{len(rows)}.txt"
        try:
            seconds, _ = median_runs(
                lambda v=venv, s=script, g=args, k=kept: (run_anchor(v, s, g, k), k),
                1 if venv != "datasketch" else a.repeats)
            rows.append((label, seconds, score(kept)))
        except Exception as exc:  # an anchor failing is reported, not fatal
            rows.append((label, float("nan"), {"error": str(exc)[-300:]}))
        print(rows[-1], flush=True)
    write_section("neardup", _markdown(rows, a))


def _markdown(rows: list[tuple[str, float, dict[str, object]]], a: argparse.Namespace) -> str:
    best = min(s for label, s, _ in rows if label.startswith("jingshu"))
    edits = sorted({e for _, _, r in rows for e in dict(r.get("per_edit", {}))})  # type: ignore[call-overload]
    head = ("| method | dup_recall | lost clusters | seconds (median) | time / jingshu best | "
            + " | ".join(edits) + " |")
    lines = [
        "## Near-duplicate removal on neardup_zh.jsonl", "",
        f"Machine: {platform.node()}, {platform.processor() or platform.machine()}, "
        f"2 cores; date {date.today()}; command `python bench/bench_neardup.py "
        f"--repeats {a.repeats}`. jingshu: threshold 0.5, 128 permutations, 5-char "
        "shingles, verification by true Jaccard, frequent lines (10+ documents) ignored; "
        "its time, in a fresh interpreter after imports, covers splitting the input into "
        "shards, reading, every step and writing the kept documents; anchors' times are "
        "their dedup step on data already loaded (datasketch: hashing + LSH; "
        "Data-Juicer: op.run; datatrove: its four steps). "
        "Per-edit columns: recall per edit type (score_neardup.py).", "",
        head, "|" + "---|" * (5 + len(edits)),
    ]
    for label, seconds, r in rows:
        if "error" in r:
            lines.append(f"| {label} | failed: {r['error']} |")
            continue
        per = dict(r["per_edit"])  # type: ignore[call-overload]
        lines.append(f"| {label} | {r['recall']:.4f} | {r['lost']} | {seconds:.2f} | "
                     f"{seconds / best:.1f}x | " + " | ".join(per.get(e, "") for e in edits)
                     + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"done in {time.perf_counter() - started:.0f} s")
