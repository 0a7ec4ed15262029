"""Clusters: union-find over exact and candidate pairs, with optional verification."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.signatures import shingle_hashes

__all__ = ["UnionFind", "cluster_labels", "jaccard_pairs", "verify_pairs"]

TextLoader = Callable[[np.ndarray], list[str]]
"""Returns the hashed texts of the given global document indices, in that order."""


class UnionFind:
    """Disjoint sets over ``0..n-1``; the smaller index is always the root.

    Args:
        n: Number of elements.
    """

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The root of ``x`` (with path halving)."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        """Merge the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_labels(n: int, pairs: np.ndarray) -> np.ndarray:
    """The cluster label (smallest member index) of each of ``n`` documents.

    Args:
        n: Number of documents.
        pairs: ``(a, b)`` pairs to merge.
    """
    uf = UnionFind(n)
    for a, b in pairs.tolist():
        uf.union(a, b)
    return np.fromiter((uf.find(i) for i in range(n)), dtype=np.int64, count=n)


def jaccard_pairs(pairs: np.ndarray, texts: dict[int, str], config: NearDedupConfig) -> np.ndarray:
    """True Jaccard similarity of the shingle sets of each pair.

    Args:
        pairs: ``(a, b)`` pairs of global indices.
        texts: Hashed text by global index, for every index in ``pairs``.
        config: Shingling parameters.
    """
    ids = sorted(texts)
    hashes, counts = shingle_hashes([texts[i] for i in ids], config)
    # one sort for all documents: (position << 40) | top 40 bits of the shingle hash
    position = np.repeat(np.arange(len(ids), dtype=np.uint64), counts)
    keys = np.sort((position << np.uint64(40)) | (hashes >> np.uint64(24)))
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
    sizes = np.bincount((keys >> np.uint64(40)).astype(np.int64), minlength=len(ids))
    bounds = np.r_[0, np.cumsum(sizes)]
    values = keys & np.uint64((1 << 40) - 1)
    where = {doc: k for k, doc in enumerate(ids)}
    out = np.empty(len(pairs), dtype=np.float64)
    for row, (a, b) in enumerate(pairs.tolist()):
        ka, kb = where[a], where[b]
        sa = values[bounds[ka] : bounds[ka + 1]]
        sb = values[bounds[kb] : bounds[kb + 1]]
        inter = len(np.intersect1d(sa, sb, assume_unique=True))
        union = len(sa) + len(sb) - inter
        out[row] = inter / union if union else 1.0
    return out


def verify_pairs(pairs: np.ndarray, load: TextLoader, config: NearDedupConfig) -> np.ndarray:
    """The candidate pairs whose true Jaccard reaches ``config.threshold``.

    Only the texts of documents in a candidate pair are loaded.

    Args:
        pairs: Candidate ``(a, b)`` pairs.
        load: Loads hashed texts by global index.
        config: ``threshold`` and shingling.
    """
    if len(pairs) == 0:
        return pairs
    involved = np.unique(pairs)
    texts = dict(zip(involved.tolist(), load(involved), strict=True))
    return pairs[jaccard_pairs(pairs, texts, config) >= config.threshold]
