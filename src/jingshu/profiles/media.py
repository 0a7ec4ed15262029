"""Measures of a media version's files: formats, sizes or durations, undecodable rows,
duplicate files, GPS found and faces blurred.

The rows name each file by ``image_sha256`` / ``audio_sha256`` beside what the import
measured (``format``, ``width``/``height`` or ``duration_s``/``sample_rate``/``channels``,
``size_bytes``, ``error``), so most measures come from the rows alone. Distinct files are
counted with a HyperLogLog sketch (as the tabular columns), so memory stays bounded.
Whether an image still carries a GPS position in its EXIF is read from the file itself
on a sample (every one of the first :data:`GPS_FIRST` images, then 1 in
:data:`GPS_EVERY` by the sha256), as a version that ``exif_strip`` has not run on has
no ``gps_removed`` column.
"""

from __future__ import annotations

import io
from collections import Counter
from contextlib import suppress

import datasketches
import pyarrow as pa

from jingshu.errors import NotFoundError
from jingshu.profiles.model import Histogram, MediaProfile
from jingshu.store.blobs import BlobStore

__all__ = ["DURATION_EDGES", "GPS_EVERY", "GPS_FIRST", "LONG_SIDE_EDGES", "MediaProfiler"]

LONG_SIDE_EDGES = (0.0, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 1e9)  # pixels
DURATION_EDGES = (0.0, 1, 2, 5, 10, 30, 60, 300, 3600, 1e9)  # seconds
GPS_FIRST = 200
GPS_EVERY = 32
_GPS_LATITUDE, _GPS_LONGITUDE = 2, 4  # EXIF GPS IFD tags


def _bin(edges: tuple[float, ...], value: float) -> int:
    for i in range(len(edges) - 1):
        if value < edges[i + 1]:
            return i
    return len(edges) - 2


def _has_gps_position(data: bytes) -> bool:
    """Whether the image's EXIF holds a GPS latitude and longitude (an empty GPS block,
    as some cameras write, holds no position)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        gps = im.getexif().get_ifd(0x8825)
    return _GPS_LATITUDE in gps and _GPS_LONGITUDE in gps


def _reason(error: str) -> str:
    """The kind of an import error, without the file's details (``cannot decode image``)."""
    return error.split(":", 1)[0].strip()[:80]


class MediaProfiler:
    """Feed a media version's batches with :meth:`add`; :meth:`result` gives the profile.

    Args:
        kind: ``image`` or ``audio``.
        blobs: the store's blobs (images are opened on a sample for GPS EXIF), or
            ``None`` to skip that measure.
    """

    def __init__(self, kind: str, blobs: BlobStore | None) -> None:
        self.kind = kind
        self._blobs = blobs
        self._rows = self._with_file = self._bytes = 0
        self._hll = datasketches.hll_sketch(12)
        self._formats: Counter[str] = Counter()
        self._errors: Counter[str] = Counter()
        edges = LONG_SIDE_EDGES if kind == "image" else DURATION_EDGES
        self._edges = edges
        self._counts = [0] * (len(edges) - 1)
        self._rates: Counter[str] = Counter()
        self._gps_removed: int | None = None
        self._faces: int | None = None
        self._gps_checked = self._gps_found = 0

    def add(self, batch: pa.RecordBatch) -> None:
        """Measure one batch of rows."""
        for row in batch.to_pylist():
            self._row(row)

    def _row(self, row: dict[str, object]) -> None:
        self._rows += 1
        sha, error = row.get(f"{self.kind}_sha256"), row.get("error")
        if error:
            self._errors[_reason(str(error))] += 1
            return
        if not isinstance(sha, str):
            return
        self._with_file += 1
        self._hll.update(sha)
        self._formats[str(row.get("format") or "unknown")] += 1
        if isinstance(row.get("size_bytes"), int):
            self._bytes += int(row["size_bytes"])  # type: ignore[call-overload]
        if self.kind == "image":
            self._image(row, sha)
        else:
            self._audio(row)

    def _image(self, row: dict[str, object], sha: str) -> None:
        width, height = row.get("width"), row.get("height")
        if isinstance(width, int) and isinstance(height, int):
            self._counts[_bin(self._edges, max(width, height))] += 1
        if "gps_removed" in row:
            self._gps_removed = (self._gps_removed or 0) + bool(row["gps_removed"])
        if "faces_blurred" in row:
            self._faces = (self._faces or 0) + int(row["faces_blurred"] or 0)  # type: ignore[call-overload]
        sampled = self._with_file <= GPS_FIRST or int(sha[:8], 16) % GPS_EVERY == 0
        if self._blobs is not None and sampled:
            self._gps_checked += 1
            with suppress(NotFoundError, OSError, ValueError):  # missing or unreadable
                self._gps_found += _has_gps_position(self._blobs.get(sha))

    def _audio(self, row: dict[str, object]) -> None:
        duration = row.get("duration_s")
        if isinstance(duration, int | float):
            self._counts[_bin(self._edges, float(duration))] += 1
        if isinstance(row.get("sample_rate"), int):
            self._rates[str(row["sample_rate"])] += 1

    def result(self) -> MediaProfile:
        distinct = min(self._with_file, round(self._hll.get_estimate()))
        return MediaProfile(
            kind=self.kind,
            rows=self._rows,
            with_file=self._with_file,
            undecodable=sum(self._errors.values()),
            error_reasons=dict(self._errors),
            distinct_files=distinct,
            duplicate_rows=self._with_file - distinct,
            bytes=self._bytes,
            formats=dict(self._formats.most_common()),
            sizes=Histogram(self._edges, tuple(self._counts)),
            sample_rates=dict(self._rates.most_common()),
            gps_checked=self._gps_checked,
            gps_found=self._gps_found,
            gps_removed=self._gps_removed,
            faces_blurred=self._faces,
        )
