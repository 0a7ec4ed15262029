"""Which media files a version names: a sorted sha256 index, built once per version.

The media endpoints serve a file only when a row of the version names it. Scanning the
version's sha256 column on every request costs time in proportion to the rows (about
18 ms at 100,000 rows, seconds at tens of millions). A version never changes, so the
column is read once into a sorted array of 32-byte digests (32 MB per million files)
with each row's ``format``; a lookup is then a binary search. A process keeps the
indexes of its :data:`KEPT` most recently used versions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from jingshu.store.version import StoredVersion

__all__ = ["KEPT", "MediaIndex", "media_index"]

KEPT = 4
"""Versions whose index a process keeps (least recently used dropped first)."""


@dataclass(frozen=True)
class MediaIndex:
    """The distinct files a version's ``<kind>_sha256`` column names, sorted.

    Args:
        digests: Sorted 32-byte digests (``numpy`` ``S32``).
        formats: Each digest's ``format`` code (index into ``names``; -1: none).
        names: The distinct ``format`` values.
    """

    digests: np.ndarray
    formats: np.ndarray
    names: tuple[str, ...]

    @classmethod
    def build(cls, stored: StoredVersion, column: str) -> MediaIndex:
        """Read ``column`` (and ``format`` when present) of ``stored``, batch by batch."""
        wanted = [column] + (["format"] if "format" in stored.schema().names else [])
        digests: list[bytes] = []
        codes: list[int] = []
        names: dict[str, int] = {}
        for batch in stored.iter_batches(columns=wanted, batch_size=65_536):
            shas = batch.column(0).to_pylist()
            fmts = batch.column(1).to_pylist() if len(wanted) == 2 else [None] * len(shas)
            for sha, fmt in zip(shas, fmts, strict=True):
                if not isinstance(sha, str) or len(sha) != 64:
                    continue  # a row whose file did not import
                try:
                    digests.append(bytes.fromhex(sha))
                except ValueError:
                    continue
                codes.append(-1 if not fmt else names.setdefault(str(fmt), len(names)))
        array = np.array(digests, dtype="S32") if digests else np.empty(0, dtype="S32")
        order = np.argsort(array, kind="stable")
        return cls(array[order], np.asarray(codes, dtype=np.int32)[order] if codes
                   else np.empty(0, dtype=np.int32), tuple(names))

    def find(self, sha: str) -> tuple[bool, str | None]:
        """Whether a row names ``sha`` (hex), and that row's ``format``."""
        if len(sha) != 64 or not len(self.digests):
            return False, None
        try:
            digest = np.array([bytes.fromhex(sha)], dtype="S32")
        except ValueError:
            return False, None
        at = int(np.searchsorted(self.digests, digest[0]))
        if at >= len(self.digests) or self.digests[at] != digest[0]:
            return False, None
        code = int(self.formats[at])
        return True, (self.names[code] if code >= 0 else None)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return int(self.digests.nbytes + self.formats.nbytes)


_kept: OrderedDict[tuple[str, str, str], MediaIndex] = OrderedDict()
_lock = threading.Lock()
_building: dict[tuple[str, str, str], threading.Lock] = {}


def media_index(stored: StoredVersion, column: str) -> MediaIndex:
    """The index of ``stored``'s ``column``: kept, or built now (once per process even
    when several requests ask at the same time)."""
    key = (stored.full_location, str(stored.manifest.version_id), column)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _lock:
            if key in _kept:
                return _kept[key]
        made = MediaIndex.build(stored, column)
        with _lock:
            _kept[key] = made
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
            _building.pop(key, None)
        return made
