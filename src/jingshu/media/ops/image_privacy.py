"""Release-time image privacy: metadata stripping and face/plate blurring."""

from __future__ import annotations

import io
from typing import ClassVar

import pyarrow as pa
from PIL import ImageOps
from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.params import OperatorParams
from jingshu.media.exif import gps_tag_count, strip_metadata
from jingshu.media.faces import blur_regions, detect_faces, detect_plates
from jingshu.media.ops.base import MediaMapper

__all__ = ["ExifStripper", "FaceBlurrer"]


class ExifParams(OperatorParams):
    orientation: str = Field("apply", description="apply: turn upright and re-encode; keep_tag: "
                             "keep the pixels and only the Orientation tag")


class ExifStripper(MediaMapper):
    """Remove EXIF (GPS, maker notes), XMP, IPTC and comments (:mod:`jingshu.media.exif`).

    Counters: ``gps_removed`` (files that had GPS), ``orientation_applied`` (files
    turned upright, whose pixels changed on purpose), ``rewritten_as_png``.
    """

    name = "exif_strip"
    Params = ExifParams
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (("gps_removed", pa.bool_()),)

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        if self.params.orientation not in ("apply", "keep_tag"):
            from jingshu.errors import ConfigError
            raise ConfigError(f"operator 'exif_strip': orientation={self.params.orientation!r}",
                              hint="use 'apply' or 'keep_tag'")

    def change(self, doc: Document) -> Document | None:
        data = self.media_bytes(doc)
        had_gps = _safe_gps(data) > 0
        out = strip_metadata(data, orientation=self.params.orientation)  # type: ignore[arg-type]
        if had_gps:
            self.count("gps_removed")
        if out.pixels_changed:
            self.count("orientation_applied")
        if out.format != doc.metadata.get("format") and out.format == "PNG":
            self.count("rewritten_as_png")
        if out.data == data:
            doc.metadata["gps_removed"] = False
            return None
        w, h = doc.metadata.get("width"), doc.metadata.get("height")
        if out.pixels_changed and out.orientation in (5, 6, 7, 8):
            w, h = h, w
        return self.with_media(doc, out.data, format=out.format, width=w, height=h,
                               gps_removed=had_gps)


def _safe_gps(data: bytes) -> int:
    try:
        return gps_tag_count(data)
    except Exception:  # a broken EXIF block counts as no GPS found
        return 0


class FaceParams(OperatorParams):
    min_neighbors: int = Field(5, ge=1, le=50, description="Haar cascade minNeighbors (OpenCV's "
                               "detectMultiScale default is 3; 5 fires less on textures)")
    plates: bool = Field(False, description="also blur licence plates (Russian-plate cascade)")


class FaceBlurrer(MediaMapper):
    """Blur frontal faces (and, with ``plates``, licence plates) for release.

    The image is turned upright first; a changed image is written back as JPEG
    (quality 95) or PNG, without metadata. Counters: ``faces_blurred``,
    ``plates_blurred``, ``images_with_faces``.
    """

    name = "face_blur"
    Params = FaceParams
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (("faces_blurred", pa.int32()),)

    def change(self, doc: Document) -> Document | None:
        im = self.image(doc)
        upright = ImageOps.exif_transpose(im) or im
        faces = detect_faces(upright, min_neighbors=self.params.min_neighbors)
        plates = detect_plates(upright, min_neighbors=self.params.min_neighbors) \
            if self.params.plates else []
        doc.metadata["faces_blurred"] = len(faces)
        if not faces and not plates:
            return None
        self.count("faces_blurred", len(faces))
        self.count("plates_blurred", len(plates))
        self.count("images_with_faces", int(bool(faces)))
        blurred = blur_regions(upright, faces + plates)
        fmt = "JPEG" if doc.metadata.get("format") in ("JPEG", "MPO") else "PNG"
        buf = io.BytesIO()
        blurred.save(buf, fmt, **({"quality": 95} if fmt == "JPEG" else {}))
        return self.with_media(doc, buf.getvalue(), format=fmt, width=blurred.width,
                               height=blurred.height, faces_blurred=len(faces))
