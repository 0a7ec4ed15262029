"""Cross-shard exact deduplication by the hash of the normalized text."""

from __future__ import annotations

import numpy as np

__all__ = ["exact_pairs", "first_of_key"]


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


def first_of_key(keys: np.ndarray) -> np.ndarray:
    """Each document's exact-duplicate cluster label: the index of the first document
    with its key (what clustering the :func:`exact_pairs` gives, without the pairs).

    Args:
        keys: One int64 key per document, in global input order.
    """
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    _unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    labels: np.ndarray = first[inverse].astype(np.int64)
    return labels
