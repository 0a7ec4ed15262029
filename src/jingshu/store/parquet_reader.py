"""Streaming Parquet import."""

from __future__ import annotations

from collections.abc import Iterator

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from jingshu.errors import InputError
from jingshu.store.schema import check_schema

__all__ = ["read_parquet"]


def read_parquet(
    path: str, *, batch_rows: int = 10_000, expected_schema: pa.Schema | None = None
) -> Iterator[pa.RecordBatch]:
    """Read a Parquet file row group by row group.

    Args:
        path: the file (local path or fsspec URL).
        batch_rows: most rows per yielded batch.
        expected_schema: names and types the file must have (column order may differ;
            batches come in the expected order).

    Raises:
        InputError: not a Parquet file.
        SchemaMismatchError: the columns differ from ``expected_schema``.
    """
    try:
        handle = fsspec.open(path, "rb").open()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found", hint="check the path") from exc
    with handle as f:
        try:
            pf = pq.ParquetFile(f)
        except (pa.ArrowInvalid, OSError) as exc:
            raise InputError(
                f"{path}: not a readable Parquet file ({exc})",
                hint="check that the file is complete and really Parquet",
            ) from exc
        schema = pf.schema_arrow
        columns = None
        if expected_schema is not None:
            check_schema(expected_schema, schema, path)
            columns = expected_schema.names
        yield from pf.iter_batches(batch_size=batch_rows, columns=columns)
