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
removes the chance collisions of very short documents. The sample lives in arrays of
fixed size (:data:`BYTES_PER_DOC` a document, 32.8 MB for :data:`MAX_SAMPLE`), so memory
does not grow with the input.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.signatures import band_keys, minhash_signatures
from jingshu.profiles.model import DupStats

__all__ = ["BYTES_PER_DOC", "CHUNK_CHARS", "MAX_SAMPLE", "DupSketch"]

MAX_SAMPLE = 100_000
CHUNK_CHARS = 250_000
"""Characters signed at once: the shingle arrays (8 bytes a character, a few copies) stay
near 12 MB whatever the batch."""
BYTES_PER_DOC = 8 + 8 + 14 * 4 + 128 * 2
"""What the sample keeps of a document with the default configuration (14 bands, 128
permutations): content hash, first band key, the other band keys cut to 32 bits and the
signature cut to 16 bits a value; 328 bytes, 32.8 MB for :data:`MAX_SAMPLE` documents."""
_FULL = np.uint64(0xFFFFFFFFFFFFFFFF)
_MOVE = 8192


def content_hash(text: str) -> int:
    """A 64-bit hash of the exact text."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass
class DupSketch:
    """Collects the consistent sample in arrays of fixed size; :meth:`stats` gives the rates.

    The arrays are allocated once for ``max_sample`` documents (:attr:`nbytes`) and never
    grow: when a batch would overflow them the threshold halves and the sample is
    compacted in place. Band keys are kept as their upper 32 bits (a chance collision of
    two different keys, about one pair a band in 100,000 documents, is then rejected by
    the signature check) and signature values as their lower 16 bits (b-bit MinHash, Li
    and König 2010: two different values agree by chance with probability 2**-16, which
    raises a similarity estimate by at most 0.0015%).

    Args:
        config: shingling and LSH bands (the corpus dedup's defaults).
        max_sample: most documents kept.
    """

    config: NearDedupConfig = field(default_factory=NearDedupConfig)
    max_sample: int = MAX_SAMPLE
    _threshold: np.uint64 = _FULL
    _n: int = 0

    def __post_init__(self) -> None:
        if self.max_sample < 1:
            raise ValueError(f"max_sample must be at least 1, not {self.max_sample}")
        bands, _rows = self.config.band_rows
        # zeroed pages are only made resident as the sample fills them
        self._exact = np.zeros(self.max_sample, dtype=np.uint64)
        self._first = np.zeros(self.max_sample, dtype=np.uint64)
        self._bands = np.zeros((self.max_sample, bands), dtype=np.uint32)
        self._sigs = np.zeros((self.max_sample, self.config.num_perm), dtype=np.uint16)

    @property
    def nbytes(self) -> int:
        """Bytes of the sample's arrays: fixed by ``max_sample`` and the configuration."""
        return sum(a.nbytes for a in (self._exact, self._first, self._bands, self._sigs))

    @property
    def size(self) -> int:
        """Documents in the sample now."""
        return self._n

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
        keep = np.flatnonzero(keys[:, 0] <= self._threshold)
        while self._n + len(keep) > self.max_sample:
            self._threshold = np.uint64(int(self._threshold) // 2)
            self._compact()
            keep = keep[keys[keep, 0] <= self._threshold]
        if not len(keep):
            return
        at = slice(self._n, self._n + len(keep))
        self._exact[at] = [content_hash(texts[i]) for i in keep.tolist()]
        self._first[at] = keys[keep, 0]
        self._bands[at] = _upper32(keys[keep])
        self._sigs[at] = sigs[keep].astype(np.uint16)  # the lower 16 bits
        self._n += len(keep)

    def _compact(self) -> None:
        """Keep, in order, the sampled documents whose first band key is under the threshold.

        Moved :data:`_MOVE` rows at a time: a row only moves down (``kept[i] >= i``), so
        a block never overwrites a row a later block reads, and no copy of a whole array
        is made.
        """
        kept = np.flatnonzero(self._first[: self._n] <= self._threshold)
        for start in range(0, len(kept), _MOVE):
            rows = kept[start:start + _MOVE]
            for array in (self._exact, self._first, self._bands, self._sigs):
                array[start:start + len(rows)] = array[rows]
        self._n = len(kept)

    def stats(self) -> DupStats:
        """Rates within the sample: documents that repeat an earlier one."""
        n = self._n
        if n == 0:
            return DupStats(0, 0.0, 0.0, self.config.threshold)
        exact, bands, sigs = self._exact[:n], self._bands[:n], self._sigs[:n]
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


def _upper32(keys: np.ndarray) -> np.ndarray:
    """Band keys cut to their upper 32 bits; 0 (no shingles) stays 0, any other key is
    odd after the cut (``| 1``) so it cannot become 0."""
    cut = (keys >> np.uint64(32)).astype(np.uint32) | np.uint32(1)
    cut[keys == 0] = 0
    return cut
