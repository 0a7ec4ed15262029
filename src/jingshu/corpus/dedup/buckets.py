"""LSH buckets: documents sharing a band key become candidate pairs.

One band at a time, the band's keys of all shards (8 bytes per document, read from the
spilled ``bands.npy``) are sorted; equal keys form a bucket. Within a bucket each
document is paired with up to ``window`` documents before it in key order: every pair
of a bucket of up to ``window + 1`` documents, and a chain that keeps larger buckets
connected without quadratic pairs. Memory: one band's keys plus the pairs found.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["WINDOW", "band_pairs", "candidate_pairs", "unique_pairs"]

WINDOW = 16


def band_pairs(keys: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """``(a, b)`` pairs with ``a < b`` of documents with equal, non-zero keys.

    Args:
        keys: One uint64 key per document (0: no shingles, never paired).
        window: Pair each document with up to this many before it in its bucket.
    """
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    found: list[np.ndarray] = []
    for d in range(1, min(window, len(k) - 1) + 1):
        same = (k[d:] == k[:-d]) & (k[d:] != 0)
        if not same.any():
            break
        a, b = order[:-d][same], order[d:][same]
        found.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)


def unique_pairs(pairs: Sequence[np.ndarray]) -> np.ndarray:
    """The distinct rows of stacked ``(a, b)`` int64 pair arrays, sorted."""
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    stacked = np.concatenate(pairs).astype(np.int64)
    return np.unique(stacked, axis=0) if len(stacked) else stacked.reshape(0, 2)


def candidate_pairs(band_files: Sequence[Path], band: int, window: int = WINDOW,
                    skip: np.ndarray | None = None) -> np.ndarray:
    """Candidate pairs (global indices, in shard order) from one band of all shards.

    Args:
        band_files: Each shard's ``bands.npy``, in global order.
        band: Band number.
        window: See :func:`band_pairs`.
        skip: Documents never paired here (exact duplicates of an earlier document: the
            exact step already links them, and pairing every copy would multiply pairs).
    """
    keys = np.concatenate([np.load(path, mmap_mode="r")[:, band] for path in band_files])
    if skip is not None and skip.any():
        keys = np.where(skip, np.uint64(0), keys)
    return unique_pairs([band_pairs(keys, window)])
