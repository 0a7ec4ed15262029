"""Small JPEG or WebP previews of images, for viewers; made once per blob, size and format.

A thumbnail is derived from a blob, so it is kept beside it in the blob store
(``blobs/derived/thumb-<size>.<format>/…``, :meth:`BlobStore.put_derived`) and removed
with it; the next request for the same image, size and format reads that file instead
of decoding the image again.
"""

from __future__ import annotations

import io
from typing import Literal

from PIL import Image, ImageOps

from jingshu.store.blobs import BlobStore

__all__ = ["THUMB_FORMATS", "ThumbFormat", "cached_thumbnail", "thumbnail"]

ThumbFormat = Literal["jpeg", "webp"]
THUMB_FORMATS: dict[str, str] = {"jpeg": "image/jpeg", "webp": "image/webp"}


def thumbnail(data: bytes, size: int = 256, fmt: ThumbFormat = "jpeg") -> bytes:
    """A JPEG or WebP (quality 80) of the displayed image fitting in ``size`` × ``size``.

    Args:
        data: an image file's bytes.
        size: the longest side in pixels.
        fmt: ``jpeg`` or ``webp``.
    """
    with Image.open(io.BytesIO(data)) as im:
        if im.format == "JPEG":
            im.draft("RGB", (size, size))
        upright = (ImageOps.exif_transpose(im) or im).convert("RGB")
        upright.thumbnail((size, size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        upright.save(out, fmt.upper(), quality=80)
        return out.getvalue()


def cached_thumbnail(
    blobs: BlobStore, sha: str, size: int = 256, fmt: ThumbFormat = "jpeg"
) -> bytes:
    """The thumbnail of blob ``sha``: the stored one, or made now and stored.

    Args:
        blobs: the store's blobs (the image and its thumbnails).
        sha: the image's sha256.
        size: the longest side in pixels.
        fmt: ``jpeg`` or ``webp``.
    """
    kind = f"thumb-{size}.{fmt}"
    kept = blobs.get_derived(sha, kind)
    if kept is not None:
        return kept
    made = thumbnail(blobs.get(sha), size, fmt)
    blobs.put_derived(sha, kind, made)
    return made
