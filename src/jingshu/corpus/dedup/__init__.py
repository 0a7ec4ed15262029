"""Deduplication at scale: exact, line-level (CCNet-style) and MinHash-LSH near duplicates.

Separate steps sharing one :class:`NearDedupConfig`: signatures → buckets → clusters →
filter, with per-shard state spilled to disk, run by local processes or Ray.
"""

from __future__ import annotations

from jingshu.corpus.dedup.api import dedup_files
from jingshu.corpus.dedup.config import NearDedupConfig, candidate_probability
from jingshu.corpus.dedup.report import DedupReport, SampleCluster

__all__ = ["DedupReport", "NearDedupConfig", "SampleCluster", "candidate_probability",
           "dedup_files"]
