"""PSI serving side before/after its move to the API's ASGI stack (issue 12).

Run: ``.venv/bin/python bench/bench_psi_server.py [--size 100000] [--reps 3]
[--anchor 8ea8be9^]``

The anchor is ``src/jingshu/psi/server.py`` at ``--anchor`` (``http.server`` with
string routing), loaded from git into this process; the current one is the FastAPI
app under uvicorn. Both serve the same prepared set in a thread of this process and
the same joiner (``jingshu.psi.join``, x25519, one worker) runs against each,
interleaved anchor, current, anchor, current ...; half of the joiner's identifiers
are shared. Reported: the CPU seconds of the process (server threads and joiner: HTTP,
routing and both sides' arithmetic) for a join and for a size-only join (the session
endpoints), best and median; CPU time is what the other load on a shared machine
inflates least. The table goes
to docs/benchmarks.md (section ``psi-server``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

from jingshu.psi import join
from jingshu.psi import server as current

ROOT = Path(__file__).resolve().parents[1]


def _anchor(rev: str) -> ModuleType:
    source = subprocess.run(["git", "show", f"{rev}:src/jingshu/psi/server.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "psi_server_anchor.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("psi_server_anchor", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _once(module: ModuleType, ours: list[str], theirs: list[str]) -> tuple[float, float]:
    server = module.make_server(module.PsiState.prepare(ours, "resident_id"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    time.sleep(0.2)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        cpu = time.process_time()
        full = join(theirs, url, "resident_id")
        cpu_full, cpu = time.process_time() - cpu, time.process_time()
        size_only = join(theirs, url, "resident_id", size_only=True)
        cpu_size = time.process_time() - cpu
        assert full.intersection_size == size_only.intersection_size == len(ours) // 2
    finally:
        server.shutdown()
        server.server_close()
    return cpu_full, cpu_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="identifiers per side")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--anchor", default="8ea8be9^", help="git revision of the anchor")
    args = parser.parse_args()
    ours = [f"{i:017d}X" for i in range(args.size)]
    theirs = [f"{i:017d}X" for i in range(args.size // 2, args.size // 2 + args.size)]
    runs: dict[str, list[tuple[float, float]]] = {"anchor": [], "current": []}
    modules = {"anchor": _anchor(args.anchor), "current": current}
    load_before = os.getloadavg()[0]
    for _ in range(args.reps):
        for name, module in modules.items():
            runs[name].append(_once(module, ours, theirs))
            print(name, runs[name][-1], flush=True)
    load_after = os.getloadavg()[0]

    rows = []
    for i, what in enumerate(("join, identifiers learnt", "join, size only (sessions)")):
        cells = []
        for name in ("anchor", "current"):
            times = [r[i] for r in runs[name]]
            cells.append((min(times), statistics.median(times),
                          ", ".join(f"{t:.2f}" for t in times)))
        (best_a, med_a, all_a), (best_c, med_c, all_c) = cells
        rows.append(f"| {what} | {best_a:.2f} | {best_c:.2f} | {best_c / best_a:.2f} | "
                    f"{med_a:.2f} | {med_c:.2f} | {med_c / med_a:.2f} | {all_a} | {all_c} |")
    command = (f"python bench/bench_psi_server.py --size {args.size} --reps {args.reps} "
               f"--anchor {args.anchor}")
    write_section("psi-server", "\n".join([
        "## PSI server: http.server (anchor) vs FastAPI under uvicorn (issue 12)", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other sessions, "
        f"load average {load_before:.1f} before / {load_after:.1f} after; {date.today()}; "
        f"`{command}`. {args.size:,} identifiers per side, half shared, x25519, one "
        "worker; server and joiner in one process, anchor and current interleaved. "
        "CPU seconds of the process (server threads and joiner) per join: the best run "
        "and the median; all runs listed.", "",
        "| join | anchor best | current best | ratio | anchor median | current median | "
        "ratio | anchor runs | current runs |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
        *rows,
    ]))


if __name__ == "__main__":
    main()
