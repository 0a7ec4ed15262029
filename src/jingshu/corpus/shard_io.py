"""Reading and writing document shards: ``.jsonl``, ``.jsonl.gz`` and ``.parquet``.

Raw ``.txt``, ``.html`` and ``.htm`` files are read too, one document per file, their
bytes decoded by :func:`jingshu.corpus.encoding.decode_bytes` (GBK, Big5, UTF-16 ...);
an HTML file's text is the page, marked ``metadata["format"] = "html"`` for
``html_extract``.

A record has ``id``, ``text`` and ``metadata``; other fields go into metadata. A
record with ``instruction`` and ``response`` but no ``text`` (an SFT pair) gets the
concatenation ``instruction\\n\\ninput\\n\\nresponse`` as text, the fields staying in
metadata. Writers are deterministic: gzip without a timestamp, fixed key order.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from jingshu.corpus.document import Document
from jingshu.errors import InputError

__all__ = [
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "BadRecord",
    "ShardWriter",
    "count_documents",
    "find_shards",
    "read_shard",
    "shard_stem",
]

TEXT_SUFFIXES = (".txt", ".html", ".htm")
SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet", *TEXT_SUFFIXES)
# gzip level 6 (gzip's own default): within a few percent of level 9's size at about
# three times the speed; Python's gzip module defaults to 9.
_GZIP_LEVEL = 6


class BadRecord:
    """A record that cannot become a document, with where and why.

    Args:
        location: ``file:line`` or ``file:row``.
        reason: What is wrong.
        raw: The record's text, cut to 500 characters.
    """

    def __init__(self, location: str, reason: str, raw: str) -> None:
        self.location = location
        self.reason = reason
        self.raw = raw[:500]

    def to_json(self) -> str:
        """One JSON line for the errors file."""
        data = {"location": self.location, "reason": self.reason, "raw": self.raw}
        return json.dumps(data, ensure_ascii=False)


def shard_stem(path: Path) -> str:
    """The file name without any of :data:`SUFFIXES`."""
    name = path.name
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def find_shards(source: Path) -> list[tuple[Path, str]]:
    """(file, output name) for each input shard, in a stable order.

    Args:
        source: A shard file, or a folder searched recursively.

    Raises:
        InputError: The path does not exist or holds no shard files.
    """
    if source.is_file():
        return [(source, shard_stem(source))]
    if not source.is_dir():
        raise InputError(f"input {source}: no such file or folder")
    files = sorted(p for p in source.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))
    if not files:
        raise InputError(
            f"input folder {source} holds no shard files", hint="expected " + ", ".join(SUFFIXES)
        )
    return [(p, "__".join((*p.relative_to(source).parent.parts, shard_stem(p)))) for p in files]


def _to_document(record: Any, default_id: str) -> Document | str:
    if not isinstance(record, dict):
        return "record is not a JSON object"
    meta = record.get("metadata")
    metadata: dict[str, Any] = dict(meta) if isinstance(meta, dict) else {}
    if isinstance(meta, str) and meta:
        metadata = json.loads(meta)
    for key, value in record.items():
        if key not in ("id", "text", "metadata"):
            metadata[key] = value
    text = record.get("text")
    if text is None and "instruction" in record and "response" in record:
        parts = [record.get("instruction"), record.get("input"), record.get("response")]
        text = "\n\n".join(str(p) for p in parts if p)
    if not isinstance(text, str):
        return "record has no 'text' string"
    doc_id = record.get("id")
    doc_id = str(doc_id) if doc_id is not None else default_id
    return Document(id=doc_id, text=text, metadata=metadata)


def _json_lines(path: Path) -> Iterator[tuple[int, str]]:
    opener: IO[str]
    if path.name.endswith(".gz"):
        opener = io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")  # noqa: SIM115
    else:
        opener = path.open(encoding="utf-8")
    with opener as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield number, line


def count_documents(path: Path) -> int:
    """How many documents ``read_shard`` will give for ``path``, read quickly.

    Parquet: the rows in its footer; JSON lines: the non-blank lines (a bad record
    counts too); a text or HTML file: one.

    Args:
        path: A shard file (any of :data:`SUFFIXES`).
    """
    if path.name.lower().endswith(TEXT_SUFFIXES):
        return 1
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    with gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def read_shard(path: Path) -> Iterator[Document | BadRecord]:
    """Stream the documents of one shard; unusable records come as :class:`BadRecord`.

    Args:
        path: A ``.jsonl``, ``.jsonl.gz`` or ``.parquet`` file.

    Raises:
        InputError: The file cannot be opened or decoded at all.
    """
    stem = shard_stem(path)
    if path.name.lower().endswith(TEXT_SUFFIXES):
        yield _read_text_file(path)
        return
    try:
        if path.suffix == ".parquet":
            yield from _read_parquet(path, stem)
            return
        for number, line in _json_lines(path):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadRecord(f"{path}:{number}", f"not JSON: {exc.msg}", line)
                continue
            doc = _to_document(record, f"{stem}:{number}")
            yield doc if isinstance(doc, Document) else BadRecord(f"{path}:{number}", doc, line)
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise InputError(f"{path}: cannot be read: {exc}", hint="check the file") from None


def _read_text_file(path: Path) -> Document:
    from jingshu.corpus.encoding import read_text_file

    decoded = read_text_file(path)
    fmt = "text" if path.name.lower().endswith(".txt") else "html"
    meta = {"source_file": path.name, "encoding": decoded.encoding, "format": fmt}
    return Document(id=path.name, text=decoded.text, metadata=meta)


def _read_parquet(path: Path, stem: str) -> Iterator[Document | BadRecord]:
    import pyarrow.parquet as pq

    row = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            row += 1
            doc = _to_document(record, f"{stem}:{row}")
            if isinstance(doc, str):
                yield BadRecord(f"{path}:row {row}", doc, json.dumps(record, default=str))
            else:
                yield doc


class ShardWriter:
    """Write documents to one output shard, ``.jsonl.gz`` or ``.parquet``.

    Args:
        path: Output file (written as given; callers write to a temporary name).
        fmt: ``jsonl.gz`` or ``parquet``.
    """

    def __init__(self, path: Path, fmt: str) -> None:
        self.fmt = fmt
        self._rows: list[dict[str, str]] = []
        self._raw = path.open("wb")
        self._gz = (
            None
            if fmt == "parquet"
            else gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0,
                                compresslevel=_GZIP_LEVEL)
        )
        self._writer: Any = None

    def write(self, doc: Document) -> None:
        """Append one document."""
        if self.fmt == "parquet":
            meta = json.dumps(doc.metadata, ensure_ascii=False, default=str)
            self._rows.append({"id": doc.id, "text": doc.text, "metadata": meta})
            if len(self._rows) >= 4096:
                self._flush()
            return
        record = {"id": doc.id, "text": doc.text, "metadata": doc.metadata}
        line = json.dumps(record, ensure_ascii=False, default=str)
        assert self._gz is not None
        self._gz.write(line.encode("utf-8") + b"\n")

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("metadata", pa.string())])
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._raw, schema)
        self._writer.write_table(pa.Table.from_pylist(self._rows, schema=schema))
        self._rows = []

    def close(self) -> None:
        """Finish the file."""
        if self.fmt == "parquet":
            if self._rows or self._writer is None:
                self._flush()
            self._writer.close()
        elif self._gz is not None:
            self._gz.close()
        self._raw.close()
