"""Exact deduplication on a normalized form of the text."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Literal

from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Deduplicator, FilterResult
from jingshu.corpus.ops.charclass import category_pattern
from jingshu.corpus.ops.script import to_simplified
from jingshu.corpus.params import OperatorParams

__all__ = ["ExactDeduplicator", "normalized_key"]


def normalized_key(text: str, *, simplify: bool = True) -> bytes:
    """A 16-byte hash of ``text`` after NFKC, t2s, and removing punctuation and spaces.

    Args:
        text: Document text.
        simplify: Convert traditional to simplified first (OpenCC t2s).
    """
    text = unicodedata.normalize("NFKC", text)
    if simplify:
        text = to_simplified(text)
    kept = category_pattern("P Z", space=True).sub("", text)
    return hashlib.blake2b(kept.lower().encode("utf-8"), digest_size=16).digest()


class ExactDedupParams(OperatorParams):
    to_simplified: bool = Field(True, description="treat traditional and simplified forms as equal")
    scope: Literal["shard", "dataset"] = Field(
        "shard", description="shard: within each shard, streaming; dataset: across all shards, "
        "after the streaming steps (the dedup stage's exact step and normalization)")


class ExactDeduplicator(Deduplicator[ExactDedupParams]):
    """Keep the first document of each normalized text, in input order.

    Memory holds one 16-byte hash per distinct document. The local executor runs one
    pipeline per shard, so with ``scope: shard`` it deduplicates within each shard.
    With ``scope: dataset`` the step passes every document through and the executor
    runs the deduplication stage's exact step over all shards once they are written
    (its normalization also drops boilerplate lines and always folds script).
    """

    name = "exact_dedup"
    Params = ExactDedupParams

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self._seen: set[bytes] = set()

    def reset(self) -> None:
        self._seen.clear()

    @property
    def whole_dataset(self) -> bool:
        """Whether the work happens in the whole-dataset stage (``scope: dataset``)."""
        return self.params.scope == "dataset"

    def filter(self, doc: Document) -> FilterResult:
        if self.whole_dataset:
            return True
        key = normalized_key(doc.text, simplify=self.params.to_simplified)
        if key in self._seen:
            return False, "exact_duplicate"
        self._seen.add(key)
        return True
