"""Import web crawls: WARC responses (HTML → visible text) and WET conversion records.

Read with warcio's ``ArchiveIterator``, which reads plain files and gzip-member files
(``.warc.gz``, ``.wet.gz``: one gzip member per record, as Common Crawl writes them)
alike, one record at a time. Kept: ``response`` records with an HTML or plain-text
payload, and ``conversion`` records (WET's extracted text). Each row is ``{url, date,
record_id, content_type, language, text}``; ``language`` is WET's
``WARC-Identified-Content-Language`` when present.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import fsspec
import pyarrow as pa

from jingshu.errors import ConfigError, InputError
from jingshu.store.html_text import html_to_text
from jingshu.store.text_folder import _decode

__all__ = ["WARC_SCHEMA", "WARC_SUFFIXES", "read_warc"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")
WARC_SCHEMA = pa.schema([("url", pa.string()), ("date", pa.string()),
                         ("record_id", pa.string()), ("content_type", pa.string()),
                         ("language", pa.string()), ("text", pa.string())])
_TEXTUAL = ("text/html", "application/xhtml+xml", "text/plain")


def _iterator(stream: Any) -> Any:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ConfigError("reading WARC/WET files needs warcio", hint="pip install warcio") \
            from exc
    return ArchiveIterator(stream)


def _row(record: Any, path: str) -> dict[str, str | None] | None:
    headers = record.rec_headers
    kind = record.rec_type
    if kind == "conversion":
        content_type = headers.get_header("Content-Type") or "text/plain"
        text = record.content_stream().read().decode("utf-8", errors="replace")
    elif kind == "response" and record.http_headers is not None:
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
        if not content_type.startswith(_TEXTUAL):
            return None
        payload = record.content_stream().read()
        try:
            decoded, _encoding = _decode(path, payload)
        except InputError:  # one undecodable page does not stop a crawl's import
            decoded = payload.decode("utf-8", errors="replace")
        text = decoded if content_type.startswith("text/plain") else html_to_text(decoded)
    else:
        return None
    return {"url": headers.get_header("WARC-Target-URI"),
            "date": headers.get_header("WARC-Date"),
            "record_id": headers.get_header("WARC-Record-ID"),
            "content_type": content_type,
            "language": headers.get_header("WARC-Identified-Content-Language"),
            "text": text}


def read_warc(path: str, *, batch_rows: int = 10_000) -> Iterator[pa.RecordBatch]:
    """Stream a WARC or WET file (plain or gzip members) as record batches.

    Args:
        path: a local path or fsspec URL.
        batch_rows: most rows per batch.

    Raises:
        InputError: the file is missing or is not a WARC file (the message names it and
            the byte offset where reading stopped).
    """
    rows: list[dict[str, str | None]] = []
    try:
        with fsspec.open(path, "rb") as f:
            records = _iterator(f)
            for record in records:
                row = _row(record, path)
                if row is not None:
                    rows.append(row)
                if len(rows) >= batch_rows:
                    yield pa.RecordBatch.from_pylist(rows, schema=WARC_SCHEMA)
                    rows = []
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found", hint="check the path") from exc
    except Exception as exc:
        if isinstance(exc, InputError | ConfigError):
            raise
        raise InputError(f"{path}: not a readable WARC/WET file ({exc})",
                         hint="pass a .warc/.wet file, plain or gzip-compressed per record"
                         ) from exc
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=WARC_SCHEMA)
