"""Near-duplicate search by probing (generalized pigeonhole): the same pairs as brute
force and as the exact-pigeonhole plan, with and without queries."""

from __future__ import annotations

import numpy as np
import pytest

from jingshu.media.neardup import NearDuplicateIndex, plan_blocks, popcount64


def _hashes(n: int, radius: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    h = rng.integers(0, 2**63, size=n, dtype=np.int64).astype(np.uint64)
    for k in range(0, n // 2, 2):  # near copies at 1..radius bits, and a few exact ones
        flips = rng.choice(64, size=int(rng.integers(0, radius + 1)), replace=False)
        h[k + 1] = h[k] ^ np.uint64(sum(1 << int(f) for f in flips))
    return h


def _brute(h: np.ndarray, radius: int) -> set[tuple[int, int]]:
    i, j = np.nonzero(popcount64(h[:, None] ^ h[None, :]) <= radius)
    return {(int(a), int(b)) for a, b in zip(i, j, strict=True) if a < b}


def _found(index: NearDuplicateIndex) -> set[tuple[int, int]]:
    return {(int(a), int(b)) for left, right in index.pairs()
            for a, b in zip(left, right, strict=True)}


@pytest.mark.parametrize("blocks", [3, 4, 6])
def test_probing_finds_exactly_the_pairs_brute_force_finds(blocks: int) -> None:
    h = _hashes(600, 10, seed=blocks)
    index = NearDuplicateIndex(h, 10, blocks=blocks)
    assert any(index.radii)  # really probing
    assert _found(index) == _brute(h, 10)


def test_probing_with_queries_matches_the_exact_plan() -> None:
    h = _hashes(400, 10, seed=9)
    queries = np.zeros(len(h), dtype=bool)
    queries[::3] = True
    exact = _found(NearDuplicateIndex(h, 10, queries=queries))
    probed = _found(NearDuplicateIndex(h, 10, queries=queries, blocks=3))
    assert probed == exact and exact


def test_plan_probes_only_at_scale_and_keeps_the_sum_of_radii() -> None:
    assert plan_blocks(10_000, 10) == plan_blocks(10_000, 10, blocks=11)
    blocks, radii = plan_blocks(1_000_000, 10)
    assert len(blocks) < 11 and sum(r + 1 for r in radii) == 11
    assert blocks[0][0] == 0 and blocks[-1][1] == 64
    with pytest.raises(ValueError, match="blocks=12"):
        plan_blocks(100, 10, blocks=12)
    with pytest.raises(ValueError, match="at most 24 bits"):
        plan_blocks(100, 10, blocks=2)
