"""Watermarked extracts: what a grant holder downloads, and tracing a leak back to it.

:func:`download_extract` is the one use case behind every download of conditional
data under a grant: it re-checks and counts the grant, reads only the granted
fields, watermarks the extract for the grant and records it in the audit log with the
grant's id and the watermark's canaries.

The watermark never changes a character of an original record (:mod:`.watermark`):

* every extract lists its records in the grant's keyed order (:mod:`.watermark.records`);
* an extract holding a ``text`` column (a text corpus) gets a few canary records,
  synthetic paragraphs keyed to the grant (:mod:`.watermark.canary`), listed in the
  ``grant.download`` audit entry;
* decimals keep their value-level marks (:mod:`.watermark.tabular`);
* a Parquet extract of an audio dataset carries its audio files unchanged (the rows'
  keyed order is the recipient's fingerprint);
* a Parquet extract of an image dataset carries its images, each marked for the grant
  in its pixels (:mod:`.media_release`; the operator is named in the audit entry).

CSV extracts are meant for spreadsheets: a text cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading ``'`` so that no spreadsheet
runs it as a formula (OWASP, "CSV Injection"). JSONL and Parquet keep every text exactly.

:func:`trace_file` names the grant a leaked file came from, among the grants on one
organization's datasets (or all, for administrators).
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.circulation.grants import record_extract, spend_download
from jingshu.circulation.media_release import (
    PixelMarks,
    is_image_leak,
    leaked_images,
    mark_images,
    originals_of,
    trace_images,
)
from jingshu.circulation.models import Extract, Grant
from jingshu.circulation.watermark import (
    ALPHA,
    Canary,
    Candidate,
    ExtractedVersion,
    Finding,
    RecordIndex,
    TraceResult,
    Verdict,
    canary_count,
    make_canaries,
    mark_batch,
    order_rank,
    record_key,
    trace,
)
from jingshu.store import DatasetStore, Manifest, StoredVersion
from jingshu.store.blobs import BlobStore
from jingshu.store.media_export import media_column, with_media

__all__ = [
    "FORMULA_START",
    "ExtractFormat",
    "PlannedExtract",
    "download_extract",
    "escape_formula",
    "plan_extract",
    "trace_candidates",
    "trace_file",
    "watermark_table",
    "write_extract",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_TYPES = ("string", "large_string")
_BATCH = 4096
_IMAGE_BATCH = 32  # rows per batch when each carries a marked image


class ExtractFormat(enum.StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"


@dataclass(frozen=True)
class PlannedExtract:
    """The rows a grant gets, in its keyed order, with the canaries among them."""

    table: pa.Table
    canaries: list[Canary]
    pixels: PixelMarks | None = None  # set when the extract's images were marked


def escape_formula(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula (text cells only)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def carries_canaries(fields: dict[str, str], columns: list[str] | None) -> bool:
    """Whether an extract of these columns is a text corpus (gets canaries)."""
    return fields.get("text") in _TEXT_TYPES and (not columns or "text" in columns)


def _canary_row(canary: Canary, schema: pa.Schema) -> dict[str, object]:
    row: dict[str, object] = {name: None for name in schema.names}
    row["text"] = canary.text
    if "id" in schema.names:
        kind = schema.field("id").type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            row["id"] = canary.id
        elif pa.types.is_integer(kind):
            row["id"] = int(canary.id[:12], 16)
    return row


def plan_extract(stored: StoredVersion, secret: bytes,
                 columns: list[str] | None = None) -> PlannedExtract:
    """The rows of ``stored`` for the grant with ``secret``: ordered, with canaries."""
    full = pa.Table.from_batches(list(stored.iter_batches()), schema=stored.schema())
    return watermark_table(full, stored.manifest.version_id, secret, columns)


def watermark_table(full: pa.Table, version_id: str, secret: bytes,
                    columns: list[str] | None = None) -> PlannedExtract:
    """``full`` (every column of a version) as the grant with ``secret`` gets it.

    Args:
        full: All rows and columns of the version (keys need the ``id`` column).
        version_id: The version's id (canaries are keyed by it).
        secret: The grant's watermark secret.
        columns: The granted columns (None or empty: all).
    """
    has_id = "id" in full.column_names
    keys = [record_key(row, has_id) for row in full.to_pylist()]
    table = full.select(columns) if columns else full
    fields = {f.name: str(f.type) for f in full.schema}
    canaries: list[Canary] = []
    if carries_canaries(fields, columns):
        canaries = make_canaries(secret, version_id, canary_count(len(keys)))
        extra = pa.Table.from_pylist([_canary_row(c, table.schema) for c in canaries],
                                     schema=table.schema)
        table = pa.concat_tables([table, extra])
        keys += [f"canary:{c.id}" for c in canaries]
    ranks = [order_rank(secret, key) for key in keys]
    order = sorted(range(len(ranks)), key=ranks.__getitem__)
    return PlannedExtract(table.take(pa.array(order, type=pa.int64())), canaries)


def _batches(plan: PlannedExtract, secret: bytes) -> Iterator[pa.RecordBatch]:
    for batch in plan.table.to_batches(max_chunksize=_BATCH):
        yield mark_batch(batch, secret)


def write_extract(stored: StoredVersion, out: Path, fmt: ExtractFormat, secret: bytes,
                  columns: list[str] | None = None) -> PlannedExtract:
    """Write the watermarked rows of ``stored`` (only ``columns`` if given)."""
    plan = plan_extract(stored, secret, columns)
    media = media_column(plan.table.schema) if fmt is ExtractFormat.PARQUET else None
    if media == "image":
        return _write_images(stored, out, plan, secret)
    if media == "audio":
        return _write_audio(stored, out, plan, secret)
    if fmt is ExtractFormat.PARQUET:
        with pq.ParquetWriter(out, plan.table.schema) as writer:
            for batch in _batches(plan, secret):
                writer.write_batch(batch)
        return plan
    with out.open("w", encoding="utf-8", newline="") as f:
        table_writer = csv.writer(f) if fmt is ExtractFormat.CSV else None
        if table_writer is not None:
            table_writer.writerow([escape_formula(n) for n in plan.table.schema.names])
        for batch in _batches(plan, secret):
            for row in batch.to_pylist():
                if table_writer is not None:
                    table_writer.writerow(["" if v is None else escape_formula(v)
                                           for v in row.values()])
                else:
                    f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return plan


def _write_images(stored: StoredVersion, out: Path, plan: PlannedExtract,
                  secret: bytes) -> PlannedExtract:
    """A Parquet extract of an image dataset: the rows with their images, marked."""
    marks = PixelMarks([])
    blobs = BlobStore(stored._fs)  # the blobs live beside the version, in its store
    _write_carrying(out, plan, secret, lambda b: mark_images(b, blobs, secret, marks))
    return PlannedExtract(plan.table, plan.canaries, marks)


def _write_audio(stored: StoredVersion, out: Path, plan: PlannedExtract,
                 secret: bytes) -> PlannedExtract:
    """A Parquet extract of an audio dataset: the rows in the grant's keyed order with
    their audio files inline (unchanged: the order is the recipient's fingerprint)."""
    blobs = BlobStore(stored._fs)
    _write_carrying(out, plan, secret, lambda b: with_media(b, "audio", blobs))
    return plan


def _write_carrying(out: Path, plan: PlannedExtract, secret: bytes,
                    carry: Callable[[pa.RecordBatch], pa.RecordBatch]) -> None:
    """The plan's rows, marked, each batch with its media added by ``carry``, as Parquet
    (small batches: each row carries a file)."""
    batches = plan.table.to_batches(max_chunksize=_IMAGE_BATCH) or [
        pa.RecordBatch.from_pylist([], schema=plan.table.schema)]
    writer: pq.ParquetWriter | None = None
    try:
        for batch in batches:
            carried = carry(mark_batch(batch, secret))
            if writer is None:
                writer = pq.ParquetWriter(out, carried.schema)
            writer.write_batch(carried)
    finally:
        if writer is not None:
            writer.close()


def download_extract(session: Session, grant: Grant, version: DatasetVersion,
                     stored: StoredVersion, out: Path, fmt: ExtractFormat, *,
                     user_id: int | None, actor: str) -> Extract:
    """Count one download on ``grant`` and write its watermarked extract to ``out``."""
    spend_download(session, grant, user_id)
    plan = write_extract(stored, out, fmt, bytes.fromhex(grant.secret), grant.fields or None)
    watermark: dict[str, object] = {"order": "keyed per grant", "decimals": "last-digit parity",
                 "canaries": [{"id": c.id, "text": c.text} for c in plan.canaries]}
    if plan.pixels is not None:  # an operator changed pixels on purpose: say which
        watermark["pixels"] = plan.pixels.audit()
    return record_extract(session, grant, version, fmt.value, plan.table.num_rows,
                          actor=actor, watermark=watermark)


def _extracted(version: DatasetVersion, grant: Grant) -> ExtractedVersion:
    fields = {f.name: f.type for f in Manifest.from_json(version.manifest).fields}
    count = canary_count(version.rows) if carries_canaries(fields, grant.fields or None) else 0
    return ExtractedVersion(version.id, count)


def trace_candidates(session: Session, organization_id: int | None = None, *,
                     everything: bool = True) -> list[Candidate]:
    """Grants that have had an extract: the recipients a leak can be traced to.

    Args:
        organization_id: Only grants on this organization's datasets (unless
            ``everything``); a caller with no organization gets none.
        everything: All grants (administrators and the local command line).
    """
    query = (select(Grant).join(Dataset, Dataset.id == Grant.dataset_id)
             .where(Grant.id.in_(select(Extract.grant_id)))
             .order_by(Grant.created_at, Grant.id))
    if not everything:
        if organization_id is None:
            return []
        query = query.where(Dataset.organization_id == organization_id)
    out = []
    for g in session.scalars(query):
        ids = select(Extract.version_id).where(Extract.grant_id == g.id).distinct()
        versions = session.scalars(select(DatasetVersion).where(DatasetVersion.id.in_(ids))
                                   .order_by(DatasetVersion.id))
        out.append(Candidate(g.id, g.user.username, g.dataset.name, bytes.fromhex(g.secret),
                             tuple(_extracted(v, g) for v in versions)))
    return out


def _index(store: DatasetStore, version: DatasetVersion) -> RecordIndex:
    stored = store.open(version.location)
    has_id = "id" in stored.schema().names
    rows = (row for batch in stored.iter_batches() for row in batch.to_pylist())
    return RecordIndex.build(rows, has_id)


def trace_file(session: Session, store: DatasetStore, path: str | Path, *,
               organization_id: int | None = None, everything: bool = True,
               alpha: float = ALPHA) -> TraceResult:
    """Name the grant a leaked file or folder came from (see :func:`trace_candidates`).

    An image, a folder of images or a Parquet file with an ``image`` column is traced
    by its images' pixel marks (:func:`.media_release.trace_images`); a Parquet file
    also by its records, each test at ``alpha / 2``.
    """
    candidates = trace_candidates(session, organization_id, everything=everything)
    wanted = {v.version_id for c in candidates for v in c.versions}
    versions = list(session.scalars(select(DatasetVersion)
                                    .where(DatasetVersion.id.in_(wanted))))
    if not Path(path).exists() or not is_image_leak(path):
        indexes = {v.id: _index(store, v) for v in versions}
        return trace(path, candidates, alpha, indexes=indexes)
    blobs = store.blobs()
    originals = [o for v in versions for o in originals_of(v.id, store.open(v.location), blobs)]
    pixels = trace_images(leaked_images(path), candidates, originals, blobs, alpha / 2)
    if not str(path).lower().endswith(".parquet"):
        return pixels
    indexes = {v.id: _index(store, v) for v in versions}
    records = trace(path, candidates, alpha / 2, indexes=indexes)
    return _merged(pixels, records, alpha)


def _merged(pixels: TraceResult, records: TraceResult, alpha: float) -> TraceResult:
    """One answer from the pixel and the record tests (each run at ``alpha / 2``)."""
    best: dict[str, Finding] = {}
    for f in records.findings + pixels.findings:
        seen = best.get(f.grant_id)
        if seen is None:
            best[f.grant_id] = f
        else:
            best[f.grant_id] = dataclasses.replace(
                seen, p_value=min(seen.p_value, f.p_value), images=f.images or seen.images,
                image_z=f.image_z or seen.image_z)
    findings = sorted(best.values(), key=lambda f: f.p_value)
    verdict = Verdict.TRACED if findings else (
        Verdict.UNMARKED if Verdict.UNMARKED in (pixels.verdict, records.verdict)
        or pixels.images else records.verdict)
    return TraceResult(verdict, records.slots, records.candidates, alpha, findings,
                       records.needed, records.records, pixels.images)
