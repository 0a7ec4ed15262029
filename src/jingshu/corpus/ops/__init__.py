"""Corpus operators, one family per module; see :mod:`jingshu.corpus.registry` for names."""

from __future__ import annotations

from jingshu.corpus.ops.base import Deduplicator, Filter, Mapper, Operator

__all__ = ["Deduplicator", "Filter", "Mapper", "Operator"]
