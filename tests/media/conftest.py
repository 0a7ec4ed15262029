"""Small media made in the test: photos-like JPEGs (with EXIF/GPS), a bomb, a truncation."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

MULTIMODAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "multimodal"


@pytest.fixture
def multimodal() -> Path:
    if not MULTIMODAL.is_dir():
        pytest.skip(f"real data folder {MULTIMODAL} is absent (it ships beside the repo in CI)")
    return MULTIMODAL


def textured(seed: int, size: tuple[int, int] = (96, 64)) -> Image.Image:
    """A smooth random image (a few blobs), so perceptual hashes differ between seeds."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, size=(4, 6, 3), dtype=np.uint8)
    return Image.fromarray(small).resize(size, Image.Resampling.BICUBIC)


def jpeg(seed: int = 0, *, gps: bool = False, orientation: int = 1,
         size: tuple[int, int] = (96, 64)) -> bytes:
    """A JPEG, optionally with a GPS IFD and an Orientation tag."""
    exif = Image.Exif()
    exif[0x010F] = "TestMake"
    if orientation != 1:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (39.0, 54.0, 20.0), 3: "E", 4: (116.0, 23.0, 29.0)}
    buf = io.BytesIO()
    textured(seed, size).save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid PNG header claiming ``width`` x ``height`` pixels and almost no data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))
            + chunk(b"IEND", b""))
