"""Perceptual hashing and exact + near-duplicate image removal.

``image_hash`` (per row) writes ``phash`` and ``dhash`` (16 hex digits each) and
``image_hashes``: ``"<phash>:<dhash>"`` for the whole image and its 18 grid crops
(:func:`jingshu.media.hashing.crop_hashes`). ``image_dedup`` (whole dataset, after
every per-row step) keeps the first row of each group: rows with the same bytes
(sha256), then images grouped by :func:`jingshu.media.neardup.crop_robust_groups`.
Several rows sharing one image (captions of one photo) are kept or dropped together.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.params import OperatorParams
from jingshu.media.hashing import crop_hashes
from jingshu.media.neardup import crop_robust_groups
from jingshu.media.ops.base import MediaFilter, MediaMapper

__all__ = ["ImageDeduplicator", "ImageHasher"]


class HashParams(OperatorParams):
    crops: bool = Field(True, description="also hash 18 crops, for crop-robust near-dup search")


class ImageHasher(MediaMapper):
    """Compute pHash and dHash of the displayed image (and of its crops)."""

    name = "image_hash"
    Params = HashParams
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (
        ("phash", pa.string()), ("dhash", pa.string()), ("image_hashes", pa.list_(pa.string())))

    def change(self, doc: Document) -> Document | None:
        pairs = crop_hashes(self.image(doc))
        if not self.params.crops:
            pairs = pairs[:1]
        doc.metadata["phash"], doc.metadata["dhash"] = f"{pairs[0][0]:016x}", f"{pairs[0][1]:016x}"
        doc.metadata["image_hashes"] = [f"{p:016x}:{d:016x}" for p, d in pairs]
        return None


class DedupParams(OperatorParams):
    max_distance: int = Field(26, ge=0, le=128, description="largest pHash+dHash distance (of 128 "
                              "bits) between an image and another's whole or crop hashes")
    max_dhash: int = Field(10, ge=0, le=32, description="largest dHash distance in that pairing "
                           "(also the multi-index search radius)")


class ImageDeduplicator(MediaFilter):
    """Remove exact (same sha256) and near-duplicate images, keeping the first.

    Needs ``image_hash`` earlier in the recipe. Defaults measured on variants of the
    real photos (``bench/bench_media_neardup.py``): recall and precision in
    ``docs/benchmarks.md``.
    """

    name = "image_dedup"
    kind = "dedup"
    Params = DedupParams
    whole_dataset = True
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (("duplicate_of", pa.string()),)

    def keep(self, doc: Document) -> bool:  # per-row use: nothing to judge alone
        return True

    def select(self, table: pa.Table) -> tuple[np.ndarray, list[str | None]]:
        """Which rows of the staged table to keep, and each row's group's first id.

        Args:
            table: the rows after the per-row steps (``id``, ``image_sha256``,
                ``image_hashes``).
        """
        shas: list[Any] = table.column("image_sha256").to_pylist()
        lists: list[Any] = table.column("image_hashes").to_pylist()
        ids = [str(i) for i in table.column("id").to_pylist()]
        first_of_sha: dict[str, int] = {}
        images: list[int] = []  # row index of each distinct image
        for row, sha in enumerate(shas):
            if sha is not None and sha not in first_of_sha and lists[row]:
                first_of_sha[sha] = row
                images.append(row)
        parsed = [[(int(h[:16], 16), int(h[17:], 16)) for h in lists[r]] for r in images]
        groups = crop_robust_groups(parsed, max_distance=self.params.max_distance,
                                    max_dhash=self.params.max_dhash)
        keeper_of_sha = {shas[images[i]]: images[int(g)] for i, g in enumerate(groups)}
        keep = np.ones(len(shas), dtype=bool)
        dup_of: list[str | None] = [None] * len(shas)
        for row, sha in enumerate(shas):
            keeper = keeper_of_sha.get(sha)
            if keeper is None:
                continue
            if shas[keeper] != sha:  # another image is the group's first
                keep[row] = False
                dup_of[row] = ids[keeper]
                reason = "near duplicate"
            elif first_of_sha[sha] != row and self._caption_free(table):
                keep[row] = False
                dup_of[row] = ids[first_of_sha[sha]]
                reason = "exact duplicate"
            else:
                continue
            self.stats.record_drop(reason, ids[row])
        self.stats.docs_in += len(shas)
        self.stats.docs_out += int(keep.sum())
        return keep, dup_of

    @staticmethod
    def _caption_free(table: pa.Table) -> bool:
        """Rows are images, not pairs: the same bytes twice is a duplicate row."""
        return not any(c in table.column_names for c in ("caption", "text"))
