"""Media endpoint lookup: does version V name file SHA, and in which format?

Anchor (the code before ``jingshu.store.media_index``): scan the version's sha256
column batch by batch with ``pyarrow.compute.index`` on every request. Now: the
sorted index (built on the first request of a process, then a binary search). Both
run here on the same stored versions (synthetic sha256 values, one per row, a
``format`` column), asking for the last row's file (the scan's worst case) and for a
file the version does not name.

    python bench/bench_media_lookup.py --rows 100000 1000000 --asks 200
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

from jingshu.store import DatasetStore, Provenance, StoredVersion
from jingshu.store.media_index import MediaIndex


def _version(store: DatasetStore, rows: int) -> StoredVersion:
    with store.writer(f"bench-{rows}", creator="bench",
                      made_by=Provenance("import", "synthetic")) as writer:
        for start in range(0, rows, 100_000):
            ids = range(start, min(rows, start + 100_000))
            shas = [hashlib.sha256(i.to_bytes(8, "little")).hexdigest() for i in ids]
            writer.write_batch(pa.record_batch({
                "id": pa.array([str(i) for i in ids]),
                "image_sha256": pa.array(shas),
                "format": pa.array(["JPEG" if i % 4 else "PNG" for i in ids])}))
        location, _manifest = writer.commit()
    return store.open(location)


def _scan(stored: StoredVersion, sha: str) -> str | None:
    """The anchor: the per-request scan that the index replaced."""
    for batch in stored.iter_batches(columns=["image_sha256", "format"]):
        hits = pc.index(batch.column(0), sha).as_py()
        if hits >= 0:
            return str(batch.column(1)[hits].as_py())
    return None


def _median_ms(fn, asks: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(asks):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--asks", type=int, default=200, help="lookups per measure")
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs")
    args = parser.parse_args(argv)
    lines = ["| rows | anchor scan, last row (median ms) | index build, once per process: "
             "wall (CPU) s | index lookup, last row (median ms) | absent file: scan / index (ms) | "
             "index memory (MB) | scan ÷ index |", "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        store = DatasetStore(tmp)
        for rows in args.rows:
            stored = _version(store, rows)
            last = hashlib.sha256((rows - 1).to_bytes(8, "little")).hexdigest()
            absent = hashlib.sha256(b"absent").hexdigest()
            scan_asks = max(3, min(args.asks, 2_000_000 // rows))
            scan = _median_ms(lambda: _scan(stored, last), scan_asks)  # noqa: B023
            scan_absent = _median_ms(lambda: _scan(stored, absent), scan_asks)  # noqa: B023
            started, cpu = time.perf_counter(), time.process_time()
            index = MediaIndex.build(stored, "image_sha256")
            build = time.perf_counter() - started
            build_cpu = time.process_time() - cpu
            assert index.find(last) == (True, _scan(stored, last))
            found = _median_ms(lambda: index.find(last), args.asks)  # noqa: B023
            missing = _median_ms(lambda: index.find(absent), args.asks)  # noqa: B023
            lines.append(f"| {rows:,} | {scan:.2f} | {build:.2f} ({build_cpu:.2f} CPU) | "
                         f"{found:.4f} | "
                         f"{scan_absent:.2f} / {missing:.4f} | {index.nbytes / 1e6:.1f} | "
                         f"{scan / found:,.0f} |")
            print(lines[-1], flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    body = "\n".join([
        "## Media endpoint lookup (which files a version names)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs shared with other jobs "
        f"(load average {os.getloadavg()[0]:.1f}), Python {platform.python_version()}; "
        f"date {date.today()}; command `python bench/bench_media_lookup.py --rows "
        f"{' '.join(map(str, args.rows))} --asks {args.asks}`. Synthetic sha256 values, "
        "one per row, local store. Anchor: the per-request scan of the sha256 column "
        "(`pyarrow.compute.index` per batch, the code before `jingshu.store.media_index`), "
        "run side by side in the same process on the same versions. Every media request "
        "(viewer thumbnails, audio players, annotation media) asks this once.",
        "",
        *lines,
        "",
        f"Peak RSS of the whole run: {peak:.0f} MB. The index is built on a process's "
        "first request for a version (the build column is the first-request latency) "
        "and kept for the 4 most recently used versions per process.",
    ])
    print(body)
    if not args.no_write:
        write_section("media-lookup", body)


if __name__ == "__main__":
    main()
