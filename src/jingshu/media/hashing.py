"""Perceptual image hashes as 64-bit integers.

* :func:`phash`: the DCT hash of Zauner (2010, "Implementation and Benchmarking of
  Perceptual Image Hash Functions") as popularised by N. Krawetz ("Looks Like It",
  Hacker Factor, 2011) and the ``imagehash`` package: grey 32×32, 2-D DCT-II, the
  8×8 lowest frequencies, one bit per coefficient above their median (unnormalised
  DCT, as ``imagehash``, so the two give the same bits for an upright image).
* :func:`dhash`: Krawetz's difference hash ("Kind of Like That", 2013): grey 9×8,
  one bit per horizontal neighbour pair, set when the right pixel is brighter (as
  ``imagehash.dhash``).

Both see the image as displayed: EXIF orientation is applied first, so the eight
orientations of one photo hash alike.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps
from scipy.fft import dctn

__all__ = ["dhash", "hamming", "phash", "prepare"]

_BITS = 1 << np.arange(63, -1, -1, dtype=np.uint64)


def prepare(im: Image.Image) -> Image.Image:
    """The image as displayed (orientation applied), in 8-bit grey."""
    return (ImageOps.exif_transpose(im) or im).convert("L")


def _pack(bits: np.ndarray) -> int:
    return int((bits.astype(np.uint64).ravel() * _BITS).sum())


def phash(im: Image.Image) -> int:
    """The 64-bit DCT perceptual hash.

    Args:
        im: any Pillow image; orientation is applied here.
    """
    grey = prepare(im).resize((32, 32), Image.Resampling.LANCZOS)
    low = dctn(np.asarray(grey, dtype=np.float64), type=2)[:8, :8]
    return _pack(low > np.median(low))


def dhash(im: Image.Image) -> int:
    """The 64-bit difference hash.

    Args:
        im: any Pillow image; orientation is applied here.
    """
    grey = np.asarray(prepare(im).resize((9, 8), Image.Resampling.LANCZOS), dtype=np.int16)
    return _pack(grey[:, 1:] > grey[:, :-1])


def hamming(a: int, b: int) -> int:
    """The number of differing bits of two 64-bit hashes."""
    return (a ^ b).bit_count()


CROP_SCALES = (0.9, 0.8)
CROP_ANCHORS = (0.0, 0.5, 1.0)


def crop_hashes(im: Image.Image) -> list[tuple[int, int]]:
    """``(phash, dhash)`` of the image and of 18 crops of it, for crop-robust matching.

    The crops keep 90 % and 80 % of each side at the 3×3 grid of anchors (corners,
    edge middles, centre), so a crop of another copy is within about 5 % of one of them
    in scale and offset. The image is first reduced to at most 256 px a side (the
    hashes look at 32×32 and 9×8 pixels), which keeps this fast for large photos.

    Args:
        im: any Pillow image; orientation is applied here.
    """
    base = (ImageOps.exif_transpose(im) or im).convert("L")
    base.thumbnail((256, 256), Image.Resampling.BILINEAR, reducing_gap=2.0)
    w, h = base.size
    out = [(phash(base), dhash(base))]
    for scale in CROP_SCALES:
        cw, ch = max(1, round(w * scale)), max(1, round(h * scale))
        for fy in CROP_ANCHORS:
            for fx in CROP_ANCHORS:
                x, y = round((w - cw) * fx), round((h - ch) * fy)
                crop = base.crop((x, y, x + cw, y + ch))
                out.append((phash(crop), dhash(crop)))
    return out
