"""Benchmark: importing a real Chinese JSONL corpus into the dataset store.

Compares ``jingshu.store`` (read_source streaming + DatasetStore writer) with the
anchor ``pyarrow.json.read_json`` + ``pyarrow.parquet.write_table`` on the same file,
each run in its own child process so peak RSS is measured per run.

usage: python bench/bench_import.py [--quick] [--repeat-large 10] [--reps 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

__all__ = ["Result", "main"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TOOLS = ("jingshu", "anchor")


@dataclass(frozen=True)
class Result:
    """Median of the repetitions of one tool on one file.

    Args:
        label: the corpus size label.
        tool: ``jingshu`` or ``anchor``.
        mb: input size in MB (10^6 bytes).
        seconds: median seconds.
        rss_mib: median peak RSS of the child in MiB.
    """

    label: str
    tool: str
    mb: float
    seconds: float
    rss_mib: float

    @property
    def mb_s(self) -> float:
        """Throughput in MB of input per second."""
        return self.mb / self.seconds


def _work_jingshu(src: str, out: str) -> None:
    from jingshu.store import DatasetStore, Provenance, read_source

    store = DatasetStore(out)
    with store.writer("bench", creator="bench", made_by=Provenance("import", src)) as w:
        for batch in read_source(src):
            w.write_batch(batch)
        w.commit()


def _work_anchor(src: str, out: str) -> None:
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    table = pj.read_json(src)
    pq.write_table(table, f"{out}/anchor.parquet", compression="zstd")


def _worker(tool: str, src: str, out: str) -> None:
    start = time.perf_counter()
    (_work_jingshu if tool == "jingshu" else _work_anchor)(src, out)
    print(json.dumps({"seconds": time.perf_counter() - start}))


def _run_child(tool: str, src: Path, work: Path) -> tuple[float, float]:
    out = Path(tempfile.mkdtemp(dir=work))
    cmd = [sys.executable, __file__, "--worker", tool, str(src), str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    shutil.rmtree(out)
    if proc.returncode != 0:
        raise SystemExit(f"{tool} failed on {src} (exit {proc.returncode})")
    return float(json.loads(stdout)["seconds"]), usage.ru_maxrss / 1024


def _measure(label: str, src: Path, work: Path, reps: int) -> list[Result]:
    mb = src.stat().st_size / 1e6
    results = []
    for tool in TOOLS:
        runs = [_run_child(tool, src, work) for _ in range(reps)]
        results.append(
            Result(
                label,
                tool,
                mb,
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
            )
        )
        print(f"{label} {tool}: {results[-1].mb_s:.1f} MB/s, {results[-1].rss_mib:.0f} MiB")
    return results


def _machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} cores, {ram:.0f} GiB RAM, Python {platform.python_version()}"


def _table(results: list[Result], reps: int, command: str) -> str:
    lines = [
        "## Import: JSONL corpus → dataset version (Parquet, zstd)",
        "",
        f"- machine: {_machine()}",
        f"- date: {dt.date.today().isoformat()}",
        f"- command: `{command}`",
        f"- corpus: `make_corpus_zh.py` (real Chinese text); median of {reps} runs, "
        "each in its own process; peak RSS is the child's ru_maxrss",
        "- jingshu: `read_source` (streaming, 10k-row batches) + `DatasetStore.writer`; "
        "anchor: `pyarrow.json.read_json` + `pyarrow.parquet.write_table` (whole file in memory)",
        "",
        "| corpus | MB | jingshu MB/s | anchor MB/s | speed ratio | "
        "jingshu peak RSS MiB | anchor peak RSS MiB | RSS ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by = {(r.label, r.tool): r for r in results}
    for label in dict.fromkeys(r.label for r in results):
        j, a = by[(label, "jingshu")], by[(label, "anchor")]
        lines.append(
            f"| {label} | {j.mb:.0f} | {j.mb_s:.1f} | {a.mb_s:.1f} | {j.mb_s / a.mb_s:.2f} | "
            f"{j.rss_mib:.0f} | {a.rss_mib:.0f} | {j.rss_mib / a.rss_mib:.2f} |"
        )
    return "\n".join(lines)


def _corpus(work: Path, repeat: int) -> Path:
    out = work / f"corpus_x{repeat}.jsonl"
    if not out.exists():
        script = SHARED / "bench" / "make_corpus_zh.py"
        cmd = [sys.executable, str(script), str(SHARED / "data"), str(out), "--repeat", str(repeat)]
        subprocess.run(cmd, check=True)
    return out


def main() -> None:
    """Parse arguments, build the corpora, run both tools, write docs/benchmarks.md."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="base corpus only, 1 repetition")
    ap.add_argument("--repeat-large", type=int, default=10)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--worker", nargs=3, metavar=("TOOL", "SRC", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        _worker(*args.worker)
        return
    if not (SHARED / "data").exists():
        raise SystemExit(f"real data not found at {SHARED / 'data'}")
    work = REPO / "bench" / "out" / "import"
    work.mkdir(parents=True, exist_ok=True)
    reps = 1 if args.quick else args.reps
    sizes = [("base", 1)] + ([] if args.quick else [(f"x{args.repeat_large}", args.repeat_large)])
    results = []
    for label, repeat in sizes:
        results += _measure(label, _corpus(work, repeat), work, reps)
    command = "python bench/bench_import.py" + (" --quick" if args.quick else "")
    write_section("import", _table(results, reps, command))
    print(f"wrote {REPO / 'docs' / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
