"""Export a stored version as JSON lines, CSV, one Parquet file, or a Hugging Face layout.

Every export streams batch by batch and writes to a temporary name first, then
renames, so a failed export leaves no half-written file.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

import fsspec
import pyarrow.parquet as pq

from jingshu.errors import InputError
from jingshu.store.hf_card import CardMeta, dataset_card
from jingshu.store.shard_writer import COMPRESSION
from jingshu.store.source_files import compression_of
from jingshu.store.version import StoredVersion

__all__ = ["export_csv", "export_hf", "export_jsonl", "export_parquet"]

# a text cell starting so is a formula to spreadsheets (OWASP "CSV injection"): prefixed with '
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@contextmanager
def _atomic_target(out: str) -> Iterator[tuple[Any, str]]:
    """Yield ``(fs, temp path)``; rename the temp path to ``out`` on success, remove it on error."""
    fs, final = fsspec.core.url_to_fs(out)
    final = str(final).rstrip("/")
    parent = fs._parent(final)
    fs.makedirs(parent, exist_ok=True)
    temp = f"{parent}/.{final.rsplit('/', 1)[-1]}.tmp-{uuid.uuid4().hex[:12]}"
    try:
        yield fs, temp
        if fs.exists(final) and fs.isdir(final):
            fs.rm(final, recursive=True)
        fs.mv(temp, final, recursive=True)
    except BaseException:
        if fs.exists(temp):
            fs.rm(temp, recursive=True)
        raise


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def export_jsonl(version: StoredVersion, out: str) -> int:
    """Write the version as JSON lines (``ensure_ascii=False``).

    ``.jsonl.gz`` and ``.jsonl.zst`` are compressed by extension. Dates become ISO
    strings, decimals strings, bytes base64.

    Args:
        version: the version to export.
        out: the output file (local path or fsspec URL).

    Returns:
        The number of rows written.
    """
    rows = 0
    with _atomic_target(out) as (fs, temp):
        raw: IO[bytes]
        with fs.open(temp, "wb", compression=compression_of(out)) as raw:
            for batch in version.iter_batches():
                lines = (
                    json.dumps(r, ensure_ascii=False, default=_json_default)
                    for r in batch.to_pylist()
                )
                raw.write(("\n".join(lines) + "\n").encode("utf-8"))
                rows += batch.num_rows
    return rows


def _csv_cell(value: object) -> object:
    """Nested values as JSON, dates ISO, bytes base64; text never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, default=_json_default)
    elif isinstance(value, datetime | date | time | Decimal | bytes):
        value = _json_default(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_csv(version: StoredVersion, out: str) -> int:
    """Write the version as UTF-8 CSV (with a BOM, so spreadsheets read Chinese), header first.

    Nested values (lists, structs) become JSON text; a text cell that a spreadsheet
    would run as a formula (``=``, ``+``, ``-``, ``@``…) is prefixed with ``'``.
    ``.csv.gz`` and ``.csv.zst`` are compressed by extension.

    Args:
        version: the version to export.
        out: the output file (local path or fsspec URL).

    Returns:
        The number of rows written.
    """
    rows = 0
    columns = version.schema().names
    with _atomic_target(out) as (fs, temp):
        raw: IO[bytes]
        with fs.open(temp, "wb", compression=compression_of(out)) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow(columns)
            for batch in version.iter_batches():
                writer.writerows([_csv_cell(r.get(c)) for c in columns]
                                 for r in batch.to_pylist())
                rows += batch.num_rows
            text.flush()
            text.detach()
    return rows


def export_parquet(version: StoredVersion, out: str) -> int:
    """Write the version as one zstd-compressed Parquet file.

    Args:
        version: the version to export.
        out: the output file (local path or fsspec URL).

    Returns:
        The number of rows written.
    """
    with _atomic_target(out) as (fs, temp):
        return _write_parquet(fs, temp, version, version.iter_batches())


def _write_parquet(fs: Any, path: str, version: StoredVersion, batches: Any) -> int:
    rows = 0
    with (
        fs.open(path, "wb") as f,
        pq.ParquetWriter(f, version.schema(), compression=COMPRESSION) as writer,
    ):
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def export_hf(version: StoredVersion, out_dir: str, meta: CardMeta | None = None) -> int:
    """Write a folder that ``datasets.load_dataset`` and the Hugging Face Hub read.

    ``out_dir/data/train-0000X-of-0000N.parquet`` (one per stored shard) and a
    ``README.md`` dataset card whose YAML front matter declares the ``default``
    config with the ``train`` split.

    Args:
        version: the version to export.
        out_dir: the folder to create; it must not exist or be empty.
        meta: the catalog's metadata for the card (licence, languages, tasks ...).

    Returns:
        The number of rows written.

    Raises:
        InputError: ``out_dir`` exists and is not empty.
    """
    fs, final = fsspec.core.url_to_fs(out_dir)
    if fs.exists(final) and fs.ls(final):
        raise InputError(
            f"{out_dir}: folder exists and is not empty",
            hint="choose a new folder or remove the old export first",
        )
    shards = version.manifest.shards
    rows = 0
    with _atomic_target(out_dir) as (fs, temp):
        for i, shard in enumerate(shards):
            name = f"{temp}/data/train-{i:05d}-of-{len(shards):05d}.parquet"
            fs.makedirs(f"{temp}/data", exist_ok=True)
            rows += _write_parquet(fs, name, version, version.iter_shard(shard))
        with fs.open(f"{temp}/README.md", "wb") as f:
            f.write(dataset_card(version.manifest, meta).encode("utf-8"))
    return rows
