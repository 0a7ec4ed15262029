"""Import a folder of ``.txt`` / ``.html`` files: one record per file."""

from __future__ import annotations

from collections.abc import Iterator

import fsspec
import pyarrow as pa
from charset_normalizer import from_bytes

from jingshu.errors import InputError
from jingshu.store.html_text import html_to_text

__all__ = ["TEXT_FOLDER_SCHEMA", "TEXT_SUFFIXES", "read_text_folder"]

TEXT_SUFFIXES = (".txt", ".html", ".htm")
TEXT_FOLDER_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("html", pa.string()),
        ("path", pa.string()),
        ("encoding", pa.string()),
    ]
)


def read_text_folder(path: str, *, batch_rows: int = 10_000) -> Iterator[pa.RecordBatch]:
    """Read every ``.txt``/``.html``/``.htm`` file under ``path`` (recursive, sorted).

    Each record is ``{id: path relative to the folder, text, html (raw page, null for
    .txt), path (full path), encoding}``. Files are decoded as UTF-8, else with the
    encoding charset_normalizer detects (GB18030, Big5 ...).

    Args:
        path: the folder (local path or fsspec URL).
        batch_rows: files per batch.

    Raises:
        InputError: no matching files, or a file's encoding cannot be detected.
    """
    fs, root = fsspec.core.url_to_fs(path)
    root = str(root).rstrip("/")
    files = sorted(p for p in fs.find(root) if str(p).lower().endswith(TEXT_SUFFIXES))
    if not files:
        raise InputError(
            f"{path}: no {', '.join(TEXT_SUFFIXES)} files in this folder",
            hint="point at a folder holding text or HTML files, or at a single data file",
        )
    rows: list[dict[str, str | None]] = []
    for file in files:
        rows.append(_record(fs, root, str(file)))
        if len(rows) >= batch_rows:
            yield pa.RecordBatch.from_pylist(rows, schema=TEXT_FOLDER_SCHEMA)
            rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=TEXT_FOLDER_SCHEMA)


def _record(fs: object, root: str, file: str) -> dict[str, str | None]:
    with fs.open(file, "rb") as f:  # type: ignore[attr-defined]
        data: bytes = f.read()
    text, encoding = _decode(file, data)
    is_html = file.lower().endswith((".html", ".htm"))
    return {
        "id": file[len(root) + 1 :],
        "text": html_to_text(text) if is_html else text,
        "html": text if is_html else None,
        "path": file,
        "encoding": encoding,
    }


def _decode(file: str, data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        best = from_bytes(data).best()
        if best is None:
            raise InputError(
                f"{file}: not UTF-8 (byte {exc.start}) and no encoding could be detected",
                hint="convert it to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8 in > out",
            ) from exc
        return str(best), str(best.encoding)
