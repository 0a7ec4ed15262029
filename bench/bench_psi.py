"""PSI: ECDH over X25519 or ristretto255 between two processes on loopback.

Run: ``.venv/bin/python bench/bench_psi.py [--sizes 100000 1000000] [--workers 2]
[--suite x25519 ristretto255]``.
The serving side is a separate process (``jingshu psi serve``); its time to blind
its own set before serving is measured apart from the join. Anchor (issue 6):
SecretFlow's ECDH-PSI, 10^7 per side in 67 s on 32 cores ≈ 214 core-µs per row.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from report import write_section

from jingshu.psi import SUITES, join, read_identifiers
from jingshu.psi.x25519 import backend

ANCHOR_CORE_US = 214.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _write(path: Path, start: int, n: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(f"{110000000000000000 + start + i:018d}\n" for i in range(n))


def run(n: int, workers: int, suite: str, folder: Path) -> dict[str, float | str]:
    a, b = folder / f"a{n}.txt", folder / f"b{n}.txt"
    _write(a, 0, n)
    _write(b, n // 2, n)  # half shared
    port = _free_port()
    t0, cpu0, children0 = time.perf_counter(), time.process_time(), _children_cpu()
    server = subprocess.Popen([sys.executable, "-m", "jingshu.cli.main", "psi", "serve",
                               "--file", str(a), "--port", str(port), "--workers",
                               str(workers), "--suite", suite], stderr=subprocess.DEVNULL,
                              env=os.environ | {"JINGSHU_HOME": str(folder / "home")})
    try:
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        ready = time.perf_counter() - t0
        ids = read_identifiers(b, "resident_id")
        result = join(ids, f"http://127.0.0.1:{port}", "resident_id", workers=workers,
                      suite=suite)
    finally:
        server.terminate()
        server.wait()
    cpu = time.process_time() - cpu0 + _children_cpu() - children0
    assert result.intersection_size == n - n // 2, result.intersection_size
    return {"suite": suite, "n": n, "serve_setup_s": ready, "join_s": result.seconds,
            "total_s": ready + result.seconds,
            "mb": (result.bytes_sent + result.bytes_received) / 1e6,
            "core_us_per_row": (ready + result.seconds) * workers / (2 * n) * 1e6,
            "cpu_s": cpu, "cpu_us_per_row": cpu / (2 * n) * 1e6}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--suite", nargs="+", choices=SUITES, default=list(SUITES))
    args = parser.parse_args()
    rows = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for suite in args.suite:
            for n in args.sizes:
                r = run(n, args.workers, suite, Path(tmp))
                print(r, flush=True)
                rows.append(r)
                _report(args, rows, load_before)  # after each row: long runs keep partial


def _report(args: argparse.Namespace, rows: list[dict[str, float | str]], load: float) -> None:
    table = ["| suite | per side | server blinds own set (s) | join (s) | total (s) "
             "| MB exchanged | core-µs per row (wall × workers) | CPU s, both sides "
             "| CPU-µs per row |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    table += [f"| {r['suite']} | {r['n']:,} | {r['serve_setup_s']:.1f} | {r['join_s']:.1f} | "
              f"{r['total_s']:.1f} | {r['mb']:.1f} | {r['core_us_per_row']:.0f} | "
              f"{r['cpu_s']:.1f} | {r['cpu_us_per_row']:.0f} |" for r in rows]
    write_section("psi", "\n".join([
        "## PSI (ECDH over X25519 or ristretto255, two processes on loopback)", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{load:.1f} before / {os.getloadavg()[0]:.1f} after; x25519 arithmetic: "
        f"{backend()}; {date.today()}; `python bench/bench_psi.py --sizes "
        f"{' '.join(map(str, args.sizes))} --workers {args.workers} --suite "
        f"{' '.join(args.suite)}`. Half of each set is shared. Anchor: SecretFlow ECDH-PSI "
        "≈ 214 core-µs per row (10^7 per side, 67 s, 32 cores); target 10^6 × 10^6 ≤ 60 s "
        "here. Rows are per side (2n in all). CPU s: user + system time of the joining "
        "process and the serving process with its workers, a measure the other load on "
        "a shared machine inflates far less than wall time.", "", *table]))


if __name__ == "__main__":
    main()
