"""Per-shard state on disk: normalized text, line hashes, signatures and band keys.

Nothing about a document is held as a Python object between steps, nor, within a
step, for more than one batch: :func:`prepare_shard` writes the strings as it reads
and keeps the numbers in flat arrays (8 bytes each), and the texts are read back by
index through memory maps, so a step's memory does not grow with its shard's text.
For a shard ``NAME`` the work folder holds:

* ``NAME.ids.bin``/``.off.npy`` and ``NAME.norm.bin``/``.off.npy``: ids and normalized
  lines (UTF-8 blobs with offsets, readable by index);
* ``NAME.hashes.npy``/``hash_off.npy``: line hashes; ``NAME.meta.npz``: length,
  quality score, exact key;
* ``NAME.lines.npy``: each document's distinct line hashes (for line counting);
* ``NAME.sig.npy`` and ``NAME.bands.npy``: MinHash signatures and LSH band keys.
"""

from __future__ import annotations

import hashlib
import math
import mmap
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import numpy as np

from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.normalize import hash_lines, normalize_for_hash
from jingshu.corpus.dedup.signatures import band_keys, minhash_signatures
from jingshu.corpus.shard_io import BadRecord, read_shard

__all__ = [
    "ShardJob",
    "hashing_text",
    "hashing_texts",
    "prepare_shard",
    "read_ids",
    "read_meta",
    "signature_shard",
]

_BATCH = 1024


@dataclass(frozen=True)
class ShardJob:
    """One input shard and where its state goes (picklable, for workers and Ray).

    Args:
        source: Input shard file.
        name: Shard name, unique in the run.
        work: Work folder for the spilled state.
        config: The dedup configuration.
    """

    source: Path
    name: str
    work: Path
    config: NearDedupConfig

    def path(self, kind: str) -> Path:
        """The state file of ``kind`` (``meta.npz``, ``sig.npy`` ...)."""
        return self.work / f"{self.name}.{kind}"


def _quality(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


class _Strings:
    """Many strings in one UTF-8 file with an offsets array, read back by index."""

    def __init__(self, job: ShardJob, kind: str) -> None:
        self.blob = job.path(f"{kind}.bin")
        self.offsets_path = job.path(f"{kind}.off.npy")

    def read(self, indices: Sequence[int] | None = None) -> list[str]:
        offsets = np.load(self.offsets_path)
        rows = range(len(offsets) - 1) if indices is None else indices
        if not rows or offsets[-1] == 0:  # an empty file cannot be mapped
            return ["" for _ in rows]
        with self.blob.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return [m[offsets[i] : offsets[i + 1]].decode("utf-8") for i in rows]


class _StringsWriter:
    """Writes a :class:`_Strings` file one string at a time."""

    def __init__(self, job: ShardJob, kind: str) -> None:
        self._target = _Strings(job, kind)
        self._fh: IO[bytes] = self._target.blob.open("wb")
        self._ends = array("q")
        self._size = 0

    def write(self, item: str) -> None:
        encoded = item.encode("utf-8")
        self._fh.write(encoded)
        self._size += len(encoded)
        self._ends.append(self._size)

    def __enter__(self) -> _StringsWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._fh.close()
        if kind is None:
            np.save(self._target.offsets_path, np.r_[0, _int64(self._ends)].astype(np.int64))


def _int64(values: array[int]) -> np.ndarray:
    return np.frombuffer(values, dtype=np.int64) if values else np.zeros(0, dtype=np.int64)


def prepare_shard(job: ShardJob) -> int:
    """Normalize one shard's documents and spill them; returns the document count.

    Args:
        job: The shard.
    """
    job.work.mkdir(parents=True, exist_ok=True)
    hashes, line_counts, distinct = array("q"), array("q"), array("q")
    length, exact, quality = array("q"), array("q"), array("d")
    with _StringsWriter(job, "ids") as ids, _StringsWriter(job, "norm") as norms:
        for doc in read_shard(job.source):
            if isinstance(doc, BadRecord):
                continue
            lines = normalize_for_hash(doc.text)
            doc_hashes = hash_lines(lines)
            key = hashlib.blake2b("".join(lines).encode("utf-8"), digest_size=8).digest()
            ids.write(doc.id)
            norms.write("\n".join(lines))
            hashes.extend(doc_hashes)
            line_counts.append(len(doc_hashes))
            length.append(len(doc.text))
            quality.append(_quality(doc.metadata.get(job.config.quality_key)))
            exact.append(int.from_bytes(key, "little", signed=True))
            distinct.extend(sorted(set(doc_hashes)))
    np.save(job.path("hashes.npy"), _int64(hashes))
    np.save(job.path("hash_off.npy"), np.r_[0, np.cumsum(_int64(line_counts))].astype(np.int64))
    np.savez(job.path("meta.npz"), length=_int64(length),
             quality=np.frombuffer(quality, dtype=np.float64) if quality else np.zeros(0),
             exact=_int64(exact))
    np.save(job.path("lines.npy"), _int64(distinct))
    return len(length)


def hashing_text(lines: list[str], hashes: list[int], frequent: frozenset[int]) -> str:
    """The text that is shingled: lines not in ``frequent``, or all if none is left.

    Args:
        lines: Normalized lines of a document.
        hashes: Their hashes.
        frequent: Hashes of lines that repeat across many documents.
    """
    if frequent:
        kept = [line for line, h in zip(lines, hashes, strict=True) if h not in frequent]
        if kept:
            return "".join(kept)
    return "".join(lines)


def read_ids(job: ShardJob, indices: list[int]) -> list[str]:
    """Document ids of a prepared shard by local index.

    Args:
        job: The shard.
        indices: Local indices.
    """
    return _Strings(job, "ids").read(indices)


def read_meta(job: ShardJob, name: str) -> np.ndarray:
    """One per-document column (``length``, ``quality``, ``exact``) of a prepared shard.

    Args:
        job: The shard.
        name: Column name.
    """
    with np.load(job.path("meta.npz")) as data:
        return np.asarray(data[name])


def hashing_texts(job: ShardJob, frequent: frozenset[int],
                  indices: Sequence[int] | None = None) -> list[str]:
    """The texts that are shingled, for all or some documents of a prepared shard.

    Args:
        job: The shard.
        frequent: Hashes of lines to ignore.
        indices: Local indices; ``None`` for all.
    """
    norms = _Strings(job, "norm").read(indices)
    hashes = np.load(job.path("hashes.npy"), mmap_mode="r")
    offsets = np.load(job.path("hash_off.npy"), mmap_mode="r")
    rows = range(len(norms)) if indices is None else indices
    return [
        hashing_text(norm.split("\n") if norm else [], hashes[offsets[i]: offsets[i + 1]].tolist(),
                     frequent)
        for norm, i in zip(norms, rows, strict=True)
    ]


def signature_shard(job: ShardJob, frequent: frozenset[int]) -> int:
    """Compute and spill the signatures and band keys of one prepared shard.

    Args:
        job: The shard (``prepare_shard`` done).
        frequent: Hashes of lines to ignore.

    Returns:
        The number of documents.
    """
    count = len(np.load(job.path("ids.off.npy"), mmap_mode="r")) - 1
    sigs = [minhash_signatures(hashing_texts(job, frequent, range(i, min(i + _BATCH, count))),
                               job.config)
            for i in range(0, count, _BATCH)]
    p = job.config.num_perm
    matrix = np.vstack(sigs) if sigs else np.zeros((0, p), dtype=np.uint32)
    np.save(job.path("sig.npy"), matrix)
    np.save(job.path("bands.npy"), band_keys(matrix, job.config))
    return int(matrix.shape[0])
