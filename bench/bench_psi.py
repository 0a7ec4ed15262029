"""PSI: ECDH over ristretto255 between two processes on loopback.

Run: ``.venv/bin/python bench/bench_psi.py [--sizes 100000 1000000] [--workers 2]``.
The serving side is a separate process (``jingshu psi serve``); its time to blind
its own set before serving is measured apart from the join. Anchor (issue 6):
SecretFlow's ECDH-PSI, 10^7 per side in 67 s on 32 cores ≈ 214 core-µs per row.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from report import write_section

from jingshu.psi import join, read_identifiers

ANCHOR_CORE_US = 214.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _write(path: Path, start: int, n: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(f"{110000000000000000 + start + i:018d}\n" for i in range(n))


def run(n: int, workers: int, folder: Path) -> dict[str, float]:
    a, b = folder / f"a{n}.txt", folder / f"b{n}.txt"
    _write(a, 0, n)
    _write(b, n // 2, n)  # half shared
    port = _free_port()
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "jingshu.cli.main", "psi", "serve",
                               "--file", str(a), "--port", str(port), "--workers",
                               str(workers)], stderr=subprocess.DEVNULL,
                              env=os.environ | {"JINGSHU_HOME": str(folder / "home")})
    try:
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        ready = time.perf_counter() - t0
        ids = read_identifiers(b, "resident_id")
        result = join(ids, f"http://127.0.0.1:{port}", "resident_id", workers=workers)
    finally:
        server.terminate()
        server.wait()
    assert result.intersection_size == n - n // 2, result.intersection_size
    return {"n": n, "serve_setup_s": ready, "join_s": result.seconds,
            "total_s": ready + result.seconds,
            "mb": (result.bytes_sent + result.bytes_received) / 1e6,
            "core_us_per_row": (ready + result.seconds) * workers / (2 * n) * 1e6}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            r = run(n, args.workers, Path(tmp))
            print(r, flush=True)
            rows.append(r)
    load = os.getloadavg()[0]
    table = ["| per side | server blinds own set (s) | join (s) | total (s) | MB exchanged "
             "| core-µs per row |", "|---:|---:|---:|---:|---:|---:|"]
    table += [f"| {r['n']:,.0f} | {r['serve_setup_s']:.1f} | {r['join_s']:.1f} | "
              f"{r['total_s']:.1f} | {r['mb']:.1f} | {r['core_us_per_row']:.0f} |" for r in rows]
    write_section("psi", "\n".join([
        "## PSI (ECDH over ristretto255, two processes on loopback)", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} "
        f"when run; {date.today()}; `python bench/bench_psi.py --sizes "
        f"{' '.join(map(str, args.sizes))} --workers {args.workers}`. Half of each set is "
        "shared. Anchor: SecretFlow ECDH-PSI ≈ 214 core-µs per row (10^7 per side, 67 s, "
        "32 cores); target 10^6 × 10^6 ≤ 60 s here.", "", *table]))


if __name__ == "__main__":
    main()
