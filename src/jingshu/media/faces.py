"""Find and blur faces (and optionally licence plates) with OpenCV's Haar cascades.

The detectors are the cascades ``opencv-python-headless`` 4.x ships in
``cv2.data.haarcascades`` (Viola and Jones, "Rapid Object Detection using a Boosted
Cascade of Simple Features", CVPR 2001): nothing is downloaded at run time. They are
fast and noisy: they miss profile and small faces and fire on some textures, so a
release should still be reviewed; the report counts what was blurred.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from jingshu.errors import DependencyMissing

__all__ = ["blur_regions", "detect_faces", "detect_plates"]

Box = tuple[int, int, int, int]


@cache
def _cascade(name: str) -> object:
    try:
        import cv2
    except ImportError:
        raise DependencyMissing("opencv-python-headless", needed_for="face blurring") from None
    if not hasattr(cv2, "CascadeClassifier"):
        raise DependencyMissing("opencv-python-headless<5", needed_for="Haar cascades "
                                "(OpenCV 5 dropped them)")
    path = Path(cv2.data.haarcascades) / name  # type: ignore[attr-defined]
    return cv2.CascadeClassifier(str(path))


def _detect(im: Image.Image, cascade: str, min_neighbors: int, side: int = 1024) -> list[Box]:
    grey = im.convert("L")
    scale = min(1.0, side / max(grey.size))
    if scale < 1.0:
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)),
                           Image.Resampling.BILINEAR)
    found = _cascade(cascade).detectMultiScale(  # type: ignore[attr-defined]
        np.asarray(grey), scaleFactor=1.1, minNeighbors=min_neighbors, minSize=(20, 20))
    return [tuple(round(v / scale) for v in box) for box in found]  # type: ignore[misc]


def detect_faces(im: Image.Image, *, min_neighbors: int = 5) -> list[Box]:
    """Frontal-face boxes ``(x, y, w, h)`` in the upright image's pixels.

    Args:
        im: an upright image (apply the EXIF orientation first).
        min_neighbors: the cascade's ``minNeighbors``; higher finds fewer, surer faces.
    """
    return _detect(im, "haarcascade_frontalface_default.xml", min_neighbors)


def detect_plates(im: Image.Image, *, min_neighbors: int = 5) -> list[Box]:
    """Licence-plate boxes (OpenCV's Russian-plate cascade, the one it ships)."""
    return _detect(im, "haarcascade_russian_plate_number.xml", min_neighbors)


def blur_regions(im: Image.Image, boxes: list[Box], *, margin: float = 0.15) -> Image.Image:
    """A copy of ``im`` with each box (grown by ``margin``) pixelated then blurred.

    Pixelating to 8×8 cells first removes identity that a Gaussian alone can leave.
    """
    out = (ImageOps.exif_transpose(im) or im).convert("RGB") if im.mode != "RGB" else im.copy()
    for x, y, w, h in boxes:
        dx, dy = round(w * margin), round(h * margin)
        box = (max(0, x - dx), max(0, y - dy), min(out.width, x + w + dx),
               min(out.height, y + h + dy))
        region = out.crop(box)
        small = region.resize((8, 8), Image.Resampling.BILINEAR)
        coarse = small.resize(region.size, Image.Resampling.NEAREST)
        out.paste(coarse.filter(ImageFilter.GaussianBlur(max(2, region.width // 16))), box)
    return out
