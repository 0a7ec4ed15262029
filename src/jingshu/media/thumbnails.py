"""Small JPEG previews of images, for viewers."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

__all__ = ["thumbnail"]


def thumbnail(data: bytes, size: int = 256) -> bytes:
    """A JPEG (quality 80) of the displayed image fitting in ``size`` × ``size``.

    Args:
        data: an image file's bytes.
        size: the longest side in pixels.
    """
    with Image.open(io.BytesIO(data)) as im:
        if im.format == "JPEG":
            im.draft("RGB", (size, size))
        upright = (ImageOps.exif_transpose(im) or im).convert("RGB")
        upright.thumbnail((size, size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        upright.save(out, "JPEG", quality=80)
        return out.getvalue()
