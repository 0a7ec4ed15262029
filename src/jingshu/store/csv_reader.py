"""Streaming CSV / TSV import with pyarrow's incremental reader."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pacsv

from jingshu.errors import InputError, SchemaMismatchError
from jingshu.store.schema import check_schema
from jingshu.store.source_files import open_source

__all__ = ["read_csv"]

_BLOCK_BYTES = 8 << 20


def read_csv(
    path: str,
    *,
    delimiter: str = ",",
    batch_rows: int = 10_000,
    expected_schema: pa.Schema | None = None,
) -> Iterator[pa.RecordBatch]:
    """Read a CSV or TSV file (header row first; UTF-8, BOM allowed) as record batches.

    Types are inferred from the first block (8 MiB) unless ``expected_schema`` is given.

    Args:
        path: the file (``.gz``/``.zst`` decompressed on the fly).
        delimiter: ``","`` for CSV, ``"\\t"`` for TSV.
        batch_rows: most rows per yielded batch.
        expected_schema: column names and types the file must have.

    Raises:
        InputError: the file cannot be parsed (the message names the file and row).
        SchemaMismatchError: the columns differ from ``expected_schema``.
    """
    convert = (
        pacsv.ConvertOptions(column_types=expected_schema, strings_can_be_null=False)
        if expected_schema is not None
        else pacsv.ConvertOptions()
    )
    with open_source(path) as f:
        try:
            reader = pacsv.open_csv(
                f,
                read_options=pacsv.ReadOptions(block_size=_BLOCK_BYTES),
                parse_options=pacsv.ParseOptions(delimiter=delimiter),
                convert_options=convert,
            )
            if expected_schema is not None:
                check_schema(expected_schema, reader.schema, path)
            else:
                _reject_binary(path, reader.schema)
            yield from _rebatch(path, reader, batch_rows)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise _csv_error(path, exc) from exc


def _rebatch(
    path: str, reader: pacsv.CSVStreamingReader, batch_rows: int
) -> Iterator[pa.RecordBatch]:
    rows = 0
    for block in reader:
        for offset in range(0, block.num_rows, batch_rows):
            batch = block.slice(offset, batch_rows)
            rows += batch.num_rows
            yield batch
    if rows == 0:
        raise InputError(f"{path}: no data rows after the header", hint="check the file")


def _reject_binary(path: str, schema: pa.Schema) -> None:
    binary = [f.name for f in schema if pa.types.is_binary(f.type)]
    if binary:
        raise InputError(
            f"{path}: not UTF-8 (column {binary[0]!r} holds bytes that are not UTF-8 text)",
            hint="convert the file to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8 in > out",
        )


def _csv_error(path: str, exc: Exception) -> InputError:
    text = str(exc)
    if "UTF8" in text or "UTF-8" in text:
        return InputError(
            f"{path}: not UTF-8 ({text})",
            hint="convert the file to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8 in > out",
        )
    if "conversion error" in text.lower() or "In CSV column" in text:
        return SchemaMismatchError(
            f"{path}: a value does not fit its column's type ({text})",
            hint="types are inferred from the first 8 MiB; pass an expected schema "
            "with string columns for mixed data",
        )
    return InputError(
        f"{path}: cannot parse as CSV ({text})",
        hint="check the delimiter, the quoting and that every row has the header's columns",
    )
