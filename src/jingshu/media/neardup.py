"""Near-duplicate search over 64-bit perceptual hashes by multi-index hashing.

Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
Multi-Index Hashing", CVPR 2012), in its exact pigeonhole form: split the 64 bits into
``max_distance + 1`` contiguous blocks; two hashes within ``max_distance`` bits agree
exactly on at least one block. So candidates are the pairs that share a block value,
found by sorting each block's values (no pair is missed), and each candidate is kept
only when its full Hamming distance is within ``max_distance``.

Memory is bounded by the hashes themselves: per block one sorted ``uint64`` key array
and one ``int64`` order (24 bytes per image for the hashes, keys and order together,
so 1 M images need about 24 MB at a time), and candidate pairs are generated one
bucket at a time; buckets larger than ``max_bucket`` (e.g. thousands of blank images
sharing a block) are split into chunks so no step holds more than ``max_bucket``²
pairs. Groups are the connected components of the kept pairs (union–find).

At large radii over many hashes the blocks get short (radius 10: 11 blocks of 5–6
bits) and their buckets huge (1 M hashes: about 16,000 per 6-bit value, some 10¹⁰
candidate pairs). There the index uses the generalized pigeonhole principle of the
same paper instead: ``m`` longer blocks with radii ``r_b`` such that
``Σ (r_b + 1) = max_distance + 1``; two hashes within ``max_distance`` bits are within
``r_b`` bits on at least one block ``b``, so each hash probes, per block, every key
within ``r_b`` bits of its own (``Σ_{k ≤ r_b} C(bits, k)`` probes) in a table of
bucket starts. Still exact (no pair is missed). ``m`` is chosen by a cost model
(probes + expected candidates, :func:`plan_blocks`); radius 10 over 1 M hashes gets
3 blocks of 21–22 bits with radii 3, 3, 2. Memory: the hashes, one block's keys,
order and start table (``2^bits`` ``int64``: 32 MB for 22 bits) and at most
``max_pairs`` candidate pairs at a time.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from itertools import combinations, pairwise
from math import comb

import numpy as np

__all__ = ["NearDuplicateIndex", "crop_robust_groups", "near_duplicate_groups", "plan_blocks",
           "popcount64"]

PROBE_ABOVE = 50_000  # hashes above which a radius over 4 may use probing (plan_blocks)
_MAX_PAIRS = 4_000_000  # candidate pairs held at a time while probing
_MAX_TABLE_BITS = 24
PAIR_COST = 8.0  # one candidate pair (gather, popcount, filter) against one probe

_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)


def popcount64(x: np.ndarray) -> np.ndarray:
    """Set bits per element of a ``uint64`` array (SWAR popcount)."""
    x = x - ((x >> np.uint64(1)) & _M1)
    x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
    x = (x + (x >> np.uint64(4))) & _M4
    return (x * _H01) >> np.uint64(56)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n, dtype=np.int64)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = int(self.parent[root])
        while self.parent[i] != root:
            self.parent[i], i = root, int(self.parent[i])
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the smallest index is the root


def _edges(blocks: int) -> list[tuple[int, int]]:
    edges = np.linspace(0, 64, blocks + 1).round().astype(int)
    return [(int(lo), int(hi)) for lo, hi in pairwise(edges)]


def _radii(blocks: list[tuple[int, int]], max_distance: int) -> list[int]:
    """Per block its radius, the longer blocks first, with Σ (r_b + 1) = max_distance + 1."""
    base, extra = divmod(max_distance + 1, len(blocks))
    longest = sorted(range(len(blocks)), key=lambda b: (blocks[b][0] - blocks[b][1], b))
    radii = [base - 1] * len(blocks)
    for b in longest[:extra]:
        radii[b] += 1
    return radii


def _probes(bits: int, radius: int) -> int:
    return sum(comb(bits, k) for k in range(radius + 1))


def plan_blocks(n: int, max_distance: int, blocks: int | None = None
                ) -> tuple[list[tuple[int, int]], list[int]]:
    """The blocks and per-block radii the index searches ``n`` hashes with.

    Exact pigeonhole (``max_distance + 1`` blocks, radius 0: sort and bucket) for radii
    up to 4 or up to :data:`PROBE_ABOVE` hashes; above, the ``m`` blocks (2 to
    ``max_distance + 1``, at most 24 bits each) that minimize probes plus expected
    candidate pairs of uniform hashes, ``Σ_b n·P_b + W·n²·P_b / 2^(bits_b + 1)``
    (``P_b`` probes per hash, ``W`` = :data:`PAIR_COST`: a candidate pair costs about
    that many probes).

    Args:
        n: How many hashes.
        max_distance: The search radius.
        blocks: Force this many blocks (``max_distance + 1``: exact pigeonhole).
    """
    exact = min(max_distance + 1, 64)
    if blocks is not None:
        if not 1 <= blocks <= exact:
            raise ValueError(f"blocks={blocks}: use 1 to {exact} for radius {max_distance}")
        edges = _edges(blocks)
        if blocks == exact:
            return edges, [0] * exact
        if max(hi - lo for lo, hi in edges) > _MAX_TABLE_BITS:
            raise ValueError(f"blocks={blocks}: probing needs blocks of at most "
                             f"{_MAX_TABLE_BITS} bits (at least 3 blocks)")
        return edges, _radii(edges, max_distance)
    if max_distance <= 4 or n <= PROBE_ABOVE:
        return _edges(exact), [0] * exact
    best: tuple[float, int] = (math.inf, exact)
    for m in range(2, exact + 1):
        parts = _edges(m)
        if max(hi - lo for lo, hi in parts) > _MAX_TABLE_BITS:
            continue
        cost = 0.0
        for (lo, hi), radius in zip(parts, _radii(parts, max_distance), strict=True):
            probes = _probes(hi - lo, radius)
            cost += n * probes + PAIR_COST * n * n * probes / 2.0 ** (hi - lo + 1)
        best = min(best, (cost, m))
    if best[1] == exact:
        return _edges(exact), [0] * exact
    chosen = _edges(best[1])
    return chosen, _radii(chosen, max_distance)


def _masks(bits: int, radius: int) -> Iterator[int]:
    """Every ``bits``-bit mask with at most ``radius`` bits set (0 first)."""
    for k in range(radius + 1):
        for chosen in combinations(range(bits), k):
            yield sum(1 << b for b in chosen)


class NearDuplicateIndex:
    """Pairs of 64-bit hashes within ``max_distance`` bits, found without a full scan.

    Args:
        hashes: one 64-bit hash per item (Python ints or a ``uint64`` array).
        max_distance: the largest Hamming distance counted as a near duplicate.
        max_bucket: bucket size above which candidate pairs are made in chunks.
        queries: a boolean mask; when given, only pairs with at least one query item
            are made (e.g. an image's own hash against other images' crop hashes).
        blocks: force this many blocks (:func:`plan_blocks` chooses by default).
    """

    def __init__(self, hashes: Sequence[int] | np.ndarray, max_distance: int,
                 max_bucket: int = 4096, queries: np.ndarray | None = None,
                 blocks: int | None = None) -> None:
        self.hashes = np.asarray(hashes, dtype=np.uint64)
        self.queries = queries
        self.max_distance = max_distance
        self.max_bucket = max_bucket
        self.blocks, self.radii = plan_blocks(len(self.hashes), max_distance, blocks)

    def pairs(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Arrays ``(i, j)`` of pairs within the distance, each pair at least once
        (once per block it shares, or per probe that finds it; ``i < j`` unless
        ``queries`` is given; then ``i`` is a query)."""
        if any(self.radii):
            yield from self._probed_pairs()
            return
        for lo, hi in self.blocks:
            mask = np.uint64((1 << (hi - lo)) - 1)
            keys = (self.hashes >> np.uint64(lo)) & mask
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
            ends = np.r_[starts[1:], len(order)]
            for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
                yield from self._bucket_pairs(order[s:e])

    def _bucket_pairs(self, members: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        step = self.max_bucket
        asking = members if self.queries is None else members[self.queries[members]]
        for a in range(0, len(asking), step):
            for b in range(0, len(members), step):
                left, right = asking[a:a + step], members[b:b + step]
                li, ri = np.meshgrid(left, right, indexing="ij")
                pair = self._close(li.ravel(), ri.ravel())
                if pair is not None:
                    yield pair

    def _probed_pairs(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Generalized pigeonhole: per block, probe every key within its radius."""
        asking = (np.arange(len(self.hashes)) if self.queries is None
                  else np.flatnonzero(self.queries))
        for (lo, hi), radius in zip(self.blocks, self.radii, strict=True):
            bits = hi - lo
            keys = ((self.hashes >> np.uint64(lo)) & np.uint64((1 << bits) - 1)).astype(np.int32)
            order = np.argsort(keys, kind="stable")
            counts = np.bincount(keys, minlength=1 << bits).astype(np.int32)
            starts = np.zeros(1 << bits, dtype=np.int64)
            np.cumsum(counts[:-1], out=starts[1:])
            mine = keys[asking]
            for mask in _masks(bits, radius):
                probe = mine ^ np.int32(mask)
                count = counts[probe]
                hit = np.flatnonzero(count)
                yield from self._expand(asking[hit], starts[probe[hit]],
                                        count[hit].astype(np.int64), order)

    def _expand(self, items: np.ndarray, first: np.ndarray, count: np.ndarray,
                order: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Pairs of each item with the bucket it probed, at most ``_MAX_PAIRS`` at a time."""
        ends = np.cumsum(count)
        at = 0
        while at < len(items):
            stop = max(at + 1, int(np.searchsorted(ends, (ends[at - 1] if at else 0)
                                                   + _MAX_PAIRS, side="right")))
            c = count[at:stop]
            total = int(c.sum())
            offsets = np.arange(total) - np.repeat(np.cumsum(c) - c, c)
            li = np.repeat(items[at:stop], c)
            ri = order[np.repeat(first[at:stop], c) + offsets]
            pair = self._close(li, ri)
            if pair is not None:
                yield pair
            at = stop

    def _close(self, li: np.ndarray, ri: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The candidate pairs ``(li[k], ri[k])`` to report (each once; with queries,
        those a query asks) whose hashes are within ``max_distance``."""
        keep = (li < ri) if self.queries is None else (
            (li != ri) & ((li < ri) | ~self.queries[ri]))
        li, ri = li[keep], ri[keep]
        near = popcount64(self.hashes[li] ^ self.hashes[ri]) <= self.max_distance
        return (li[near], ri[near]) if near.any() else None

    def groups(self) -> np.ndarray:
        """Each item's group: the smallest index of its connected component."""
        uf = _UnionFind(len(self.hashes))
        for left, right in self.pairs():
            for a, b in zip(left.tolist(), right.tolist(), strict=True):
                uf.union(a, b)
        return np.array([uf.find(i) for i in range(len(self.hashes))], dtype=np.int64)


def near_duplicate_groups(hashes: Sequence[int] | np.ndarray, max_distance: int) -> np.ndarray:
    """Group ids (smallest member index) of hashes within ``max_distance`` bits.

    Args:
        hashes: one 64-bit hash per item.
        max_distance: the largest Hamming distance counted as a near duplicate.
    """
    return NearDuplicateIndex(hashes, max_distance).groups()


def crop_robust_groups(hashes: Sequence[Sequence[tuple[int, int]]], *,
                       max_distance: int = 26, max_dhash: int = 10) -> np.ndarray:
    """Group images by their ``(phash, dhash)`` lists (entry 0: whole image; then crops).

    Two images are near duplicates when, pairing one's whole image with the other's
    whole image or one of its crops, the dHashes differ by at most ``max_dhash`` bits
    and pHash and dHash together by at most ``max_distance`` (of 128). Candidates are
    exactly the pairings within ``max_dhash``, found by multi-index hashing of all
    dHashes with the whole-image ones as queries; pHash then confirms them. Defaults:
    measured on variants of the real photos (``bench/bench_media_neardup.py``).

    Args:
        hashes: per image, ``(phash, dhash)`` of the whole image then of its crops
            (:func:`jingshu.media.hashing.crop_hashes`).
        max_distance: the largest pHash+dHash distance of a near duplicate.
        max_dhash: the largest dHash distance of a near duplicate (dHash is the one
            that stays close under overlays; pHash under crops and scaling).

    Returns:
        Each image's group id: the smallest index in its group.
    """
    owner = np.array([i for i, hs in enumerate(hashes) for _ in hs], dtype=np.int64)
    whole = np.array([k == 0 for hs in hashes for k in range(len(hs))], dtype=bool)
    dvalues = np.array([h[1] for hs in hashes for h in hs], dtype=np.uint64)
    uf = _UnionFind(len(hashes))
    seen: set[tuple[int, int]] = set()
    for left, right in NearDuplicateIndex(dvalues, max_dhash, queries=whole).pairs():
        a, b = owner[left], owner[right]
        for x, y in zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist(), strict=True):
            if x != y and (x, y) not in seen:
                seen.add((x, y))
                if _matches(hashes[x], hashes[y], max_distance, max_dhash):
                    uf.union(x, y)
    return np.array([uf.find(i) for i in range(len(hashes))], dtype=np.int64)


def _matches(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]], total: int,
             dmax: int) -> bool:
    pairs = [(a[0], y) for y in b] + [(x, b[0]) for x in a[1:]]
    for x, y in pairs:
        p, d = (x[0] ^ y[0]).bit_count(), (x[1] ^ y[1]).bit_count()
        if d <= dmax and p + d <= total:
            return True
    return False
