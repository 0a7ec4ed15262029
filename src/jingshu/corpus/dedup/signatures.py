"""MinHash signatures, vectorized with numpy: one hash per shingle, one pass.

Each shingle (``ngram`` consecutive characters, or words) is hashed once to 64 bits:
a polynomial over the code points, finished with the SplitMix64 mixer (Steele, Lea,
Flood 2014). The signature is then built by *one permutation hashing* (Li, Owen,
Zhang, NeurIPS 2012): the high 32 bits of a shingle's hash choose one of ``num_perm``
bins, the low 32 bits are its value, and each bin keeps its minimum; empty bins are
filled by *densification* (Shrivastava and Li, ICML 2014): an empty bin borrows the
value of the next non-empty bin to its right, offset by the distance, the same rule for
every document. Two documents then agree on each position with probability close to their
Jaccard similarity, as with ``num_perm`` independent permutations, at the cost of one
hash per shingle instead of ``num_perm``.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from jingshu.corpus.dedup.config import NearDedupConfig

__all__ = ["EMPTY", "band_keys", "minhash_signatures", "mix64", "shingle_hashes"]

EMPTY = np.uint32(0xFFFFFFFF)
"""Signature value of a document without any shingle (never a band candidate)."""

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_POLY = np.uint64(0x100000001B3)
_OFFSET = np.uint64(0x9E3779B1)
_WORD = re.compile(r"\w+", re.UNICODE)


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer over a uint64 array (wrapping arithmetic).

    Args:
        x: uint64 values.
    """
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return np.asarray(x ^ (x >> np.uint64(31)), dtype=np.uint64)


def _seed64(seed: int, salt: int) -> np.uint64:
    digest = hashlib.blake2b(f"{seed}:{salt}".encode(), digest_size=8).digest()
    return np.uint64(int.from_bytes(digest, "little"))


def _units(texts: list[str], config: NearDedupConfig) -> tuple[np.ndarray, np.ndarray]:
    """(uint64 code per unit, units per text): characters, or hashed words."""
    if config.unit == "char":
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
        return codes.astype(np.uint64), lengths
    words = [_WORD.findall(t) for t in texts]
    lengths = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(texts))
    flat = [
        int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
        for ws in words for w in ws
    ]
    return np.array(flat, dtype=np.uint64), lengths


def shingle_hashes(texts: list[str], config: NearDedupConfig) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every shingle of every text, and the shingle count per text.

    A text shorter than ``ngram`` units has one shingle (itself); an empty one none.

    Args:
        texts: Normalized texts.
        config: Shingle unit, ``ngram`` and ``seed``.
    """
    n = config.ngram
    codes, lengths = _units(texts, config)
    counts = np.where(lengths > 0, np.maximum(lengths - n + 1, 1), 0)
    if codes.size == 0:
        return np.zeros(0, dtype=np.uint64), counts
    padded = np.concatenate([codes + np.uint64(1), np.zeros(n - 1, dtype=np.uint64)])
    h = padded[: codes.size].copy()
    for k in range(1, n):
        h = h * _POLY + padded[k : k + codes.size]
    starts = np.cumsum(lengths) - lengths
    first = np.cumsum(counts) - counts
    positions = np.repeat(starts - first, counts) + np.arange(int(counts.sum()))
    return mix64(h[positions] ^ _seed64(config.seed, 0)), counts


def _densify(sig: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the next non-empty bin to its right (circularly), the
    borrowed value offset by the distance so that borrowed bins stay distinguishable."""
    empty = sig == np.uint64(1 << 32)
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if rows.size == 0:
        return sig
    p = sig.shape[1]
    sub = sig[rows]
    cols = np.arange(2 * p)
    pos = np.where(np.tile(~empty[rows], 2), cols, 2 * p)
    nearest = np.minimum.accumulate(pos[:, ::-1], axis=1)[:, ::-1][:, :p]
    distance = (nearest - cols[:p]).astype(np.uint64)
    borrowed = np.take_along_axis(sub, nearest % p, axis=1)
    filled = (borrowed + distance * _OFFSET) & np.uint64(0xFFFFFFFF)
    sig[rows] = np.where(empty[rows], filled, sub)
    return sig


def minhash_signatures(texts: list[str], config: NearDedupConfig) -> np.ndarray:
    """A ``(len(texts), num_perm)`` uint32 MinHash signature matrix.

    Rows of texts without shingles hold :data:`EMPTY`.

    Args:
        texts: Normalized texts.
        config: Shingling, ``num_perm`` and ``seed``.
    """
    p = config.num_perm
    hashes, counts = shingle_hashes(texts, config)
    sig = np.full(len(texts) * p, 1 << 32, dtype=np.uint64)
    doc = np.repeat(np.arange(len(texts), dtype=np.uint64), counts)
    bins = (hashes >> np.uint64(32)) % np.uint64(p)
    np.minimum.at(sig, doc * np.uint64(p) + bins, hashes & np.uint64(0xFFFFFFFF))
    dense = _densify(sig.reshape(len(texts), p))
    dense[counts == 0] = np.uint64(EMPTY)
    return dense.astype(np.uint32)


def band_keys(signatures: np.ndarray, config: NearDedupConfig) -> np.ndarray:
    """A ``(documents, bands)`` uint64 key per LSH band; 0 for documents without shingles.

    Args:
        signatures: Output of :func:`minhash_signatures`.
        config: ``bands``/``rows`` (derived from the threshold) and ``seed``.
    """
    bands, rows = config.band_rows
    keys = np.empty((signatures.shape[0], bands), dtype=np.uint64)
    for b in range(bands):
        key = np.full(signatures.shape[0], _seed64(config.seed, b + 1), dtype=np.uint64)
        for value in signatures[:, b * rows : (b + 1) * rows].T:
            key = mix64(key ^ value.astype(np.uint64))
        keys[:, b] = key | np.uint64(1)
    keys[signatures[:, 0] == EMPTY] = 0
    return keys
