"""Multi-index hashing at scale: 64-bit hashes of 100 k and 1 M images, time and memory.

Random 64-bit hashes stand for distinct images (uniform: the best case for bucket
sizes; real hashes cluster more) with 1,000 planted near duplicates at 1–RADIUS bits.
Reports the pairs found (all planted ones must be; the search is exact), CPU seconds
and the peak resident memory of this process, beside brute force on a 20 k sample
extrapolated (n²), and the recall against brute force of QUERIES sampled hashes (every
hash of the set within the radius of each, by brute force, against the pairs the index
found). With ``--exact-too`` the exact-pigeonhole plan (radius + 1 blocks, the only
plan before probing) also runs on the smaller set, as the anchor.
usage: python bench/bench_media_hashscale.py [--radius 4] [--exact-too]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
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

from jingshu.media.neardup import NearDuplicateIndex, plan_blocks, popcount64  # noqa: E402

QUERIES = 500


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


def _recall(h: np.ndarray, found: set[tuple[int, int]], radius: int,
            rng: np.random.Generator) -> tuple[int, int]:
    """(pairs brute force finds for QUERIES sampled hashes, of them found by the index)."""
    truth = found_too = 0
    planted = rng.choice(2000, size=QUERIES // 2, replace=False)  # members of planted pairs
    anywhere = rng.choice(np.arange(2000, len(h)), size=QUERIES - len(planted), replace=False)
    for q in np.r_[planted, anywhere].tolist():
        near = np.flatnonzero(popcount64(h ^ h[q]) <= radius)
        for j in near.tolist():
            if j != q:
                truth += 1
                found_too += (min(q, j), max(q, j)) in found
    return truth, found_too


def _plan(n: int, radius: int, blocks: int | None = None) -> str:
    edges, radii = plan_blocks(n, radius, blocks)
    return f"{len(edges)} × {'/'.join(str(hi - lo) for lo, hi in edges)} bits, radii " + \
        "/".join(map(str, radii))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--radius", type=int, default=4)
    ap.add_argument("--exact-too", action="store_true")
    a = ap.parse_args()
    lines = [
        "## Near-duplicate search at scale (multi-index hashing of 64-bit hashes)", "",
        f"Machine: {platform.node()}, {platform.machine()}, 2 cores shared; date {date.today()}; "
        f"command `python bench/bench_media_hashscale.py --radius {a.radius}"
        f"{' --exact-too' if a.exact_too else ''}` (load average "
        f"{os.getloadavg()[0]:.1f} at the start). Uniform random "
        "hashes with 1,000 planted near duplicates; radius = largest Hamming distance found. "
        "Plan: the blocks and per-block radii `plan_blocks` chose (radius 0: exact "
        "pigeonhole; above: generalized pigeonhole with probing). Recall: of the pairs brute "
        f"force finds for {QUERIES} sampled hashes against the whole set, the share the index "
        "found (half the sample: members of planted pairs). Brute force: all pairs by SWAR "
        "popcount in numpy, timed on 20 k hashes and scaled by n². CPU s and peak RSS: each "
        "search in a fresh process (spawned; VmHWM; Python and numpy included, about 60 MB).",
        "",
        "| hashes | radius | plan | pairs found | planted found | recall vs brute force "
        "(sample) | CPU s | brute force CPU s (est.) | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|"]
    runs: list[tuple[int, int | None]] = [(100_000, None), (1_000_000, None)]
    if a.exact_too:
        runs.append((100_000, a.radius + 1))  # the anchor last: the new rows first
    ctx = mp.get_context("spawn")
    for n, blocks in runs:
        with ctx.Pool(1) as pool:
            found, seconds, rss = pool.apply(_search, (n, a.radius, blocks))
        h, planted = _hashes(n, a.radius, np.random.default_rng(n))
        truth, hit = _recall(h, found, a.radius, np.random.default_rng(1))
        lines.append(f"| {n:,} | {a.radius} | {_plan(n, a.radius, blocks)} | {len(found):,} | "
                     f"{len(planted & found):,} / {len(planted):,} | {hit}/{truth} | "
                     f"{seconds:.1f} | {_brute_seconds(h, n):,.0f} | {rss:.0f} |")
        print(lines[-1], flush=True)
        write_section("media-hashscale", "\n".join(lines))  # after each row


def _search(n: int, radius: int, blocks: int | None) -> tuple[set[tuple[int, int]], float, float]:
    """One search in this (fresh) process: the pairs, CPU seconds, peak RSS in MB."""
    h, _ = _hashes(n, radius, np.random.default_rng(n))
    started = time.process_time()
    found: set[tuple[int, int]] = set()
    for left, right in NearDuplicateIndex(h, radius, blocks=blocks).pairs():
        found.update(zip(left.tolist(), right.tolist(), strict=True))
    seconds = time.process_time() - started
    return found, seconds, _peak_mb()


def _peak_mb() -> float:
    """This process's own peak RSS (VmHWM). Not ``ru_maxrss``: Linux carries that over
    exec from the forked parent, so a spawned child would report the parent's size."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
