"""DP sandbox: 50 concurrent queries against one privacy-budget ledger.

Run: ``.venv/bin/python bench/bench_dp.py [--database-url URL]``. 50 threads each ask
for a count with epsilon 0.1 against a budget of 3.0 (so 30 may be released);
reports released/refused, the ledger's final spend (no overrun) and latency p50/p99.
"""

from __future__ import annotations

import argparse
import os
import platform as host
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from report import write_section
from tests.sandbox.helpers import make_sandbox

from jingshu.accounts.service import get_user
from jingshu.catalog.service import get_dataset
from jingshu.errors import RuleViolation
from jingshu.platform import Platform
from jingshu.sandbox import budget_of, parse_query, run_query
from jingshu.settings import load_settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        extra = {"database_url": args.database_url} if args.database_url else {}
        plat = Platform(load_settings(home=tmp, secret_key="bench", **extra))
        rng = random.Random(1)
        rows = [{"pid": f"P{i}", "age": rng.randint(1, 90), "cost": rng.uniform(0, 5000),
                 "region": rng.choice(["东城区", "西城区", "朝阳区", "海淀区"]), "name": "x"}
                for i in range(args.rows)]
        box = make_sandbox(plat, rows=rows)

        def one(i: int) -> tuple[str, float]:
            start = time.perf_counter()
            query = {"aggregate": ("count", "mean", "histogram")[i % 3], "epsilon": 0.1,
                     "column": None if i % 3 == 0 else "age"}
            try:
                with plat.session() as s:
                    run_query(s, plat.store, get_dataset(s, box.dataset),
                              get_user(s, box.consumer), parse_query(query), actor="bench")
                status = "released"
            except RuleViolation:
                status = "refused"
            return status, time.perf_counter() - start

        with ThreadPoolExecutor(max_workers=50) as pool:
            outcomes = list(pool.map(one, range(50)))
        with plat.session() as s:
            spent = budget_of(s, get_dataset(s, box.dataset), get_user(s, box.consumer))
        plat.close()
    lat = sorted(t for _, t in outcomes)
    released = sum(1 for o, _ in outcomes if o == "released")
    p50, p99 = statistics.median(lat), lat[min(len(lat) - 1, int(0.99 * len(lat)))]
    db = "PostgreSQL" if args.database_url else "SQLite (WAL)"
    print(f"{db}: released {released}, spent {spent.epsilon_spent:.2f}/3.0, "
          f"p50 {p50:.3f}s p99 {p99:.3f}s")
    assert spent.epsilon_spent <= 3.0 + 1e-9 and released == round(spent.epsilon_spent / 0.1)
    write_section(f"dp-{'pg' if args.database_url else 'sqlite'}", "\n".join([
        f"## DP sandbox: 50 concurrent queries, one ledger ({db})", "",
        f"Machine: {host.machine()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}; {date.today()}; `python bench/bench_dp.py"
        f"{' --database-url URL' if args.database_url else ''}`. {args.rows:,} rows; 50 "
        "threads, each one count/mean/histogram at epsilon 0.1, budget 3.0.", "",
        "| released | refused (over budget) | epsilon spent / total | overrun | p50 (s) "
        "| p99 (s) |", "|---:|---:|---:|---|---:|---:|",
        f"| {released} | {50 - released} | {spent.epsilon_spent:.2f} / 3.0 | none | "
        f"{p50:.3f} | {p99:.3f} |"]))


if __name__ == "__main__":
    main()
