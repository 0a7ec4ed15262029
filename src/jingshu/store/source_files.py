"""Opening source files for import: fsspec paths, gzip/zstd by extension."""

from __future__ import annotations

import io
from typing import IO

import fsspec

from jingshu.errors import InputError

__all__ = ["COMPRESSIONS", "compression_of", "open_source", "strip_compression"]

COMPRESSIONS = {".gz": "gzip", ".zst": "zstd"}


def compression_of(path: str) -> str | None:
    """The fsspec compression name implied by a path's last extension, or ``None``.

    Args:
        path: a file path or URL.
    """
    for ext, name in COMPRESSIONS.items():
        if path.lower().endswith(ext):
            return name
    return None


def strip_compression(path: str) -> str:
    """The path without a trailing ``.gz`` / ``.zst``.

    Args:
        path: a file path or URL.
    """
    for ext in COMPRESSIONS:
        if path.lower().endswith(ext):
            return path[: -len(ext)]
    return path


def open_source(path: str) -> IO[bytes]:
    """Open a source file for streaming binary reads, decompressing by extension.

    Args:
        path: a local path or fsspec URL.

    Raises:
        InputError: the file does not exist.
    """
    try:
        handle = fsspec.open(path, "rb", compression=compression_of(path)).open()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found", hint="check the path") from exc
    if not hasattr(handle, "peek"):
        handle = io.BufferedReader(handle, buffer_size=1 << 20)
    result: IO[bytes] = handle
    return result
