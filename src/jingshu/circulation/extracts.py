"""Watermarked extracts: what a grant holder downloads, and the candidates a trace tests.

:func:`download_extract` is the one use case behind every download of conditional
data under a grant: it re-checks and counts the grant, reads only the granted
fields, marks every batch with the grant's secret and records the extract in the
audit log with the grant's id.
"""

from __future__ import annotations

import csv
import enum
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.catalog.models import DatasetVersion
from jingshu.circulation.grants import record_extract, spend_download
from jingshu.circulation.models import Extract, Grant
from jingshu.circulation.watermark import Candidate, mark_batch
from jingshu.store import StoredVersion

__all__ = ["ExtractFormat", "download_extract", "trace_candidates", "write_extract"]


class ExtractFormat(enum.StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"


def _batches(stored: StoredVersion, columns: list[str] | None,
             secret: bytes) -> Iterator[pa.RecordBatch]:
    for batch in stored.iter_batches(columns=columns or None):
        yield mark_batch(batch, secret)


def write_extract(stored: StoredVersion, out: Path, fmt: ExtractFormat, secret: bytes,
                  columns: list[str] | None = None) -> int:
    """Write the marked rows of ``stored`` (only ``columns`` if given); returns the rows."""
    rows = 0
    if fmt is ExtractFormat.PARQUET:
        writer: pq.ParquetWriter | None = None
        try:
            for batch in _batches(stored, columns, secret):
                writer = writer or pq.ParquetWriter(out, batch.schema)
                writer.write_batch(batch)
                rows += batch.num_rows
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            pq.write_table(pa.table({c: [] for c in columns or []}), out)
        return rows
    with out.open("w", encoding="utf-8", newline="") as f:
        table_writer = csv.writer(f) if fmt is ExtractFormat.CSV else None
        for i, batch in enumerate(_batches(stored, columns, secret)):
            if table_writer is not None and i == 0:
                table_writer.writerow(batch.schema.names)
            for row in batch.to_pylist():
                if table_writer is not None:
                    table_writer.writerow(["" if v is None else v for v in row.values()])
                else:
                    f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            rows += batch.num_rows
    return rows


def download_extract(session: Session, grant: Grant, version: DatasetVersion,
                     stored: StoredVersion, out: Path, fmt: ExtractFormat, *,
                     user_id: int | None, actor: str) -> Extract:
    """Count one download on ``grant`` and write its watermarked extract to ``out``."""
    spend_download(session, grant, user_id)
    rows = write_extract(stored, out, fmt, bytes.fromhex(grant.secret), grant.fields or None)
    return record_extract(session, grant, version, fmt.value, rows, actor=actor)


def trace_candidates(session: Session) -> list[Candidate]:
    """Every grant that has had an extract: the recipients a leak can be traced to."""
    query = (select(Grant).where(Grant.id.in_(select(Extract.grant_id)))
             .order_by(Grant.created_at, Grant.id))
    return [Candidate(g.id, g.user.username, g.dataset.name, bytes.fromhex(g.secret))
            for g in session.scalars(query)]
