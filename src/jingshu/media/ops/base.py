"""What media operators share: the bound blob store and the row's decoded image.

A media operator is a corpus :class:`~jingshu.corpus.ops.base.Filter` or
:class:`~jingshu.corpus.ops.base.Mapper` whose document is one dataset row:
``doc.metadata`` holds the row, ``doc.text`` the recipe's text column (a caption or
transcript). The executor binds the store's :class:`~jingshu.store.blobs.BlobStore`
before the first row. An operator that adds columns declares them in ``adds``.
Rows whose media could not be read at import (``error`` set) are dropped by filters
with the reason ``undecodable`` and passed on untouched by mappers.
"""

from __future__ import annotations

import abc
import io
from dataclasses import replace
from typing import Any, ClassVar

import pyarrow as pa
from PIL import Image

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Filter, FilterResult, Mapper
from jingshu.errors import ConfigError
from jingshu.store.blobs import BlobStore

__all__ = ["MediaFilter", "MediaMapper", "MediaStep"]

_IMAGE = "_image"  # where the decoded image of the current bytes is cached in the row


class MediaStep:
    """The blob access and column declarations of a media operator."""

    name: ClassVar[str]
    media: ClassVar[str] = "image"
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = ()
    whole_dataset: ClassVar[bool] = False
    blobs: BlobStore | None = None

    def bind(self, blobs: BlobStore) -> None:
        """Give the operator the store whose blobs the rows name."""
        self.blobs = blobs

    def sha_column(self) -> str:
        return f"{self.media}_sha256"

    def usable(self, doc: Document) -> bool:
        """The row has media bytes that decoded at import."""
        return not doc.metadata.get("error") and bool(doc.metadata.get(self.sha_column()))

    def media_bytes(self, doc: Document) -> bytes:
        """The bytes of the row's media."""
        if self.blobs is None:
            raise ConfigError(f"operator {self.name!r} has no blob store bound",
                              hint="run it through jingshu.jobs.media_runs, or call op.bind(blobs)")
        return self.blobs.get(str(doc.metadata[self.sha_column()]))

    def image(self, doc: Document) -> Image.Image:
        """The row's image, decoded once per version of its bytes."""
        sha = doc.metadata[self.sha_column()]
        cached = doc.metadata.get(_IMAGE)
        if cached is not None and cached[0] == sha:
            return cached[1]  # type: ignore[no-any-return]
        im = Image.open(io.BytesIO(self.media_bytes(doc)))
        im.load()
        doc.metadata[_IMAGE] = (sha, im)
        return im

    def with_media(self, doc: Document, data: bytes, **columns: Any) -> Document:
        """A copy of ``doc`` whose media bytes are ``data`` (stored now) and columns set."""
        if self.blobs is None:
            raise ConfigError(f"operator {self.name!r} has no blob store bound",
                              hint="run it through jingshu.jobs.media_runs, or call op.bind(blobs)")
        row = {k: v for k, v in doc.metadata.items() if k != _IMAGE}
        row.update(columns, size_bytes=len(data))
        row[self.sha_column()] = self.blobs.put(data)
        return replace(doc, metadata=row)


class MediaFilter(MediaStep, Filter[Any]):
    """A filter over rows with media; implement :meth:`keep`."""

    def filter(self, doc: Document) -> FilterResult:
        if not self.usable(doc):
            return False, "undecodable"
        return self.keep(doc)

    @abc.abstractmethod
    def keep(self, doc: Document) -> FilterResult:
        """``True`` to keep the row, ``(False, reason)`` to drop it."""


class MediaMapper(MediaStep, Mapper[Any]):
    """A mapper over rows with media; implement :meth:`change` (return ``None`` to keep)."""

    def map(self, doc: Document) -> Document:
        if not self.usable(doc):
            return doc
        out = self.change(doc)
        if out is None:
            return doc
        self.stats.changed += 1
        return out

    @abc.abstractmethod
    def change(self, doc: Document) -> Document | None:
        """The changed row, or ``None`` when nothing changes."""
