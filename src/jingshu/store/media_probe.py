"""Check media files at import: format, size and whether they decode.

Images are opened with Pillow under its decompression-bomb guard
(``PIL.Image.MAX_IMAGE_PIXELS``, 89.5 M pixels by default: a file claiming more is
refused before any pixel is decoded) and then decoded in full (JPEGs at 1/8 scale with
``draft``, which still reads every scan, so truncation is found). Audio is opened with
soundfile (libsndfile). A problem becomes the row's ``error`` text, never an
exception: one bad file does not stop an import.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

__all__ = [
    "AUDIO_SUFFIXES",
    "IMAGE_SUFFIXES",
    "AudioInfo",
    "ImageInfo",
    "content_type",
    "file_suffix",
    "probe_audio",
    "probe_image",
]

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp",
                  ".heic", ".heif")
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".aac")
_OBJECT_REPR = re.compile(r"\s*<_io\.BytesIO object at 0x[0-9a-f]+>:?")
_FORMAT_SUFFIXES = {
    "JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "GIF": (".gif",), "BMP": (".bmp",),
    "TIFF": (".tif", ".tiff"), "WEBP": (".webp",), "MPO": (".jpg", ".jpeg"),
}
_CONTENT_TYPES = {
    "JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "GIF": "image/gif",
    "WEBP": "image/webp", "BMP": "image/bmp", "TIFF": "image/tiff", "WAV": "audio/wav",
    "FLAC": "audio/flac", "OGG": "audio/ogg", "MP3": "audio/mpeg",
}
_SUFFIX = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp",
           "BMP": ".bmp", "TIFF": ".tif", "WAV": ".wav", "FLAC": ".flac", "OGG": ".ogg",
           "MP3": ".mp3"}


def content_type(fmt: str | None) -> str:
    """The MIME type of a probed format (``JPEG`` -> ``image/jpeg``); octet-stream if unknown."""
    return _CONTENT_TYPES.get(str(fmt), "application/octet-stream")


def file_suffix(fmt: str | None) -> str:
    """The usual file suffix of a probed format (``.jpg``), ``""`` if unknown."""
    return _SUFFIX.get(str(fmt), "")


@dataclass(frozen=True)
class ImageInfo:
    """What the probe found.

    Args:
        format: Pillow's format name (``JPEG``), ``None`` when unidentified.
        width: stored width in pixels (before any EXIF orientation).
        height: stored height in pixels.
        error: why the file is not usable, or ``None``.
    """

    format: str | None
    width: int | None
    height: int | None
    error: str | None


@dataclass(frozen=True)
class AudioInfo:
    """What the probe found.

    Args:
        format: libsndfile's container name (``WAV``), ``None`` when unreadable.
        sample_rate: samples per second.
        channels: channel count.
        duration_s: length in seconds.
        error: why the file is not usable, or ``None``.
    """

    format: str | None
    sample_rate: int | None
    channels: int | None
    duration_s: float | None
    error: str | None


def probe_image(data: bytes, name: str) -> ImageInfo:
    """Identify and fully decode an image held in memory.

    Args:
        data: the file's bytes.
        name: its file name, to check the extension against the content.
    """
    from PIL import Image

    fmt = width = height = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt, (width, height) = im.format, im.size
                if fmt == "JPEG":
                    im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return ImageInfo(fmt, width, height, f"decompression bomb refused: {exc}")
    except Exception as exc:
        return ImageInfo(fmt, width, height, f"cannot decode image: {_clean(exc)}")
    return ImageInfo(fmt, width, height, _extension_problem(name, fmt))


def _extension_problem(name: str, fmt: str | None) -> str | None:
    suffixes = _FORMAT_SUFFIXES.get(fmt or "")
    if suffixes is None or name.lower().endswith(suffixes):
        return None
    ext = name.rsplit(".", 1)[-1] if "." in name else "(none)"
    return f"wrong extension: .{ext} but the content is {fmt}; rename it to {suffixes[0]}"


def probe_audio(data: bytes, name: str) -> AudioInfo:
    """Open an audio file held in memory and read its header and frames.

    Args:
        data: the file's bytes.
        name: its file name (for the message).
    """
    import soundfile as sf

    try:
        with sf.SoundFile(io.BytesIO(data)) as f:
            frames = f.frames
            if frames <= 0 or frames > 2**40:  # streams without a frame count: read them
                frames = sum(len(block) for block in f.blocks(65536))
            rate = int(f.samplerate)
            return AudioInfo(str(f.format), rate, int(f.channels), frames / rate, None)
    except Exception as exc:
        return AudioInfo(None, None, None, None, f"cannot decode audio: {_clean(exc)}")


def _clean(exc: Exception) -> str:
    """The decoder's message without the in-memory file's repr."""
    return _OBJECT_REPR.sub("", str(exc)).strip() or type(exc).__name__
