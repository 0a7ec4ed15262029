"""Exact and near-duplicate rates in one pass, in bounded memory.

Every document gets a 64-bit content hash and MinHash LSH band keys
(:mod:`jingshu.corpus.dedup.signatures`, character 5-gram shingles, the corpus
dedup's defaults). Keeping every key would grow with the data, so only documents whose
*first band key* falls below a threshold are kept: a consistent sample in the sense of
Broder's "mod-m" sampling of shingles (Broder 1997, "On the resemblance and containment
of documents"). Exact duplicates have the same band keys and near duplicates share the
first band's key with probability s**rows, so a document and its duplicates are mostly
kept or dropped together and the rates within the sample estimate those of the whole.
When the sample outgrows :data:`MAX_SAMPLE` documents the threshold halves and the
documents above it are dropped (adaptive sampling, Flajolet 1990). Near duplicates that
agree on another band but not the first are missed when only one of them is kept, so
``near_dup_rate`` is a slight underestimate. A document counts as a near duplicate when
it shares a band key with an earlier document *and* their signatures agree on at least
``threshold`` of their positions (the MinHash estimate of their Jaccard similarity), which
removes the chance collisions of very short documents. The sample keeps each document's
signature: 512 bytes a document, at most about 50 MB.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.signatures import band_keys, minhash_signatures
from jingshu.profiles.model import DupStats

__all__ = ["CHUNK_CHARS", "MAX_SAMPLE", "DupSketch"]

MAX_SAMPLE = 100_000
CHUNK_CHARS = 1_000_000
"""Characters signed at once: the shingle arrays (8 bytes a character, a few copies) stay
near 50 MB whatever the batch."""
_FULL = np.uint64(0xFFFFFFFFFFFFFFFF)


def content_hash(text: str) -> int:
    """A 64-bit hash of the exact text."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass
class DupSketch:
    """Collects the consistent sample; :meth:`stats` gives the rates.

    Args:
        config: shingling and LSH bands (the corpus dedup's defaults).
        max_sample: most documents kept.
    """

    config: NearDedupConfig = field(default_factory=NearDedupConfig)
    max_sample: int = MAX_SAMPLE
    _threshold: np.uint64 = _FULL
    _exact: list[np.ndarray] = field(default_factory=list)
    _bands: list[np.ndarray] = field(default_factory=list)
    _sigs: list[np.ndarray] = field(default_factory=list)

    def add(self, texts: list[str]) -> None:
        """Add a batch of documents (in reading order), :data:`CHUNK_CHARS` at a time."""
        chunk: list[str] = []
        size = 0
        for text in texts:
            if not text.strip():
                continue
            chunk.append(text)
            size += len(text)
            if size >= CHUNK_CHARS:
                self._add(chunk)
                chunk, size = [], 0
        if chunk:
            self._add(chunk)

    def _add(self, texts: list[str]) -> None:
        sigs = minhash_signatures(texts, self.config)
        keys = band_keys(sigs, self.config)
        exact = np.array([content_hash(t) for t in texts], dtype=np.uint64)
        keep = keys[:, 0] <= self._threshold
        self._exact.append(exact[keep])
        self._bands.append(keys[keep])
        self._sigs.append(sigs[keep])
        if sum(len(e) for e in self._exact) > self.max_sample:
            self._shrink()

    def _shrink(self) -> None:
        exact, bands, sigs = (np.concatenate(p) for p in (self._exact, self._bands, self._sigs))
        while len(exact) > self.max_sample:
            self._threshold = np.uint64(int(self._threshold) // 2)
            keep = bands[:, 0] <= self._threshold
            exact, bands, sigs = exact[keep], bands[keep], sigs[keep]
        self._exact, self._bands, self._sigs = [exact], [bands], [sigs]

    def stats(self) -> DupStats:
        """Rates within the sample: documents that repeat an earlier one."""
        if not self._exact:
            return DupStats(0, 0.0, 0.0, self.config.threshold)
        exact, bands, sigs = (np.concatenate(p) for p in (self._exact, self._bands, self._sigs))
        n = len(exact)
        if n == 0:
            return DupStats(0, 0.0, 0.0, self.config.threshold)
        exact_dups = n - len(np.unique(exact))
        near = np.zeros(n, dtype=bool)
        for b in range(bands.shape[1]):
            column = bands[:, b]
            _, first, inverse = np.unique(column, return_index=True, return_inverse=True)
            earlier = first[inverse.ravel()]
            candidates = np.flatnonzero((earlier != np.arange(n)) & (column != 0) & ~near)
            agree = (sigs[candidates] == sigs[earlier[candidates]]).mean(axis=1)
            near[candidates[agree >= self.config.threshold]] = True
        return DupStats(n, exact_dups / n, float(near.sum()) / n, self.config.threshold)
