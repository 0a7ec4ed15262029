"""Multi-index hashing at scale: 64-bit hashes of 100 k and 1 M images, time and memory.

Random 64-bit hashes stand for distinct images (uniform: the best case for bucket
sizes; real hashes cluster more) with 1,000 planted near duplicates at 1–RADIUS bits.
Reports the pairs found (all planted ones must be; the search is exact), CPU seconds
and the peak resident memory of this process, beside brute force on a 20 k sample
extrapolated (n²). usage: python bench/bench_media_hashscale.py [--radius 4]
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.report import write_section  # noqa: E402

from jingshu.media.neardup import NearDuplicateIndex, popcount64  # noqa: E402


def _hashes(n: int, radius: int, rng: np.random.Generator
            ) -> tuple[np.ndarray, set[tuple[int, int]]]:
    h = rng.integers(0, 2**63, size=n, dtype=np.int64).astype(np.uint64) ^ (
        rng.integers(0, 2, size=n).astype(np.uint64) << np.uint64(63))
    planted = set()
    for k in range(1000):
        i, j = 2 * k, 2 * k + 1
        flips = rng.choice(64, size=rng.integers(1, radius + 1), replace=False)
        h[j] = h[i] ^ np.uint64(sum(1 << int(f) for f in flips))
        planted.add((i, j))
    return h, planted


def _brute_seconds(h: np.ndarray, n: int) -> float:
    sample = h[:20_000]
    started = time.process_time()
    for i in range(0, len(sample), 1000):
        popcount64(sample[i:i + 1000, None] ^ sample[None, :])
    return (time.process_time() - started) * (n / len(sample)) ** 2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--radius", type=int, default=4)
    a = ap.parse_args()
    rng = np.random.default_rng(17)
    lines = [
        "## Near-duplicate search at scale (multi-index hashing of 64-bit hashes)", "",
        f"Machine: {platform.node()}, {platform.machine()}, 2 cores shared; date {date.today()}; "
        f"command `python bench/bench_media_hashscale.py --radius {a.radius}`. Uniform random "
        "hashes with 1,000 planted near duplicates; radius = largest Hamming distance found. "
        "Brute force: all pairs by SWAR popcount in numpy, timed on 20 k hashes and scaled "
        "by n². Peak RSS: the whole process (Python and numpy included).", "",
        "| hashes | radius | pairs found | planted found | CPU s | brute force CPU s (est.) "
        "| peak RSS MB |", "|---|---|---|---|---|---|---|"]
    results = []
    for n in (100_000, 1_000_000):  # brute force estimates come last: they use more memory
        h, planted = _hashes(n, a.radius, rng)
        started = time.process_time()
        found: set[tuple[int, int]] = set()
        for left, right in NearDuplicateIndex(h, a.radius).pairs():
            found.update(zip(left.tolist(), right.tolist(), strict=True))
        seconds = time.process_time() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.append((n, h, found, planted, seconds, rss))
    for n, h, found, planted, seconds, rss in results:
        lines.append(f"| {n:,} | {a.radius} | {len(found):,} | {len(planted & found):,} / "
                     f"{len(planted):,} | {seconds:.1f} | {_brute_seconds(h, n):,.0f} | "
                     f"{rss:.0f} |")
        print(lines[-1], flush=True)
    write_section("media-hashscale", "\n".join(lines))


if __name__ == "__main__":
    main()
