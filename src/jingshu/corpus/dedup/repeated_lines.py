"""Line-level deduplication, CCNet-style: lines repeated across many documents.

CCNet (Wenzek et al., LREC 2020, section 3.3) removes paragraphs that occur more than
once in a shard of Common Crawl, which strips navigation menus, cookie warnings and
footers. jingshu counts each normalized line once per document over the whole input
and treats lines found in at least ``min_docs`` documents as boilerplate: they are
ignored when hashing for near-duplicates, and ``line_dedup`` can remove them from the
text. ``min_docs`` is a parameter; CCNet's "more than once" is ``min_docs=2``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from jingshu.corpus.dedup.normalize import hash_lines, normalize_for_hash

__all__ = ["frequent_lines", "strip_frequent_lines"]


def frequent_lines(line_files: Iterable[Path], min_docs: int) -> frozenset[int]:
    """Hashes of normalized lines present in at least ``min_docs`` documents.

    Memory: 8 bytes per distinct line of each document, for the sort.

    Args:
        line_files: Each shard's ``lines.npy`` (distinct line hashes per document).
        min_docs: The threshold; 0 returns no line.
    """
    if min_docs <= 0:
        return frozenset()
    arrays = [np.load(path) for path in line_files]
    if not arrays:
        return frozenset()
    values = np.sort(np.concatenate(arrays))
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    counts = np.diff(np.r_[starts, len(values)])
    return frozenset(values[starts[counts >= min_docs]].tolist())


def strip_frequent_lines(text: str, frequent: frozenset[int]) -> tuple[str, int]:
    """Remove the raw lines of ``text`` whose normalized form is in ``frequent``.

    Args:
        text: Raw document text.
        frequent: Hashes from :func:`frequent_lines`.

    Returns:
        The text without those lines, and how many lines were removed.
    """
    if not frequent:
        return text, 0
    kept: list[str] = []
    removed = 0
    for line in text.split("\n"):
        norm = normalize_for_hash(line, boilerplate=False)
        if norm and hash_lines(norm)[0] in frequent:
            removed += 1
        else:
            kept.append(line)
    return ("\n".join(kept), removed) if removed else (text, 0)
