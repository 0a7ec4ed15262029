"""Deduplication at scale: exact, line-level (CCNet-style) and MinHash-LSH near duplicates.

Separate steps sharing one :class:`NearDedupConfig`: signatures → buckets → clusters →
filter, with per-shard state spilled to disk, run by local processes or Ray.
"""

from __future__ import annotations

import typing as _typing

from jingshu.lazy import lazy_attributes as _lazy_attributes

if _typing.TYPE_CHECKING:
    from jingshu.corpus.dedup.api import dedup_files
    from jingshu.corpus.dedup.config import NearDedupConfig, candidate_probability
    from jingshu.corpus.dedup.report import DedupReport, SampleCluster

# Imported on first use (PEP 562): the operators in ``ops`` need only ``config``.
_HOMES: dict[str, str] = {
    "dedup_files": "jingshu.corpus.dedup.api",
    **dict.fromkeys(("NearDedupConfig", "candidate_probability"), "jingshu.corpus.dedup.config"),
    **dict.fromkeys(("DedupReport", "SampleCluster"), "jingshu.corpus.dedup.report"),
}
__getattr__ = _lazy_attributes(__name__, _HOMES)

__all__ = ["DedupReport", "NearDedupConfig", "SampleCluster", "candidate_probability",
           "dedup_files"]
