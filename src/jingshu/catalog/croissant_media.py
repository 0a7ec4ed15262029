"""Croissant 1.0 entries for the media of a version (images or audio in the blob store).

Rows name each file by its sha256 (``image_sha256`` / ``audio_sha256``); the bytes are
served by the governed media endpoint (``.../versions/{number}/media/{sha256}``, under
the dataset's download policy). In Croissant terms:

- every distinct file is a ``cr:FileObject`` (``@id`` ``media/<sha256>``) with its
  ``contentUrl`` at that endpoint, ``encodingFormat`` (a MIME type), ``sha256`` and
  ``contentSize``;
- a ``cr:FileSet`` (``image-files`` / ``audio-files``) groups them;
- a record set ``images`` / ``audio`` has a key field ``sha256`` (the file name without
  its extension) and a ``content`` field (``sc:ImageObject`` / ``sc:AudioObject``);
- the ``image_sha256`` / ``audio_sha256`` field of the ``default`` record set
  ``references`` ``images/sha256`` (a join, as in the Croissant COCO example).

Rows whose file did not decode at import (``error`` set) name no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jingshu.store.media_export import media_column
from jingshu.store.media_probe import content_type, file_suffix
from jingshu.store.version import StoredVersion

__all__ = ["MediaFile", "MediaFiles", "media_distribution", "media_files", "media_record_set"]

_RECORD_SET = {"image": "images", "audio": "audio"}
_DATA_TYPE = {"image": "sc:ImageObject", "audio": "sc:AudioObject"}
_SHA = "^([0-9a-f]{64})"


@dataclass(frozen=True)
class MediaFile:
    """One distinct media file a version names.

    Args:
        sha256: its content hash (the blob's name).
        format: the format the import found (``JPEG``, ``WAV``), ``None`` if unknown.
        size_bytes: its size, ``None`` if unknown.
    """

    sha256: str
    format: str | None
    size_bytes: int | None


@dataclass(frozen=True)
class MediaFiles:
    """The media of a version: ``kind`` is ``image`` or ``audio``; files in row order."""

    kind: str
    files: tuple[MediaFile, ...]

    @property
    def file_set_id(self) -> str:
        return f"{self.kind}-files"

    @property
    def record_set_id(self) -> str:
        return _RECORD_SET[self.kind]


def media_files(stored: StoredVersion) -> MediaFiles | None:
    """The distinct files a stored version names, or ``None`` when it holds no media."""
    schema = stored.schema()
    kind = media_column(schema)
    if kind is None:
        return None
    column = f"{kind}_sha256"
    wanted = [column] + [c for c in ("format", "size_bytes", "error") if c in schema.names]
    seen: dict[str, MediaFile] = {}
    for batch in stored.iter_batches(columns=wanted):
        for row in batch.to_pylist():
            sha = row[column]
            if sha is None or row.get("error") or sha in seen:
                continue
            size = row.get("size_bytes")
            seen[sha] = MediaFile(sha, row.get("format"), None if size is None else int(size))
    return MediaFiles(kind, tuple(seen.values()))


def _file_object(media_url: str, file: MediaFile) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "@type": "cr:FileObject",
        "@id": f"media/{file.sha256}",
        "name": f"{file.sha256}{file_suffix(file.format)}",
        "contentUrl": f"{media_url}/{file.sha256}",
        "encodingFormat": content_type(file.format),
        "sha256": file.sha256,
    }
    if file.size_bytes is not None:
        entry["contentSize"] = f"{file.size_bytes} B"
    return entry


def media_distribution(media: MediaFiles, media_url: str) -> list[dict[str, Any]]:
    """A ``cr:FileObject`` per file and the ``cr:FileSet`` over them.

    Args:
        media: the version's files.
        media_url: the media endpoint of the version, without a trailing slash.
    """
    objects = [_file_object(media_url, f) for f in media.files]
    formats = sorted({o["encodingFormat"] for o in objects})
    file_set = {
        "@type": "cr:FileSet",
        "@id": media.file_set_id,
        "name": media.file_set_id,
        "description": f"The {media.kind} files the rows name by {media.kind}_sha256.",
        "containedIn": [{"@id": o["@id"]} for o in objects],
        "encodingFormat": formats[0] if len(formats) == 1 else formats,
        "includes": "*",
    }
    return [*objects, file_set]


def media_record_set(media: MediaFiles) -> dict[str, Any]:
    """The record set of the files: key ``sha256`` and the ``content``."""
    rs = media.record_set_id
    source = {"fileSet": {"@id": media.file_set_id}}
    return {
        "@type": "cr:RecordSet",
        "@id": rs,
        "name": rs,
        "key": {"@id": f"{rs}/sha256"},
        "field": [
            {
                "@type": "cr:Field",
                "@id": f"{rs}/sha256",
                "name": "sha256",
                "dataType": "sc:Text",
                "source": {
                    **source,
                    "extract": {"fileProperty": "filename"},
                    "transform": {"regex": _SHA},
                },
            },
            {
                "@type": "cr:Field",
                "@id": f"{rs}/content",
                "name": "content",
                "dataType": _DATA_TYPE[media.kind],
                "source": {**source, "extract": {"fileProperty": "content"}},
            },
        ],
    }
