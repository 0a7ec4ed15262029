"""Import raw files as streams of record batches, with bounded memory.

Formats: JSON lines (``.jsonl``, ``.json``, ``.ndjson``), CSV (``.csv``), TSV
(``.tsv``), each optionally ``.gz`` / ``.zst`` compressed; Parquet (``.parquet``);
web crawls (``.warc``, ``.wet``, plain or gzip members, :mod:`.warc_reader`); a folder
written by Hugging Face ``save_to_disk`` (:mod:`.hf_folder`); and a folder of ``.txt`` /
``.html`` / ``.htm`` files; JSON lines may name a nested text field (``text_field``).
Media (``imagefolder``, ``audiofolder``, ``coco``, ``webdataset``):
:mod:`jingshu.store.media_folder`, whose bytes go to a :class:`~jingshu.store.blobs.BlobStore`.
"""

from __future__ import annotations

from collections.abc import Iterator

import fsspec
import pyarrow as pa

from jingshu.errors import InputError
from jingshu.store.blobs import BlobStore
from jingshu.store.csv_reader import read_csv
from jingshu.store.hf_folder import is_hf_folder, read_hf_folder
from jingshu.store.jsonl_reader import read_jsonl
from jingshu.store.media_folder import (
    folder_kind,
    parquet_media_kind,
    read_coco,
    read_media_folder,
    read_media_parquet,
    read_webdataset,
)
from jingshu.store.nested import select_text_field
from jingshu.store.parquet_reader import read_parquet
from jingshu.store.schema import check_schema
from jingshu.store.source_files import strip_compression
from jingshu.store.text_folder import read_text_folder
from jingshu.store.warc_reader import WARC_SUFFIXES, read_warc

__all__ = ["FORMATS", "MEDIA_FORMATS", "detect_format", "read_source"]

MEDIA_FORMATS = ("imagefolder", "audiofolder", "coco", "webdataset")
FORMATS = ("jsonl", "csv", "tsv", "parquet", "text", *MEDIA_FORMATS, "warc", "hf")
_BY_EXTENSION = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".tar": "webdataset",
}
_SUPPORTED = (
    ".jsonl/.json/.ndjson, .csv, .tsv (each also .gz/.zst), .parquet, .warc/.wet (also .gz), "
    "a folder of .txt/.html files or of images/audio, a save_to_disk folder, "
    "or a WebDataset .tar"
)


def detect_format(path: str) -> str:
    """The format of ``path`` from its extension (or ``"text"`` for a folder).

    Args:
        path: a file, folder or fsspec URL.

    Raises:
        InputError: the extension is not supported.
    """
    fs, local = fsspec.core.url_to_fs(path)
    if fs.isdir(local) and is_hf_folder(path):
        return "hf"
    if path.lower().endswith(WARC_SUFFIXES):
        return "warc"
    if fs.isdir(local):
        kind = folder_kind(path)
        text = any(str(p).lower().endswith((".txt", ".html", ".htm")) for p in fs.find(local))
        return f"{kind}folder" if kind and not text else "text"
    plain = strip_compression(path).lower()
    for ext, fmt in _BY_EXTENSION.items():
        if plain.endswith(ext):
            return fmt
    raise InputError(f"{path}: unknown file type", hint=f"supported: {_SUPPORTED}; or pass format=")


def read_source(
    path: str,
    *,
    format: str | None = None,
    batch_rows: int = 10_000,
    expected_schema: pa.Schema | None = None,
    blobs: BlobStore | None = None,
    text_field: str | None = None,
) -> Iterator[pa.RecordBatch]:
    """Stream a raw file or folder as record batches.

    Args:
        path: a local path or fsspec URL.
        format: one of :data:`FORMATS`; ``None`` detects it from the extension or folder.
        batch_rows: most rows per batch.
        expected_schema: the schema the data must have.
        blobs: where media formats store the files' bytes (required for them).
        text_field: JSON lines only: the (dotted, nested) field to take as ``text``
            (:func:`~jingshu.store.nested.select_text_field`).

    Raises:
        InputError: the file cannot be read; the message names file and line.
        SchemaMismatchError: the data does not match ``expected_schema`` or itself.
    """
    fmt = format or detect_format(path)
    if text_field is not None:
        if fmt != "jsonl":
            raise InputError(f"{path}: a text field is chosen only in JSON lines",
                             hint="leave out the text field for other formats")
        batches = select_text_field(read_jsonl(path, batch_rows=batch_rows), text_field, path)
        return _checked(path, batches, expected_schema)
    if fmt == "jsonl":
        return read_jsonl(path, batch_rows=batch_rows, expected_schema=expected_schema)
    if fmt == "warc":
        return _checked(path, read_warc(path, batch_rows=batch_rows), expected_schema)
    if fmt == "hf":
        return _checked(path, read_hf_folder(path, batch_rows=batch_rows), expected_schema)
    if fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else ","
        return read_csv(
            path, delimiter=delimiter, batch_rows=batch_rows, expected_schema=expected_schema
        )
    if fmt == "parquet":
        kind = parquet_media_kind(path) if blobs is not None else None
        if kind is not None and blobs is not None:  # image/audio bytes: into the blobs
            return _checked(path, read_media_parquet(path, kind, blobs), expected_schema)
        return read_parquet(path, batch_rows=batch_rows, expected_schema=expected_schema)
    if fmt == "text":
        return _checked(path, read_text_folder(path, batch_rows=batch_rows), expected_schema)
    if fmt in MEDIA_FORMATS:
        return _checked(path, _read_media(path, fmt, blobs), expected_schema)
    raise InputError(f"format {fmt!r} is not supported", hint=f"use one of {', '.join(FORMATS)}")


def _read_media(path: str, fmt: str, blobs: BlobStore | None) -> Iterator[pa.RecordBatch]:
    if blobs is None:
        raise InputError(f"{path}: format {fmt!r} stores media and needs blobs=",
                         hint="import through the catalog, or pass blobs=DatasetStore(...).blobs()")
    if fmt == "coco":
        return read_coco(path, blobs)
    if fmt == "webdataset":
        return read_webdataset(path, blobs)
    return read_media_folder(path, "image" if fmt == "imagefolder" else "audio", blobs)


def _checked(
    path: str, batches: Iterator[pa.RecordBatch], expected: pa.Schema | None
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        if expected is not None:
            check_schema(expected, batch.schema, path)
        yield batch
