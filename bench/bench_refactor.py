"""Benchmark (issue 12): the corpus reference recipe and catalog search, anchor vs now.

Times, in fresh interpreters, the current tree and the anchor (``git archive`` of
``--anchor`` into a temporary folder, run with ``PYTHONPATH=<tree>/src``), interleaved
anchor, current, anchor, current:

* the built-in ``zh-web`` recipe with 1 worker (``run_files``, local executor) over the
  first ``--docs`` documents of the reference corpus that ``bench/bench_corpus.py``
  builds (``corpus_x1.jsonl``, made by ``../shared/bench/make_corpus_zh.py``): wall
  seconds and CPU seconds of the run (interpreter start and imports excluded), and the
  documents kept, which must be equal in both trees;
* catalog search as ``bench/bench_search.py`` measures it (its ``populate``,
  ``queries`` and ``time_function``): median and p99 latency of ``search()`` over 200
  queries on a SQLite catalog of ``--datasets`` datasets, and the mean hit count,
  which must be equal in both trees.

usage: python bench/bench_refactor.py [--anchor REV] [--runs N] [--docs N]
                                      [--datasets N] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import corpus
from report import write_section

__all__ = ["main"]

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

CORPUS_CHILD = r"""
import json, resource, sys, time
from jingshu.corpus.executor import run_files

def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

c0, t0 = cpu(), time.perf_counter()
report = run_files("zh-web", sys.argv[1], sys.argv[2], workers=1, progress=False,
                   overwrite=True)
print(json.dumps({"wall_s": time.perf_counter() - t0, "cpu_s": cpu() - c0,
                  "kept": report.docs_out}))
"""

SEARCH_CHILD = r"""
import json, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bench_search import populate, queries, sqlite_database, time_function
with tempfile.TemporaryDirectory() as tmp, sqlite_database(Path(tmp)) as db:
    build = populate(db, int(sys.argv[2]))
    t = time_function(db, queries())
print(json.dumps({"populate_s": build, "median_ms": t.median_ms, "p99_ms": t.p99_ms,
                  "hits": t.mean_hits}))
"""


def _tree(rev: str, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    archive = into / "src.tar"
    with archive.open("wb") as f:
        subprocess.run(["git", "archive", rev, "src"], cwd=REPO, stdout=f, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _child(src: Path, code: str, *args: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"child failed with PYTHONPATH={src}: {done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def _slice(docs: int, into: Path) -> Path:
    """The first ``docs`` lines of the ×1 reference corpus, as one shard file."""
    folder = into / f"zh-x1-first{docs}"
    folder.mkdir(parents=True, exist_ok=True)
    with corpus(1).open("rb") as src, (folder / "part-00.jsonl").open("wb") as out:
        for _ in range(docs):
            line = src.readline()
            if not line:
                break
            out.write(line)
    return folder


ROWS = [
    ("corpus", "wall_s", "zh-web, 1 worker: wall s"),
    ("corpus", "cpu_s", "zh-web, 1 worker: CPU s"),
    ("search", "median_ms", "catalog search: median latency, ms"),
    ("search", "p99_ms", "catalog search: p99 latency, ms"),
    ("search", "populate_s", "catalog search: populate the catalog, s"),
]


def report(
    args: argparse.Namespace,
    a: dict[str, list[dict[str, float]]],
    b: dict[str, list[dict[str, float]]],
    load: tuple[float, float],
) -> str:
    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(float(r[key]) for r in rows)

    command = (
        f"python bench/bench_refactor.py --anchor {args.anchor} --runs {args.runs} "
        f"--docs {args.docs} --datasets {args.datasets}"
    )
    lines = [
        "## Before/after the issue 12 refactors",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs (shared with other "
        f"sessions), Python {platform.python_version()}",
        f"- date: {dt.date.today().isoformat()}; 1-minute load average {load[0]:.1f} "
        f"before, {load[1]:.1f} after",
        f"- command: `{command}`",
        f"- anchor: the tree at `{args.anchor}` (before the day's refactors); median of "
        f"{args.runs} fresh interpreters per side and measure, interleaved",
        f"- corpus: built-in `zh-web` recipe, local executor, 1 worker, over the first "
        f"{args.docs:,} documents of `corpus_x1.jsonl` (bench/bench_corpus.py's reference "
        "corpus); times of `run_files` only (interpreter start and imports excluded), CPU "
        "includes child processes",
        f"- search: bench/bench_search.py's 200 queries over a SQLite catalog of "
        f"{args.datasets:,} datasets, `search()` function level",
        "",
        "| measure | anchor | now | now / anchor |",
        "|---|---:|---:|---:|",
    ]
    for part, key, label in ROWS:
        x, y = med(a[part], key), med(b[part], key)
        lines.append(f"| {label} | {x:.3g} | {y:.3g} | {y / x:.2f} |")
    kept = {r["kept"] for r in [*a["corpus"], *b["corpus"]]}
    hits = {r["hits"] for r in [*a["search"], *b["search"]]}
    lines += [
        "",
        f"Documents kept equal in every run: {'yes' if len(kept) == 1 else 'NO'} "
        f"({', '.join(str(int(k)) for k in sorted(kept))}); mean hits per query equal in "
        f"every run: {'yes' if len(hits) == 1 else 'NO'} "
        f"({', '.join(f'{h:.1f}' for h in sorted(hits))}).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchor", default="ffd8914", help="the commit to compare with")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--docs",
        type=int,
        default=5000,
        help="documents of the ×1 reference corpus the recipe runs over",
    )
    parser.add_argument(
        "--datasets", type=int, default=2000, help="datasets in the search benchmark's catalog"
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    a: dict[str, list[dict[str, float]]] = {"corpus": [], "search": []}
    b: dict[str, list[dict[str, float]]] = {"corpus": [], "search": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        anchor_src = _tree(args.anchor, root / "anchor")
        source = _slice(args.docs, root)
        for i in range(args.runs):
            for side, src in ((a, anchor_src), (b, REPO / "src")):
                side["corpus"].append(_child(src, CORPUS_CHILD, str(source), str(root / "out")))
                side["search"].append(_child(src, SEARCH_CHILD, str(BENCH), str(args.datasets)))
            print(
                f"run {i + 1}: zh-web wall anchor {a['corpus'][-1]['wall_s']:.1f} s, now "
                f"{b['corpus'][-1]['wall_s']:.1f} s; search median anchor "
                f"{a['search'][-1]['median_ms']:.2f} ms, now "
                f"{b['search'][-1]['median_ms']:.2f} ms",
                file=sys.stderr,
                flush=True,
            )
    text = report(args, a, b, (load_before, os.getloadavg()[0]))
    print(text)
    if not args.no_write:
        write_section("refactor", text)


if __name__ == "__main__":
    main()
