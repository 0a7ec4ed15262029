"""Export a catalogued version to a file or folder: the one use case behind
``jingshu dataset export`` and the Python facade's ``Dataset.export``.

Formats (:data:`EXPORT_FORMATS`): JSON lines, Parquet and CSV files (the formats of
every download, :data:`TABLE_FORMATS`), or a folder (:data:`FOLDER_FORMATS`): ``hf``,
which ``datasets.load_dataset`` reads, whose card carries the catalog's metadata (a
media version's images or audio inline as ``Image``/``Audio`` features), or
``webdataset``, tar shards of a media version's files. Every export is recorded in
the audit log (``version.download``) with its actor and format.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from jingshu.catalog.hf_export import export_hf_version
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.service import open_version, record_download
from jingshu.errors import InputError
from jingshu.store import DatasetStore, export_csv, export_jsonl, export_parquet
from jingshu.store.media_export import export_webdataset
from jingshu.store.source_files import strip_compression

__all__ = ["EXPORT_FORMATS", "FOLDER_FORMATS", "TABLE_FORMATS", "export_version",
           "guess_export_format"]

TABLE_FORMATS = ("jsonl", "parquet", "csv")
"""One-file formats: what exports, downloads and grant extracts write."""

FOLDER_FORMATS = ("hf", "webdataset")
"""Folder formats: a Hugging Face dataset folder, or WebDataset tar shards (media only)."""

EXPORT_FORMATS = (*TABLE_FORMATS, *FOLDER_FORMATS)
"""What an export writes: a :data:`TABLE_FORMATS` file or a :data:`FOLDER_FORMATS` folder."""

_WRITERS = {"jsonl": export_jsonl, "parquet": export_parquet, "csv": export_csv}


def guess_export_format(out: str) -> str:
    """``jsonl``, ``parquet`` or ``csv`` from OUT's extension; ``hf`` for a folder."""
    plain = strip_compression(out).lower()
    if plain.endswith(".parquet"):
        return "parquet"
    if plain.endswith(".csv"):
        return "csv"
    if plain.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    if Path(out).is_dir() or not Path(plain).suffix:
        return "hf"
    raise InputError(f"{out}: cannot tell the export format from the extension",
                     hint="end it with .jsonl, .parquet or .csv, name a folder, or give the "
                     f"format ({', '.join(EXPORT_FORMATS)})")


def export_version(session: Session, store: DatasetStore, version: DatasetVersion, out: str,
                   fmt: str | None = None, *, actor: str) -> int:
    """Write ``version`` to ``out`` and record the download; the number of rows written.

    Args:
        out: A file (``.jsonl[.gz|.zst]``, ``.parquet``, ``.csv``) or, for ``hf`` and
            ``webdataset``, a folder.
        fmt: One of :data:`EXPORT_FORMATS`; guessed from ``out`` when None.
        actor: Who exports (the audit entry's actor).
    """
    fmt = fmt or guess_export_format(out)
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"export format {fmt!r} is not supported",
                         hint=f"use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "hf":  # the card carries the catalog's metadata and the profile
        rows = export_hf_version(session, store, version, out)
    elif fmt == "webdataset":
        rows = export_webdataset(open_version(store, version), out)
    else:
        rows = _WRITERS[fmt](open_version(store, version), out)
    record_download(session, actor, version, fmt)
    return rows
