"""The per-recipient image watermark: invisible (PSNR), keyed, and found again after
re-encoding, resizing and cropping; nobody else's key is found in a marked copy."""

from __future__ import annotations

import hashlib
import io
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from jingshu.media.watermark import align_to, mark_image, p_value, psnr, residual, score


def scene(seed: int, size: tuple[int, int] = (480, 360)) -> bytes:
    """A JPEG with shapes, shading and grain: corners for registration, texture to mark."""
    rng = np.random.default_rng(seed)
    base = Image.fromarray(rng.integers(0, 256, (6, 8, 3), dtype=np.uint8)).resize(
        size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(base)
    for _ in range(60):
        x, y = int(rng.integers(0, size[0])), int(rng.integers(0, size[1]))
        w, h = (int(v) for v in rng.integers(8, 60, 2))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        shape = draw.rectangle if rng.random() < 0.5 else draw.ellipse
        shape((x, y, x + w, y + h), fill=colour)
    pixels = np.asarray(base, np.float64) + rng.normal(0, 6, (size[1], size[0], 3))
    buf = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def _jpeg(im: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def _z(leak: Image.Image, original: Image.Image, sha: str, secret: bytes) -> float:
    aligned = align_to(leak, original)
    assert aligned is not None
    res = residual(aligned, original, sha)
    return score(res, secret) / math.sqrt(res.energy)


@pytest.fixture(scope="module")
def marked() -> tuple[bytes, str, bytes]:
    data = scene(1)
    sha = hashlib.sha256(data).hexdigest()
    return data, sha, mark_image(data, b"alice-secret-16b", sha).data


def test_marking_costs_little_and_is_keyed(marked: tuple[bytes, str, bytes]) -> None:
    data, sha, out = marked
    original = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    delivered = np.asarray(Image.open(io.BytesIO(out)).convert("RGB"))
    assert original.shape == delivered.shape
    assert 40.0 <= psnr(original, delivered) < 60.0  # changed, but not visibly
    assert mark_image(data, b"alice-secret-16b", sha).data == out  # deterministic
    assert mark_image(data, b"bob-secret-16byt", sha).data != out


@pytest.mark.parametrize("attack", ["jpeg50", "resize", "crop", "all"])
def test_the_recipient_is_found_after_attacks_and_nobody_else(
        marked: tuple[bytes, str, bytes], attack: str) -> None:
    data, sha, out = marked
    original, leak = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(out))
    w, h = leak.size
    if attack in ("resize", "all"):
        leak = leak.resize((w // 2, h // 2), Image.Resampling.LANCZOS)
    if attack in ("crop", "all"):
        lw, lh = leak.size
        leak = leak.crop((lw // 20, lh // 20, lw // 20 + lw * 9 // 10, lh // 20 + lh * 9 // 10))
    if attack in ("jpeg50", "all"):
        leak = _jpeg(leak, 50)
    assert p_value(_z(leak, original, sha, b"alice-secret-16b")) < 1e-9
    others = [_z(leak, original, sha, hashlib.sha256(bytes([i])).digest()) for i in range(50)]
    assert max(others) < 4.5  # exp(-4.5²/2) = 4e-5 per key


def test_an_unmarked_copy_names_nobody(marked: tuple[bytes, str, bytes]) -> None:
    data, sha, _ = marked
    original = Image.open(io.BytesIO(data))
    assert _z(_jpeg(original, 75), original, sha, b"alice-secret-16b") < 4.5


def test_another_picture_does_not_register() -> None:
    assert align_to(Image.open(io.BytesIO(scene(2))), Image.open(io.BytesIO(scene(3)))) is None
