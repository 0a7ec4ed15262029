"""Read the texts of a training or scoring set from a file or a catalog dataset.

A source is a file, one document per record: ``.txt`` (one per line), ``.jsonl`` or
``.jsonl.gz`` (one JSON object per line), ``.csv`` (with a header) or ``.parquet``;
or ``dataset:NAME[@VERSION]``, a version in the catalog. The text is read from
``text_field``; records whose text is missing or blank are skipped.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

from jingshu.errors import InputError
from jingshu.store.json_lines import json_lines

__all__ = ["DATASET_PREFIX", "SOURCE_SUFFIXES", "read_texts"]

DATASET_PREFIX = "dataset:"
SOURCE_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv", ".parquet")


class DatasetTexts(Protocol):
    """What reads a catalog version's texts: :class:`jingshu.platform.Platform` (this
    library layer does not import the catalog)."""

    def texts(self, ref: str, field: str) -> list[str]: ...


def read_texts(source: str, *, text_field: str = "text",
               platform: DatasetTexts | None = None) -> list[str]:
    """The non-blank texts of ``source``, in order.

    Args:
        source: A file path or ``dataset:NAME[@VERSION]``.
        text_field: Field or column holding the text (ignored for ``.txt``).
        platform: An opened platform, needed for ``dataset:`` sources.

    Raises:
        InputError: The file is missing, of an unknown kind, unreadable, or lacks
            ``text_field``.
        NotFoundError: The dataset or version does not exist.
    """
    if source.startswith(DATASET_PREFIX):
        if platform is None:
            raise InputError(f"{source}: reading a dataset needs an opened platform",
                             hint="pass platform=jingshu.connect().platform")
        return platform.texts(source[len(DATASET_PREFIX):], text_field)
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{source}: no such file",
                         hint=f"give a file ({', '.join(SOURCE_SUFFIXES)}) or dataset:NAME")
    try:
        texts = list(_file_texts(path, text_field))
    except (OSError, UnicodeDecodeError, EOFError, csv.Error) as exc:
        raise InputError(f"{source}: cannot be read: {exc}",
                         hint="check that it is UTF-8 text of the kind its suffix says") from None
    return [t for t in texts if t.strip()]


def _file_texts(path: Path, field: str) -> Iterator[str]:
    name = path.name
    if name.endswith(".txt"):
        with path.open(encoding="utf-8-sig") as fh:
            yield from (line.rstrip("\r\n") for line in fh)
    elif name.endswith((".jsonl", ".jsonl.gz")):
        yield from _jsonl_texts(path, field)
    elif name.endswith(".csv"):
        yield from _csv_texts(path, field)
    elif name.endswith(".parquet"):
        yield from _parquet_texts(path, field)
    else:
        raise InputError(f"{path}: unknown kind of file",
                         hint=f"use one of {', '.join(SOURCE_SUFFIXES)}")


def _jsonl_texts(path: Path, field: str) -> Iterator[str]:
    fh: IO[str]
    if path.name.endswith(".gz"):
        fh = io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")  # noqa: SIM115
    else:
        fh = path.open(encoding="utf-8-sig")
    with fh:
        for _, record in json_lines(fh, lambda n: f"{path}:{n}"):
            value = record.get(field) if isinstance(record, dict) else None
            if isinstance(value, str):
                yield value


def _csv_texts(path: Path, field: str) -> Iterator[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or field not in reader.fieldnames:
            raise InputError(f"{path}: no column {field!r} (columns: {reader.fieldnames})",
                             hint="name the text column with --text-field")
        yield from (row[field] or "" for row in reader)


def _parquet_texts(path: Path, field: str) -> Iterator[str]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    if field not in parquet.schema_arrow.names:
        raise InputError(f"{path}: no column {field!r} (columns: {parquet.schema_arrow.names})",
                         hint="name the text column with --text-field")
    for batch in parquet.iter_batches(columns=[field]):
        yield from (v for v in batch.column(0).to_pylist() if isinstance(v, str))

