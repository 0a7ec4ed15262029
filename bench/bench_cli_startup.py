"""Benchmark: how long ``jingshu`` takes before it does anything (CLI start-up).

Runs each command N times in a fresh interpreter, for the current tree and for the
anchor, the same source at an earlier commit (``--before``, default the last commit
before start-up was made lazy), side by side. Reports the median wall time and the
median CPU time (user + sys of the child, from ``os.wait4``), and for the current tree
the packages that cost most to import (``python -X importtime``, self time summed per
top-level package).

usage: python bench/bench_cli_startup.py [--runs 7] [--before 213a5d4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

__all__ = ["Timing", "main"]

REPO = Path(__file__).resolve().parents[1]
ENTRY = "from jingshu.cli.main import main; main()"
COMMANDS: dict[str, tuple[list[str], bytes]] = {
    "jingshu --help": (["--help"], b""),
    "jingshu --version": (["--version"], b""),
    "echo 测试 | jingshu clean": (["clean"], "测试\n".encode()),
}
# The targets: --help within 0.5 s (wall), clean within 1.5 s of CPU.
TARGETS = {"jingshu --help": ("wall", 0.5), "echo 测试 | jingshu clean": ("cpu", 1.5)}


@dataclass(frozen=True)
class Timing:
    """Medians of N runs of one command on one tree.

    Args:
        wall: median wall seconds.
        cpu: median user + sys CPU seconds of the child.
    """

    wall: float
    cpu: float


def _run_once(src: Path, args: list[str], stdin: bytes) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", ENTRY, *args], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{src}: jingshu {' '.join(args)} failed:\n{err.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(src: Path, args: list[str], stdin: bytes, runs: int) -> Timing:
    """Median wall and CPU seconds of ``runs`` fresh runs (one warm-up run first)."""
    _run_once(src, args, stdin)
    samples = [_run_once(src, args, stdin) for _ in range(runs)]
    return Timing(statistics.median(w for w, _ in samples),
                  statistics.median(c for _, c in samples))


def import_offenders(src: Path, args: list[str], stdin: bytes,
                     top: int = 6) -> list[tuple[str, float]]:
    """The top-level packages with the most import self time (ms), from ``-X importtime``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", ENTRY, *args], env=env,
                          input=stdin, capture_output=True, check=True)
    per_package: dict[str, float] = defaultdict(float)
    for line in done.stderr.decode().splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[12:].split("|"))
        if self_us.isdigit():
            per_package[name.split(".")[0]] += int(self_us) / 1000
    return sorted(per_package.items(), key=lambda item: -item[1])[:top]


def _anchor_tree(commit: str, into: Path) -> Path:
    archive = into / "src.tar"
    with archive.open("wb") as fh:
        subprocess.run(["git", "-C", str(REPO), "archive", commit, "src"], stdout=fh, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def render(rows: dict[str, tuple[Timing, Timing]], offenders: dict[str, list[tuple[str, float]]],
           runs: int, before: str) -> str:
    """The Markdown section for docs/benchmarks.md."""
    lines = [
        "## CLI start-up",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs (shared), "
        f"Python {platform.python_version()}",
        f"- date: {dt.date.today().isoformat()}; 1-minute load average at the end "
        f"{os.getloadavg()[0]:.1f} (wall times grow with it; CPU times much less)",
        f"- command: `python bench/bench_cli_startup.py --runs {runs} --before {before}`",
        f"- median of {runs} fresh interpreters per cell (after one warm-up run); CPU is the "
        "child's user + sys time; anchor: the same source at commit "
        f"`{before}` (everything imported at start-up)",
        "",
        "| command | before wall s | before CPU s | now wall s | now CPU s | target | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name, (old, new) in rows.items():
        goal, met = "", ""
        if name in TARGETS:
            kind, limit = TARGETS[name]
            goal = f"{kind} ≤ {limit} s"
            met = "yes" if getattr(new, kind) <= limit else "no"
        cell = name.replace("|", "\\|")
        lines.append(f"| `{cell}` | {old.wall:.2f} | {old.cpu:.2f} | {new.wall:.2f} | "
                     f"{new.cpu:.2f} | {goal} | {met} |")
    lines += ["", "Largest imports now (`python -X importtime`, self time summed per package):",
              ""]
    for name, items in offenders.items():
        listed = ", ".join(f"{pkg} {ms:.0f} ms" for pkg, ms in items)
        lines.append(f"- `{name}`: {listed}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh runs per cell (median)")
    parser.add_argument("--before", default="213a5d4", help="anchor commit")
    parser.add_argument("--no-write", action="store_true", help="print only")
    opts = parser.parse_args(argv)
    rows: dict[str, tuple[Timing, Timing]] = {}
    offenders: dict[str, list[tuple[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="jingshu-startup-") as tmp:
        old_src = _anchor_tree(opts.before, Path(tmp))
        for name, (args, stdin) in COMMANDS.items():
            rows[name] = (measure(old_src, args, stdin, opts.runs),
                          measure(REPO / "src", args, stdin, opts.runs))
            offenders[name] = import_offenders(REPO / "src", args, stdin)
            print(name, rows[name], file=sys.stderr)
    text = render(rows, offenders, opts.runs, opts.before)
    print(text)
    if not opts.no_write:
        write_section("cli-startup", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
