"""Reading and writing the tables of ``jingshu privacy kanon`` by file extension."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from jingshu.errors import InputError
from jingshu.store.importers import read_source

__all__ = ["read_table", "write_table"]


def read_table(path: str) -> pa.Table:
    """The whole file as a table (CSV, TSV, JSONL or Parquet).

    Args:
        path: The file.
    """
    return pa.Table.from_batches(list(read_source(path)))


def write_table(table: pa.Table, path: str) -> None:
    """Write ``table`` as CSV, JSONL or Parquet, chosen by the extension.

    Args:
        table: The table.
        path: Output file.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
    elif out.suffix == ".csv":
        import pyarrow.csv as pcsv

        pcsv.write_csv(table, out)
    elif out.suffix == ".jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for row in table.to_pylist():
                fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    else:
        raise InputError(f"{path}: unknown output type", hint="use .csv, .jsonl or .parquet")
