"""Per-shard state on disk: normalized text, line hashes, signatures and band keys.

Nothing about a document is held as a Python object between steps. For a shard
``NAME`` the work folder holds:

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

    def write(self, items: list[str]) -> None:
        encoded = [item.encode("utf-8") for item in items]
        sizes = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        np.save(self.offsets_path, np.r_[0, np.cumsum(sizes)].astype(np.int64))
        self.blob.write_bytes(b"".join(encoded))

    def read(self, indices: list[int] | None = None) -> list[str]:
        offsets = np.load(self.offsets_path)
        data = self.blob.read_bytes()
        rows = range(len(offsets) - 1) if indices is None else indices
        return [data[offsets[i] : offsets[i + 1]].decode("utf-8") for i in rows]


def prepare_shard(job: ShardJob) -> int:
    """Normalize one shard's documents and spill them; returns the document count.

    Args:
        job: The shard.
    """
    ids: list[str] = []
    norms: list[str] = []
    hashes: list[int] = []
    line_counts: list[int] = []
    meta: dict[str, list[Any]] = {"length": [], "quality": [], "exact": []}
    distinct_lines: list[np.ndarray] = []
    for doc in read_shard(job.source):
        if isinstance(doc, BadRecord):
            continue
        lines = normalize_for_hash(doc.text)
        doc_hashes = hash_lines(lines)
        exact = hashlib.blake2b("".join(lines).encode("utf-8"), digest_size=8).digest()
        ids.append(doc.id)
        norms.append("\n".join(lines))
        hashes.extend(doc_hashes)
        line_counts.append(len(doc_hashes))
        meta["length"].append(len(doc.text))
        meta["quality"].append(_quality(doc.metadata.get(job.config.quality_key)))
        meta["exact"].append(int.from_bytes(exact, "little", signed=True))
        distinct_lines.append(np.array(sorted(set(doc_hashes)), dtype=np.int64))
    job.work.mkdir(parents=True, exist_ok=True)
    _Strings(job, "ids").write(ids)
    _Strings(job, "norm").write(norms)
    np.save(job.path("hashes.npy"), np.array(hashes, dtype=np.int64))
    np.save(job.path("hash_off.npy"), np.r_[0, np.cumsum(line_counts)].astype(np.int64))
    np.savez(job.path("meta.npz"), length=np.array(meta["length"], dtype=np.int64),
             quality=np.array(meta["quality"], dtype=np.float64),
             exact=np.array(meta["exact"], dtype=np.int64))
    flat = np.concatenate(distinct_lines) if distinct_lines else np.zeros(0, dtype=np.int64)
    np.save(job.path("lines.npy"), flat)
    return len(ids)


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
                  indices: list[int] | None = None) -> list[str]:
    """The texts that are shingled, for all or some documents of a prepared shard.

    Args:
        job: The shard.
        frequent: Hashes of lines to ignore.
        indices: Local indices; ``None`` for all.
    """
    norms = _Strings(job, "norm").read(indices)
    hashes = np.load(job.path("hashes.npy"))
    offsets = np.load(job.path("hash_off.npy"))
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
    texts = hashing_texts(job, frequent)
    sigs = [minhash_signatures(texts[i : i + _BATCH], job.config)
            for i in range(0, len(texts), _BATCH)]
    p = job.config.num_perm
    matrix = np.vstack(sigs) if sigs else np.zeros((0, p), dtype=np.uint32)
    np.save(job.path("sig.npy"), matrix)
    np.save(job.path("bands.npy"), band_keys(matrix, job.config))
    return int(matrix.shape[0])
