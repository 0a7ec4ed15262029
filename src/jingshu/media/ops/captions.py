"""Image–text pairs: duplicate captions.

Captions themselves go through the corpus text operators (repair, script, PII,
length, language) named in the recipe; the recipe's ``text`` column is what they see.
"""

from __future__ import annotations

import re

from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import FilterResult
from jingshu.corpus.params import OperatorParams
from jingshu.media.ops.base import MediaFilter

__all__ = ["CaptionDeduplicator"]

_SPACE = re.compile(r"\s+")


class CaptionDedupParams(OperatorParams):
    across_images: bool = Field(False, description="also drop a caption another image already has")


class CaptionDeduplicator(MediaFilter):
    """Drop a pair whose caption (spaces ignored, so word-segmented and plain Chinese
    match) the same image already has, or, with ``across_images``, any image has."""

    name = "caption_dedup"
    kind = "dedup"
    Params = CaptionDedupParams

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self._seen: set[tuple[str, str]] = set()

    def reset(self) -> None:
        self._seen.clear()

    def keep(self, doc: Document) -> FilterResult:
        caption = _SPACE.sub("", doc.text)
        key = ("" if self.params.across_images else str(doc.metadata.get("image_sha256")),
               caption)
        if key in self._seen:
            return False, "duplicate caption"
        self._seen.add(key)
        return True
