"""Cross-shard exact deduplication by the hash of the normalized text."""

from __future__ import annotations

import numpy as np

__all__ = ["exact_pairs"]


def exact_pairs(keys: np.ndarray) -> np.ndarray:
    """``(first, duplicate)`` index pairs of documents with equal keys.

    ``first`` is the earliest document of its key in the stable (global input) order,
    so keeping every ``first`` keeps the first of each normalized text.

    Args:
        keys: One int64 key per document, in global input order.
    """
    if keys.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    run_first = order[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    dup = ~starts
    return np.stack([run_first[dup], order[dup]], axis=1).astype(np.int64)
