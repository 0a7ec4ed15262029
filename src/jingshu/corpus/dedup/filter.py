"""Keep one document per cluster, and write the kept documents shard by shard."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from jingshu.corpus.dedup.config import KeepRule
from jingshu.corpus.dedup.repeated_lines import strip_frequent_lines
from jingshu.corpus.document import Document
from jingshu.corpus.shard_io import BadRecord, ShardWriter, read_shard

__all__ = ["choose_keepers", "write_kept"]


class _JsonLines:
    """Uncompressed JSON lines, the same records as :class:`ShardWriter` writes."""

    def __init__(self, path: Path) -> None:
        self._fh = path.open("w", encoding="utf-8")

    def write(self, doc: Document) -> None:
        record = {"id": doc.id, "text": doc.text, "metadata": doc.metadata}
        self._fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        self._fh.close()


def choose_keepers(labels: np.ndarray, length: np.ndarray, quality: np.ndarray,
                   rule: KeepRule) -> np.ndarray:
    """A boolean mask: the one document kept in each cluster.

    Ties (and ``earliest``) go to the earliest document in input order.

    Args:
        labels: Cluster label per document.
        length: Character length per document (``longest``).
        quality: Quality score per document, NaN when missing (``quality``).
        rule: ``earliest``, ``longest`` or ``quality``.
    """
    index = np.arange(len(labels))
    if rule == "longest":
        score = -length.astype(np.float64)
    elif rule == "quality":
        score = -np.nan_to_num(quality.astype(np.float64), nan=-np.inf)
    else:
        score = np.zeros(len(labels))
    order = np.lexsort((index, score, labels))
    ranked = labels[order]
    first = np.ones(len(ranked), dtype=bool)  # empty input: nothing to keep
    first[1:] = ranked[1:] != ranked[:-1]
    keep = np.zeros(len(labels), dtype=bool)
    keep[order[first]] = True
    return keep


def write_kept(source: Path, target: Path, keep: np.ndarray, fmt: str,
               frequent: frozenset[int] = frozenset()) -> int:
    """Copy the documents of one shard whose entry in ``keep`` is true.

    Args:
        source: Input shard.
        target: Output file (written under a temporary name, then renamed).
        keep: One flag per readable document of the shard, in order.
        fmt: ``jsonl``, ``jsonl.gz`` or ``parquet``.
        frequent: Line hashes to remove from the kept texts (``strip_lines``).

    Returns:
        The number of lines removed.
    """
    tmp = target.with_name(target.name + ".tmp")
    writer: ShardWriter | _JsonLines = _JsonLines(tmp) if fmt == "jsonl" else ShardWriter(tmp, fmt)
    removed = 0
    position = 0
    for doc in read_shard(source):
        if isinstance(doc, BadRecord):
            continue
        if keep[position]:
            if frequent:
                doc.text, n = strip_frequent_lines(doc.text, frequent)
                removed += n
            writer.write(doc)
        position += 1
    writer.close()
    tmp.replace(target)
    return removed
