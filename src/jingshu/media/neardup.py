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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

import numpy as np

__all__ = ["NearDuplicateIndex", "crop_robust_groups", "near_duplicate_groups", "popcount64"]

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


class NearDuplicateIndex:
    """Pairs of 64-bit hashes within ``max_distance`` bits, found without a full scan.

    Args:
        hashes: one 64-bit hash per item (Python ints or a ``uint64`` array).
        max_distance: the largest Hamming distance counted as a near duplicate.
        max_bucket: bucket size above which candidate pairs are made in chunks.
        queries: a boolean mask; when given, only pairs with at least one query item
            are made (e.g. an image's own hash against other images' crop hashes).
    """

    def __init__(self, hashes: Sequence[int] | np.ndarray, max_distance: int,
                 max_bucket: int = 4096, queries: np.ndarray | None = None) -> None:
        self.hashes = np.asarray(hashes, dtype=np.uint64)
        self.queries = queries
        self.max_distance = max_distance
        self.max_bucket = max_bucket
        blocks = min(max_distance + 1, 64)
        edges = np.linspace(0, 64, blocks + 1).round().astype(int)
        self.blocks = [(int(lo), int(hi)) for lo, hi in pairwise(edges)]

    def pairs(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Arrays ``(i, j)`` of pairs within the distance, each pair once per block it
        shares (``i < j`` unless ``queries`` is given; then ``i`` is a query)."""
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
                keep = (li < ri) if self.queries is None else (
                    (li != ri) & ((li < ri) | ~self.queries[ri]))
                li, ri = li[keep], ri[keep]
                near = popcount64(self.hashes[li] ^ self.hashes[ri]) <= self.max_distance
                if near.any():
                    yield li[near], ri[near]

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
