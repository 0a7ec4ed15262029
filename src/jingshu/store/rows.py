"""Pages of a stored version's rows, at any offset, optionally only rows containing a text.

The dataset viewer and ``GET …/versions/{n}/rows`` read through :func:`page_rows`.
Without a search, only the shards and Parquet row groups that hold the page are read
(the manifest gives each shard's row count, the Parquet footer each row group's). With
``contains``, the version is streamed batch by batch and matched with Arrow's
``match_substring`` on the text columns, so memory holds one batch and the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jingshu.errors import InputError
from jingshu.store.version import StoredVersion

__all__ = ["MAX_PAGE_ROWS", "RowPage", "page_rows"]

MAX_PAGE_ROWS = 1000


@dataclass(frozen=True)
class RowPage:
    """One page of rows.

    Args:
        rows: the rows, each a dict of column → value.
        numbers: each row's position in the version (0-based), for "row 1,234" labels.
        total: rows in the version, or rows matching the search when there is one.
        offset: where the page starts among those ``total`` rows.
    """

    rows: list[dict[str, object]]
    numbers: list[int]
    total: int
    offset: int


def _check(offset: int, limit: int) -> None:
    if offset < 0:
        raise InputError(f"offset={offset} is negative", hint="use 0 for the first row")
    if not 1 <= limit <= MAX_PAGE_ROWS:
        raise InputError(f"limit={limit} is out of range",
                         hint=f"ask for 1 to {MAX_PAGE_ROWS} rows per page")


def _plain_page(version: StoredVersion, offset: int, limit: int) -> RowPage:
    rows: list[dict[str, object]] = []
    start = 0  # first row of the current shard
    for shard in version.manifest.shards:
        end = start + shard.rows
        if end > offset and len(rows) < limit:
            with version.open_shard(shard.path) as f:
                parquet = pq.ParquetFile(f)
                rows += _from_shard(parquet, max(offset - start, 0), limit - len(rows))
        start = end
    return RowPage(rows, list(range(offset, offset + len(rows))), version.manifest.rows, offset)


def _from_shard(parquet: pq.ParquetFile, skip: int, want: int) -> list[dict[str, object]]:
    """``want`` rows from row ``skip`` of a shard, reading only the row groups holding them."""
    rows: list[dict[str, object]] = []
    first = 0
    for group in range(parquet.num_row_groups):
        size = parquet.metadata.row_group(group).num_rows
        if first + size > skip and len(rows) < want:
            table = parquet.read_row_group(group)
            begin = max(skip - first, 0)
            rows += table.slice(begin, want - len(rows)).to_pylist()
        first += size
        if len(rows) >= want:
            break
    return rows


def _text_columns(schema: pa.Schema, columns: Sequence[str] | None) -> list[str]:
    names = [f.name for f in schema if pa.types.is_string(f.type)
             or pa.types.is_large_string(f.type)]
    if columns:
        unknown = [c for c in columns if c not in schema.names]
        if unknown:
            raise InputError(f"no column {unknown[0]!r} to search in",
                             hint=f"columns: {', '.join(schema.names)}")
        names = [c for c in columns if c in names]
    return names


def _search_page(version: StoredVersion, contains: str, columns: Sequence[str] | None,
                 offset: int, limit: int) -> RowPage:
    text_columns = _text_columns(version.schema(), columns)
    rows: list[dict[str, object]] = []
    numbers: list[int] = []
    seen = total = 0
    for batch in version.iter_batches():
        hit = pa.array([False] * batch.num_rows)
        for name in text_columns:
            found = pc.match_substring(batch.column(name), pattern=contains, ignore_case=True)
            hit = pc.or_(hit, pc.fill_null(found, False))
        where = pc.indices_nonzero(hit).to_pylist()
        for index in where:
            if offset <= total < offset + limit:
                rows.append(batch.slice(index, 1).to_pylist()[0])
                numbers.append(seen + index)
            total += 1
        seen += batch.num_rows
    return RowPage(rows, numbers, total, offset)


def page_rows(version: StoredVersion, *, offset: int = 0, limit: int = 100,
              contains: str = "", columns: Sequence[str] | None = None) -> RowPage:
    """Rows ``offset`` to ``offset + limit`` of a version, or of its rows containing a text.

    Args:
        version: the stored version.
        offset: the first row to return (0-based), past the end gives an empty page.
        limit: at most this many rows (1 to :data:`MAX_PAGE_ROWS`).
        contains: only rows where a text column contains this (case-insensitive);
            empty means every row.
        columns: search only these columns (default: every text column).

    Raises:
        InputError: offset or limit out of range, or an unknown column.
    """
    _check(offset, limit)
    if contains:
        return _search_page(version, contains, columns, offset, limit)
    return _plain_page(version, offset, limit)
