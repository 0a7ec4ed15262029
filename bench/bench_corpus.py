"""Benchmark: the reference corpus recipe, jingshu against Data-Juicer, same machine and data.

The corpus is the real Chinese mix from ``../shared/bench/make_corpus_zh.py`` (138k
documents, 35 MB; ``--repeat 10`` for 1.38M). jingshu runs ``bench/recipes/reference.yaml``
with its local executor over the corpus split into 8 shard files (its unit of
parallelism; exact dedup runs across all shards after them); Data-Juicer 1.6.1 runs
the equivalent operators (``chinese_convert_mapper`` t2s, ``clean_html_mapper``,
``clean_email_mapper``, ``clean_links_mapper``, ``whitespace_normalization_mapper``,
``text_length_filter`` min 10, ``character_repetition_filter`` rep_len 10 max 0.6,
``special_characters_filter`` max 0.25, ``document_deduplicator``) from its own venv
``bench/out/venv-dj`` over the single JSONL file, with ``np`` = workers. Each run is a
child process; peak RSS is the largest sum of resident memory over the whole process
tree (parent and workers), sampled every 0.1 s from /proc.

With ``--repeat 1 10`` and ``--workers 1 2`` a second table gives issue 13's scaling
targets: throughput of 2 workers over 1 at ×10 (target ≥ 1.7) and peak RSS at ×10 over
×1 (target ≤ 1.2), each marked met or not. The load average before and after is
written too: on a shared machine the worker scaling is only as good as the free cores.
jingshu runs first (×1 and ×10 with 1 worker, then with 2), Data-Juicer last, and the
section is rewritten after every run, so a run cut short leaves what it measured (the
command line then says how many runs of the plan it holds).

usage: python bench/bench_corpus.py [--repeat 1] [--workers 1 2] [--reps 1] [--no-dj]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

__all__ = ["Run", "main"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OUT = REPO / "bench" / "out" / "corpus"
DJ_PYTHON = REPO / "bench" / "out" / "venv-dj" / "bin" / "python"
RECIPE = REPO / "bench" / "recipes" / "reference.yaml"
SHARDS = 8

DJ_OPS = [
    {"chinese_convert_mapper": {"mode": "t2s"}},
    {"clean_html_mapper": {}},
    {"clean_email_mapper": {}},
    {"clean_links_mapper": {}},
    {"whitespace_normalization_mapper": {}},
    {"text_length_filter": {"min_len": 10}},
    {"character_repetition_filter": {"rep_len": 10, "max_ratio": 0.6}},
    {"special_characters_filter": {"max_ratio": 0.25}},
    {"document_deduplicator": {}},
]


@dataclass(frozen=True)
class Run:
    """One tool, one worker count, one corpus size: medians over repetitions.

    Args:
        tool: ``jingshu`` or ``data-juicer``.
        workers: Worker processes.
        docs: Input documents.
        seconds: Median wall time.
        peak_rss_mb: Median peak RSS of the process tree (MiB).
        kept: Documents written.
    """

    tool: str
    workers: int
    docs: int
    seconds: float
    peak_rss_mb: float
    kept: int

    @property
    def docs_per_s_per_core(self) -> float:
        return self.docs / self.seconds / self.workers


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def _measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    # stderr goes to a file, not a pipe: a chatty child (Data-Juicer logs a lot) would
    # fill an unread pipe and block, and forking while its log writer waits deadlocks.
    log = OUT / "logs" / f"measure-{os.getpid()}-{time.monotonic_ns()}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=sink)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)
    seconds = time.perf_counter() - started
    if proc.returncode:
        err = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{cmd[:3]} failed ({proc.returncode}): {err}")
    return seconds, peak


def corpus(repeat: int) -> Path:
    """The corpus file (made with make_corpus_zh.py when missing)."""
    path = OUT / f"corpus_x{repeat}.jsonl"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(SHARED / "bench" / "make_corpus_zh.py"),
                        str(SHARED / "data"), str(path), "--repeat", str(repeat)], check=True)
    return path


def shards(source: Path) -> Path:
    """``source`` split into :data:`SHARDS` JSONL files of consecutive lines."""
    folder = source.with_suffix(".shards")
    if folder.exists():
        return folder
    tmp = folder.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    lines = sum(1 for _ in source.open("rb"))
    per = -(-lines // SHARDS)
    with source.open("rb") as fh:
        for i in range(SHARDS):
            with (tmp / f"part-{i:02d}.jsonl").open("wb") as out:
                for _ in range(per):
                    line = fh.readline()
                    if not line:
                        break
                    out.write(line)
    tmp.rename(folder)
    return folder


def run_jingshu(source: Path, workers: int) -> tuple[float, int, int]:
    out = OUT / f"jingshu-{source.stem}-w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    code = ("import sys; from jingshu.corpus.executor import run_files; "
            "run_files(sys.argv[1], sys.argv[2], sys.argv[3], workers=int(sys.argv[4]), "
            "progress=False)")
    seconds, peak = _measure([sys.executable, "-c", code, str(RECIPE), str(shards(source)),
                              str(out), str(workers)])
    kept = json.loads((out / "report.json").read_text(encoding="utf-8"))["docs_out"]
    return seconds, peak, kept


def run_dj(source: Path, workers: int) -> tuple[float, int, int]:
    out = OUT / f"dj-{source.stem}-w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    config = {"project_name": "bench", "dataset_path": str(source),
              "export_path": str(out / "out.jsonl"), "np": workers, "text_keys": "text",
              "use_cache": False, "open_tracer": False, "process": DJ_OPS}
    (out / "config.json").write_text(json.dumps(config), encoding="utf-8")
    cfg = out / "config.yaml"
    cfg.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    env = dict(os.environ, HF_DATASETS_CACHE=str(out / "hf-cache"), HF_HUB_OFFLINE="1")
    seconds, peak = _measure([str(DJ_PYTHON), "-m", "data_juicer.tools.process_data",
                              "--config", str(cfg)], env=env)
    kept = sum(1 for _ in (out / "out.jsonl").open("rb"))
    return seconds, peak, kept


def _median_run(tool: str, source: Path, workers: int, reps: int) -> Run:
    fn = run_jingshu if tool == "jingshu" else run_dj
    results = [fn(source, workers) for _ in range(reps)]
    docs = sum(1 for _ in source.open("rb"))
    return Run(tool, workers, docs, statistics.median(r[0] for r in results),
               statistics.median(r[1] for r in results) / 2**20, results[0][2])


def _scaling(runs: list[Run]) -> list[str]:
    """Issue 13's targets: 2 workers over 1 at the largest corpus, RSS largest over smallest."""
    mine = {(r.workers, r.docs): r for r in runs if r.tool == "jingshu"}
    sizes = sorted({d for _w, d in mine})
    if len(sizes) < 2:
        return []
    small, big = sizes[0], sizes[-1]
    times = big // small
    lines = ["", f"Scaling (issue 13 targets), jingshu at ×{times}:", "",
             "| measure | value | target | met |", "|---|---|---|---|"]
    for size in (small, big):
        if (1, size) in mine and (2, size) in mine:
            speedup = mine[(1, size)].seconds / mine[(2, size)].seconds
            target = "≥ 1.7" if size == big else "-"
            met = ("yes" if speedup >= 1.7 else "no") if size == big else "-"
            lines.append(f"| throughput, 2 workers ÷ 1 worker, ×{size // small} corpus | "
                         f"{speedup:.2f} | {target} | {met} |")
    for workers in (1, 2):
        if (workers, big) not in mine or (workers, small) not in mine:
            continue
        ratio = mine[(workers, big)].peak_rss_mb / mine[(workers, small)].peak_rss_mb
        lines.append(f"| peak RSS ×{times} ÷ ×1, {workers} worker(s) | {ratio:.2f} "
                     f"({mine[(workers, big)].peak_rss_mb:,.0f} ÷ "
                     f"{mine[(workers, small)].peak_rss_mb:,.0f} MiB) | ≤ 1.2 | "
                     f"{'yes' if ratio <= 1.2 else 'no'} |")
    return lines


def _markdown(runs: list[Run], command: str, load: tuple[float, float]) -> str:
    lines = [
        "## Reference corpus recipe: jingshu and Data-Juicer, scaling with corpus and workers",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; date {dt.date.today().isoformat()}; "
        f"command `{command}`; 1-minute load average {load[0]:.1f} before, {load[1]:.1f} "
        "after (other jobs share the machine).",
        "",
        "Reference recipe (issue 3): t2s, HTML cleanup, e-mail and link removal, "
        "whitespace, length ≥ 10, char 10-gram repetition ≤ 0.6, special characters ≤ "
        "0.25, exact dedup. jingshu: `bench/recipes/reference.yaml`, 8 shard files, exact "
        "dedup across all shards (`scope: dataset`; its key ignores punctuation, spaces, "
        "script and boilerplate lines); Data-Juicer 1.6.1: equivalent operators, one file, "
        "global dedup on the raw text's hash. Kept counts differ because Data-Juicer "
        "defines its repetition and special-character ratios differently (its special "
        "characters include punctuation and digits). Peak RSS: whole process tree. The ×10 "
        "corpus is `make_corpus_zh.py --repeat 10`: the ×1 texts ten times with fresh ids, "
        "so the dataset-wide exact dedup keeps as many documents as at ×1 while every "
        "step before it sees ten times the documents.",
        "",
        "| corpus docs | tool | workers | seconds | docs/s/core | peak RSS (MiB) | kept |"
        " jingshu ÷ DJ (docs/s/core) | RSS jingshu ÷ DJ |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    by_key = {(r.tool, r.workers, r.docs): r for r in runs}
    for r in runs:
        dj = by_key.get(("data-juicer", r.workers, r.docs))
        speed = rss = "-"
        if r.tool == "jingshu" and dj is not None:
            speed = f"{r.docs_per_s_per_core / dj.docs_per_s_per_core:.1f}×"
            rss = f"{r.peak_rss_mb / dj.peak_rss_mb:.2f}"
        lines.append(f"| {r.docs} | {r.tool} | {r.workers} | {r.seconds:.1f} | "
                     f"{r.docs_per_s_per_core:,.0f} | {r.peak_rss_mb:,.0f} | {r.kept} | "
                     f"{speed} | {rss} |")
    lines += _scaling(runs)
    return "\n".join(lines) + "\n"


CACHE = OUT / "runs.jsonl"


def _remember(run: Run, repeat: int) -> None:
    record = {**dataclasses.asdict(run), "repeat": repeat, "date": dt.date.today().isoformat()}
    with CACHE.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


def _cached(tool: str, repeat: int, workers: int) -> Run | None:
    """The latest run of ``tool`` at ``repeat`` and ``workers`` measured today, if any."""
    if not CACHE.exists():
        return None
    found = None
    for line in CACHE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        key = (record.pop("tool"), record.pop("repeat"), record["workers"])
        if key == (tool, repeat, workers) and record.pop("date") == dt.date.today().isoformat():
            found = Run(tool, **record)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, nargs="+", default=[1])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--no-dj", action="store_true", help="measure jingshu only")
    parser.add_argument("--dj-repeat", type=int, nargs="+", default=[1],
                        help="corpus sizes Data-Juicer runs on (it is slow)")
    parser.add_argument("--reuse", action="store_true",
                        help=f"take runs measured today from {CACHE.name} instead of "
                        "measuring them again (to finish a plan that was cut short)")
    args = parser.parse_args()
    plan = [("jingshu", repeat, workers) for workers in args.workers
            for repeat in args.repeat]
    if not args.no_dj:
        plan += [("data-juicer", repeat, workers) for repeat in args.repeat
                 if repeat in args.dj_repeat for workers in args.workers]
    command = "python bench/bench_corpus.py " + " ".join(sys.argv[1:])
    runs: list[Run] = []
    load_before = os.getloadavg()[0]
    for tool, repeat, workers in plan:
        run = _cached(tool, repeat, workers) if args.reuse else None
        if run is None:
            run = _median_run(tool, corpus(repeat), workers, args.reps)
            _remember(run, repeat)
        print(run, f"{run.docs_per_s_per_core:,.0f} docs/s/core", flush=True)
        runs.append(run)
        done = "" if len(runs) == len(plan) else f" ({len(runs)} of {len(plan)} runs so far)"
        load = (load_before, os.getloadavg()[0])
        write_section("corpus", _markdown(runs, command.strip() + done, load))


if __name__ == "__main__":
    main()
