"""A per-recipient image watermark that survives re-encoding, resizing and cropping.

The scheme is the spread-spectrum watermark of Cox, Kilian, Leighton and Shamoon
("Secure Spread Spectrum Watermarking for Multimedia", IEEE Trans. Image Processing
6(12), 1997), with non-blind detection against the stored original:

* **embed** (:func:`mark_image`): the luminance of the image as displayed gets a 2-D
  orthonormal DCT over the whole frame; every coefficient in a band of low-to-middle
  frequencies (normalized radius :data:`BAND`, in cycles per image, so the same
  coefficients exist at any size) is changed to ``c + α·|c|·s`` with ``s = ±1`` drawn
  from a PRNG keyed by the recipient's secret and the image's sha256. ``α`` is chosen
  so that the change has the mean square error of :data:`TARGET_PSNR` dB (capped at
  :data:`MAX_ALPHA`); the same change is added to R, G and B, so chroma is untouched.
  Low and middle frequencies are what JPEG keeps (its 8×8 quantization removes high
  ones) and what a 0.5× resize keeps (it removes everything above half the
  original's Nyquist frequency).
* **align** (:func:`align_to`): a leaked copy is registered to the original with ORB
  features (Rublee et al., ICCV 2011) and a RANSAC similarity transform (scale,
  rotation, shift), which undoes resizing and cropping; the part a crop removed is
  filled from the original, as Cox et al. do.
* **detect** (:func:`residual` and :func:`score`): ``r = DCT(aligned) − DCT(original)``
  on the band, weighted as a matched filter for the mark ``α|c|s`` in noise of
  variance ``σ²`` (estimated as the median of ``r²``):
  ``a = r·α|c| / (α²c² + σ²)``. For the recipient with signs ``s``
  the statistic is ``z = Σ a·s / √(Σ a²)``. For anyone else the signs are independent
  fair ±1 given ``a``, so by Hoeffding's inequality ``P(z ≥ t) ≤ exp(−t²/2)``
  whatever the leak did to the image: a bound on false accusations that needs no
  model of the attack. Several leaked images add their sums before dividing.

The stored original is never changed: marking returns new bytes.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps
from scipy.fft import dctn, idctn

__all__ = [
    "BAND",
    "MAX_ALPHA",
    "MIN_INLIERS",
    "TARGET_PSNR",
    "Alignment",
    "MarkedImage",
    "Residual",
    "align_to",
    "band_mask",
    "displayed",
    "keyed_signs",
    "mark_image",
    "p_value",
    "psnr",
    "residual",
    "score",
]

BAND = (0.01, 0.10)  # normalized DCT radius (index / side) of the marked coefficients
TARGET_PSNR = 44.0
MAX_ALPHA = 0.35
MIN_INLIERS = 12  # ORB matches a registration must explain
_ORB_FEATURES = 3000
JPEG_QUALITY = 97


def displayed(im: Image.Image) -> Image.Image:
    """The image as displayed (EXIF orientation applied), in RGB or grey."""
    im = ImageOps.exif_transpose(im) or im
    return im.convert("L") if im.mode in ("L", "I", "I;16", "1") else im.convert("RGB")


def _luma(rgb: np.ndarray) -> np.ndarray:
    if rgb.ndim == 2:
        return rgb.astype(np.float64)
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def band_mask(height: int, width: int) -> np.ndarray:
    """The DCT coefficients marked in an image of this size (boolean ``height × width``)."""
    fy = np.arange(height, dtype=np.float64)[:, None] / height
    fx = np.arange(width, dtype=np.float64)[None, :] / width
    radius = np.sqrt(fy * fy + fx * fx)
    return (radius >= BAND[0]) & (radius <= BAND[1])


def keyed_signs(secret: bytes, image_sha: str, count: int) -> np.ndarray:
    """The recipient's ±1 signs for the image with sha256 ``image_sha`` (``count`` of them)."""
    seed = hashlib.blake2b(image_sha.encode("ascii"), key=secret, digest_size=16,
                           person=b"jingshu-pixels").digest()
    rng = np.random.Generator(np.random.PCG64(int.from_bytes(seed, "big")))
    return rng.integers(0, 2, count, dtype=np.int8).astype(np.float64) * 2.0 - 1.0


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio of two 8-bit images of the same shape, in dB."""
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return math.inf if mse == 0 else 10 * math.log10(255.0 ** 2 / mse)


def _alpha(pixels: int, band: np.ndarray, target_psnr: float = TARGET_PSNR) -> float:
    """The strength whose change costs ``target_psnr`` dB (orthonormal DCT: the
    coefficients' square error is the pixels')."""
    energy = float(np.sum(band * band))
    mse = 255.0 ** 2 / 10 ** (target_psnr / 10)
    return min(MAX_ALPHA, math.sqrt(pixels * mse / energy)) if energy > 0 else 0.0


@dataclass(frozen=True)
class MarkedImage:
    """Marked image bytes and what marking did."""

    data: bytes
    format: str  # "JPEG" or "PNG"
    alpha: float
    coefficients: int
    psnr: float  # of the delivered file (after encoding) against the original's pixels


def mark_image(data: bytes, secret: bytes, image_sha: str, *,
               target_psnr: float = TARGET_PSNR) -> MarkedImage:
    """The image ``data`` marked for the recipient with ``secret``.

    JPEG originals come back as JPEG (quality 97, no chroma subsampling), others as
    PNG; EXIF and other metadata are not copied.

    Args:
        data: The original file's bytes.
        secret: The recipient's watermark secret.
        image_sha: The original's sha256 (the key of its signs).
        target_psnr: The watermark's strength, as the PSNR it alone costs.
    """
    with Image.open(io.BytesIO(data)) as opened:
        fmt = "JPEG" if opened.format in ("JPEG", "MPO") else "PNG"
        im = displayed(opened)
    pixels = np.asarray(im, dtype=np.float64)
    luma = _luma(pixels)
    coeffs = dctn(luma, norm="ortho")
    mask = band_mask(*luma.shape)
    band = coeffs[mask]
    signs = keyed_signs(secret, image_sha, band.size)
    alpha = _alpha(luma.size, band, target_psnr)
    change = np.zeros_like(coeffs)
    change[mask] = alpha * np.abs(band) * signs
    delta = idctn(change, norm="ortho")
    marked = pixels + (delta[..., None] if pixels.ndim == 3 else delta)
    out = np.clip(np.rint(marked), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    result = Image.fromarray(out)
    if fmt == "JPEG":
        result.save(buf, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    else:
        result.save(buf, "PNG")
    delivered = np.asarray(displayed(Image.open(io.BytesIO(buf.getvalue()))))
    original = np.asarray(im)
    return MarkedImage(buf.getvalue(), fmt, alpha, int(band.size), psnr(original, delivered))


@dataclass(frozen=True)
class Alignment:
    """A leaked copy in the original's frame: its luminance and how it was found."""

    luma: np.ndarray
    inliers: int
    scale: float
    covered: float  # share of the original's area the copy covers


def _grey8(im: Image.Image) -> np.ndarray:
    return np.asarray(im.convert("L"), dtype=np.uint8)


def align_to(leaked: Image.Image, original: Image.Image) -> Alignment | None:
    """Register ``leaked`` (a possibly resized, cropped, re-encoded copy) to ``original``.

    ORB keypoints and a RANSAC similarity transform; the part of the original the copy
    does not cover is filled from the original. ``None`` when fewer than
    :data:`MIN_INLIERS` matches agree (not a copy of this image, or too altered).
    """
    import cv2

    leak_grey, orig_grey = _grey8(displayed(leaked)), _grey8(displayed(original))
    orb = cv2.ORB_create(nfeatures=_ORB_FEATURES)  # type: ignore[attr-defined]
    kl, dl = orb.detectAndCompute(leak_grey, None)
    ko, do = orb.detectAndCompute(orig_grey, None)
    if dl is None or do is None or len(kl) < MIN_INLIERS or len(ko) < MIN_INLIERS:
        return None
    matches = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(dl, do)
    if len(matches) < MIN_INLIERS:
        return None
    src = np.array([kl[m.queryIdx].pt for m in matches], np.float32).reshape(-1, 1, 2)
    dst = np.array([ko[m.trainIdx].pt for m in matches], np.float32).reshape(-1, 1, 2)
    matrix, inliers = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC,
                                                  ransacReprojThreshold=2.0,
                                                  maxIters=5000, confidence=0.999)
    count = int(inliers.sum()) if inliers is not None else 0
    if matrix is None or count < MIN_INLIERS:
        return None
    height, width = orig_grey.shape
    leak_luma = _luma(np.asarray(displayed(leaked), dtype=np.float64)).astype(np.float32)
    warped = cv2.warpAffine(leak_luma, matrix, (width, height), flags=cv2.INTER_CUBIC,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    cover = cv2.warpAffine(np.ones(leak_luma.shape, np.float32), matrix, (width, height),
                           flags=cv2.INTER_NEAREST, borderValue=0)
    inside = cover > 0.5
    # a pixel on the copy's edge mixes in the border: take it from the original too
    inside = cv2.erode(inside.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    orig_luma = _luma(np.asarray(displayed(original), dtype=np.float64))
    luma = np.where(inside, warped.astype(np.float64), orig_luma)
    scale = float(math.hypot(matrix[0, 0], matrix[0, 1]))
    return Alignment(luma, count, scale, float(inside.mean()))


@dataclass(frozen=True)
class Residual:
    """What a leaked copy differs from its original by, on the marked band, weighted."""

    weighted: np.ndarray  # a = r·α|c| / (α²c² + σ²), r = DCT(aligned) − DCT(original)
    image_sha: str

    @property
    def energy(self) -> float:
        return float(np.sum(self.weighted * self.weighted))


def residual(aligned: Alignment, original: Image.Image, image_sha: str) -> Residual:
    """The weighted band residual of an aligned copy against its original."""
    orig_luma = _luma(np.asarray(displayed(original), dtype=np.float64))
    mask = band_mask(*orig_luma.shape)
    base = dctn(orig_luma, norm="ortho")[mask]
    diff = dctn(aligned.luma, norm="ortho")[mask] - base
    mark = _alpha(orig_luma.size, base) * np.abs(base)  # the mark's size at each place
    noise = max(float(np.median(diff * diff)), 1e-12)
    return Residual(diff * mark / (mark * mark + noise), image_sha)


def score(res: Residual, secret: bytes) -> float:
    """``Σ a·s`` of one residual for the recipient with ``secret`` (divide the sum of
    several by ``√Σ energy`` to get ``z``)."""
    signs = keyed_signs(secret, res.image_sha, res.weighted.size)
    return float(np.dot(res.weighted, signs))


def p_value(z: float) -> float:
    """Hoeffding's bound ``exp(−z²/2)`` on ``P(Z ≥ z)`` for someone else's signs."""
    return 1.0 if z <= 0 else math.exp(-z * z / 2)
