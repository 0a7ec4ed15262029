"""Tiny generated media for the annotation tests: a tone as WAV, a quadrilateral as PNG."""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Sequence


def tone_wav(seconds: float, rate: int = 16000) -> bytes:
    """A quiet 440 Hz tone, 16-bit mono."""
    frames = b"".join(struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / rate)))
                      for i in range(int(seconds * rate)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def shape_png(width: int, height: int, polygon: Sequence[tuple[int, int]]) -> bytes:
    """A light blue PNG with ``polygon`` (pixels) filled in dark blue."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (200, 220, 240))
    ImageDraw.Draw(image).polygon(list(polygon), fill=(90, 120, 170))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
