"""Reading a leaked file or folder as records, in the order they appear.

CSV, TSV, JSONL (also ``.jsonl.gz``), JSON, Parquet and plain text; a folder is read
file by file in name order (the shards of ``jingshu corpus run``: ``report.*`` and
folders starting with ``.`` or ``_`` are skipped). A plain-text file is one record
whose ``text`` is the whole file; an unreadable JSON line is kept as text.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from jingshu.errors import InputError

__all__ = ["Leak", "read_leak"]

_MAX_BYTES = 512 * 1024 * 1024
_TABLES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet", ".gz", ".txt", ".md")

Record = dict[str, object]


@dataclass(frozen=True)
class Leak:
    """A leaked file's records, in file order."""

    records: list[Record]

    def values(self) -> Iterator[object]:
        """Every scalar value, also inside nested JSON (for value-level marks)."""
        for record in self.records:
            yield from _walk(record)


def _walk(value: object) -> Iterator[object]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def _json_records(text: str, whole: bool) -> Iterator[Record]:
    for line in [text] if whole else text.splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:  # an edited or cut line: read it as text
            yield {"text": line}
            continue
        if isinstance(value, list):
            yield from (v if isinstance(v, dict) else {"value": v} for v in value)
        else:
            yield value if isinstance(value, dict) else {"value": value}


def _file_records(path: Path) -> Iterator[Record]:
    name = path.name.lower()
    if name.endswith(".parquet"):
        yield from pq.read_table(path).to_pylist()
        return
    raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    stem = name.removesuffix(".gz")
    if stem.endswith((".csv", ".tsv")):
        rows = csv.DictReader(io.StringIO(text), delimiter="\t" if stem.endswith(".tsv") else ",")
        yield from (dict(row) for row in rows)
    elif stem.endswith((".jsonl", ".ndjson", ".json")):
        yield from _json_records(text, whole=stem.endswith(".json"))
    else:
        yield {"text": text}


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    files = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if (path.is_file() and path.name.lower().endswith(_TABLES)
                and not path.name.startswith("report.")
                and not any(p.startswith((".", "_")) for p in parts)):
            files.append(path)
    return files


def read_leak(path: str | Path) -> Leak:
    """The records of a leaked file or folder.

    Raises:
        InputError: The path does not exist, holds nothing readable, or is over 512 MiB.
    """
    root = Path(path)
    if not root.exists():
        raise InputError(f"file {str(path)!r} does not exist", hint="check the path")
    files = _files(root)
    if not files:
        raise InputError(f"folder {str(path)!r} holds no CSV, JSONL, Parquet or text file",
                         hint="give the leaked file, or the folder of its shards")
    if sum(f.stat().st_size for f in files) > _MAX_BYTES:
        raise InputError(f"{str(path)!r} is larger than 512 MiB",
                         hint="trace a sample of it: a few hundred records are enough")
    try:
        return Leak([r for f in files for r in _file_records(f)])
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc}",
                         hint="give a CSV, JSONL, Parquet or text file") from exc
