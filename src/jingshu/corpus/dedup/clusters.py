"""Clusters: connected components of exact and candidate pairs, with optional verification."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.signatures import shingle_hashes

__all__ = ["cluster_labels", "jaccard_pairs", "verify_pairs"]

TextLoader = Callable[[np.ndarray], list[str]]
"""Returns the hashed texts of the given global document indices, in that order."""


def cluster_labels(n: int, pairs: np.ndarray) -> np.ndarray:
    """The cluster label (smallest member index) of each of ``n`` documents.

    The clusters are the connected components of the graph of ``pairs`` (scipy's
    sparse-graph search): memory in flat arrays, a few bytes per document and pair;
    a union-find over Python lists took about 150 bytes per pair.

    Args:
        n: Number of documents.
        pairs: ``(a, b)`` pairs to merge.
    """
    if len(pairs) == 0:
        return np.arange(n, dtype=np.int64)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    edges = np.ones(len(pairs), dtype=np.int8)
    graph = csr_matrix((edges, (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _count, component = connected_components(graph, directed=False)
    _labels, first = np.unique(component, return_index=True)  # smallest index of each
    labels: np.ndarray = first[component].astype(np.int64)
    return labels


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
