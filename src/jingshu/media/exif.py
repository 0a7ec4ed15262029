"""Remove camera metadata (EXIF with GPS and maker notes, XMP, IPTC, comments) from
image files, without touching pixels unless orientation must be applied.

* JPEG: the APP1–APP15 and COM segments are dropped from the header and anything
  after the end-of-image marker (phone trailers, MPO second frames with their own
  EXIF) is cut. Kept: APP0 (JFIF), the APP2 ICC profile and the APP14 ``Adobe``
  segment (needed to decode CMYK files alike). The entropy-coded data is copied byte
  for byte, so the decoded pixels are identical.
* PNG: the ``eXIf``, ``tEXt``, ``zTXt``, ``iTXt`` and ``tIME`` chunks are dropped.
* Other formats (TIFF, WebP ...): decoded and written as PNG, losslessly.

EXIF Orientation: with ``orientation="apply"`` (the default) an image whose tag is
not 1 is turned upright (``ImageOps.exif_transpose``) and re-encoded (JPEG at quality
95): its pixels change on purpose and the result says so. With ``"keep_tag"`` the
pixels stay and a minimal EXIF block holding only the Orientation tag is written
back, as ``exiftool -all= -tagsfromfile @ -Orientation`` does.
"""

from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageOps

from jingshu.errors import InputError

__all__ = ["Orientation", "StrippedImage", "exif_blocks", "gps_tag_count", "pixel_sha256",
           "strip_metadata"]

Orientation = Literal["apply", "keep_tag"]
_PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


@dataclass(frozen=True)
class StrippedImage:
    """The cleaned file.

    Args:
        data: the new bytes.
        format: their format (``PNG`` when a TIFF/WebP was rewritten).
        orientation: the EXIF Orientation the input had (1 when none).
        pixels_changed: True when orientation was applied (re-encoded on purpose).
    """

    data: bytes
    format: str
    orientation: int
    pixels_changed: bool


def strip_metadata(data: bytes, *, orientation: Orientation = "apply") -> StrippedImage:
    """The image without metadata; see the module docstring for what is kept.

    Args:
        data: an image file's bytes.
        orientation: ``apply`` (turn upright, re-encode) or ``keep_tag``.

    Raises:
        InputError: the bytes are not an image Pillow can open.
    """
    try:
        with Image.open(io.BytesIO(data)) as im:
            fmt, tag = str(im.format), int(im.getexif().get(0x0112, 1) or 1)
            if tag != 1 and orientation == "apply":
                return StrippedImage(_upright(im, fmt), _saved_format(fmt), tag, True)
            if fmt not in ("JPEG", "MPO", "PNG"):
                return StrippedImage(_as_png(im), "PNG", tag, False)
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot open image to strip its metadata: {exc}",
                         hint="run decode_check before exif_strip") from None
    if fmt == "PNG":
        return StrippedImage(_strip_png(data), "PNG", tag, False)
    clean = _strip_jpeg(data)
    if tag != 1:  # keep_tag
        clean = _with_orientation(clean, tag)
    return StrippedImage(clean, "JPEG", tag, False)


def _saved_format(fmt: str) -> str:
    return "JPEG" if fmt in ("JPEG", "MPO") else "PNG"


def _upright(im: Image.Image, fmt: str) -> bytes:
    turned = ImageOps.exif_transpose(im) or im
    out = io.BytesIO()
    if _saved_format(fmt) == "JPEG":
        rgb = turned if turned.mode in ("RGB", "L", "CMYK") else turned.convert("RGB")
        rgb.save(out, "JPEG", quality=95, icc_profile=im.info.get("icc_profile"))
    else:
        turned.save(out, "PNG")
    return out.getvalue()


def _as_png(im: Image.Image) -> bytes:
    frame = im if im.mode in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA") else im.convert(
        "RGBA" if "A" in im.getbands() else "RGB")
    out = io.BytesIO()
    frame.save(out, "PNG")
    return out.getvalue()


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise InputError("not a JPEG (no start-of-image marker)", hint="check the file's format")
    out, i = [b"\xff\xd8"], 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:  # extraneous bytes: skip to the next marker, as libjpeg does
            i = data.find(b"\xff", i)
            if i < 0:
                raise InputError("JPEG has no image data", hint="re-encode the file")
            continue
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker in _STANDALONE:
            out.append(data[i:i + 2])
            i += 2
            continue
        if marker == 0xDA:  # start of scan: copy through the end-of-image marker
            end = data.find(b"\xff\xd9", i)
            out.append(data[i:] if end < 0 else data[i:end + 2])
            break
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        segment = data[i:i + 2 + length]
        if not _drop_segment(marker, segment):
            out.append(segment)
        i += 2 + length
    return b"".join(out)


def _drop_segment(marker: int, segment: bytes) -> bool:
    if marker == 0xFE:
        return True
    if marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00":
        return False
    if marker == 0xEE and segment[4:9] == b"Adobe":
        return False
    return 0xE1 <= marker <= 0xEF


def _with_orientation(jpeg: bytes, tag: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = tag
    payload = b"Exif\x00\x00" + exif.tobytes()[6:] if exif.tobytes().startswith(b"Exif") \
        else b"Exif\x00\x00" + exif.tobytes()
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def _strip_png(data: bytes) -> bytes:
    out, i = [data[:8]], 8
    while i + 8 <= len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        kind = data[i + 4:i + 8]
        chunk = data[i:i + 12 + length]
        if kind not in _PNG_DROP:
            out.append(chunk)
        i += 12 + length
        if kind == b"IEND":
            break
    return b"".join(out)


def gps_tag_count(data: bytes) -> int:
    """GPS tags Pillow finds in the file's EXIF (0 when there is no EXIF)."""
    with Image.open(io.BytesIO(data)) as im:
        return len(im.getexif().get_ifd(0x8825))


def exif_blocks(data: bytes) -> int:
    """How many EXIF blocks (``Exif\\0\\0`` headers) the raw bytes still hold, anywhere."""
    return data.count(b"Exif\x00\x00")


def pixel_sha256(data: bytes) -> str:
    """sha256 of the decoded pixels as stored (mode, size and raw bytes; no orientation)."""
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        head = f"{im.mode}:{im.size[0]}x{im.size[1]}:".encode()
        return hashlib.sha256(head + im.tobytes()).hexdigest()
