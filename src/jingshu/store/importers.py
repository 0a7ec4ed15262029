"""Import raw files as streams of record batches, with bounded memory.

Formats: JSON lines (``.jsonl``, ``.json``, ``.ndjson``), CSV (``.csv``), TSV
(``.tsv``), each optionally ``.gz`` / ``.zst`` compressed; Parquet (``.parquet``);
and a folder of ``.txt`` / ``.html`` / ``.htm`` files.
"""

from __future__ import annotations

from collections.abc import Iterator

import fsspec
import pyarrow as pa

from jingshu.errors import InputError
from jingshu.store.csv_reader import read_csv
from jingshu.store.jsonl_reader import read_jsonl
from jingshu.store.parquet_reader import read_parquet
from jingshu.store.schema import check_schema
from jingshu.store.source_files import strip_compression
from jingshu.store.text_folder import read_text_folder

__all__ = ["FORMATS", "detect_format", "read_source"]

FORMATS = ("jsonl", "csv", "tsv", "parquet", "text")
_BY_EXTENSION = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
}
_SUPPORTED = (
    ".jsonl/.json/.ndjson, .csv, .tsv (each also .gz/.zst), .parquet, "
    "or a folder of .txt/.html files"
)


def detect_format(path: str) -> str:
    """The format of ``path`` from its extension (or ``"text"`` for a folder).

    Args:
        path: a file, folder or fsspec URL.

    Raises:
        InputError: the extension is not supported.
    """
    fs, local = fsspec.core.url_to_fs(path)
    if fs.isdir(local):
        return "text"
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
) -> Iterator[pa.RecordBatch]:
    """Stream a raw file or folder as record batches.

    Args:
        path: a local path or fsspec URL.
        format: one of ``jsonl``, ``csv``, ``tsv``, ``parquet``, ``text``; ``None``
            detects it from the extension.
        batch_rows: most rows per batch.
        expected_schema: the schema the data must have.

    Raises:
        InputError: the file cannot be read; the message names file and line.
        SchemaMismatchError: the data does not match ``expected_schema`` or itself.
    """
    fmt = format or detect_format(path)
    if fmt == "jsonl":
        return read_jsonl(path, batch_rows=batch_rows, expected_schema=expected_schema)
    if fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else ","
        return read_csv(
            path, delimiter=delimiter, batch_rows=batch_rows, expected_schema=expected_schema
        )
    if fmt == "parquet":
        return read_parquet(path, batch_rows=batch_rows, expected_schema=expected_schema)
    if fmt == "text":
        return _checked(path, read_text_folder(path, batch_rows=batch_rows), expected_schema)
    raise InputError(f"format {fmt!r} is not supported", hint=f"use one of {', '.join(FORMATS)}")


def _checked(
    path: str, batches: Iterator[pa.RecordBatch], expected: pa.Schema | None
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        if expected is not None:
            check_schema(expected, batch.schema, path)
        yield batch
