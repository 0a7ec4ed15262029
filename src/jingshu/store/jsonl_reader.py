"""Streaming JSON-lines import: one object per line, schema from the first batch."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from jingshu.errors import InputError, SchemaMismatchError
from jingshu.store.source_files import open_source

__all__ = ["read_jsonl"]

_ICONV_HINT = "convert the file to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8 in > out"


@dataclass(frozen=True)
class _Rows:
    """A batch of parsed records and the line number of each."""

    records: list[dict[str, Any]]
    lines: list[int]


def read_jsonl(
    path: str, *, batch_rows: int = 10_000, expected_schema: pa.Schema | None = None
) -> Iterator[pa.RecordBatch]:
    """Read a JSON-lines file (optionally ``.gz``/``.zst``) as record batches.

    Args:
        path: the file.
        batch_rows: records per batch.
        expected_schema: the schema to read into; ``None`` infers it from the first batch.

    Raises:
        InputError: a line is not UTF-8, not JSON or not an object; the file is empty.
        SchemaMismatchError: a later line has a new key or a value of another type.
    """
    schema = expected_schema
    any_rows = False
    for rows in _parsed_batches(path, batch_rows):
        if schema is None:
            batch = _infer_first(path, rows)
            schema = batch.schema
        else:
            batch = _fit(path, rows, schema)
        any_rows = True
        yield batch
    if not any_rows:
        raise InputError(f"{path}: no records found", hint="the file is empty or all blank lines")


def _parsed_batches(path: str, batch_rows: int) -> Iterator[_Rows]:
    rows = _Rows([], [])
    with open_source(path) as f:
        for number, raw in enumerate(f, start=1):
            record = _parse_line(path, number, raw)
            if record is None:
                continue
            rows.records.append(record)
            rows.lines.append(number)
            if len(rows.records) >= batch_rows:
                yield rows
                rows = _Rows([], [])
    if rows.records:
        yield rows


def _parse_line(path: str, number: int, raw: bytes) -> dict[str, Any] | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} line {number}: not UTF-8 (byte {exc.start + 1} of the line is "
            f"0x{raw[exc.start]:02x})",
            hint=_ICONV_HINT,
        ) from exc
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} line {number}: invalid JSON ({exc.msg} at column {exc.colno})",
            hint="each line must hold one complete JSON object; fix or remove that line",
        ) from exc
    if not isinstance(value, dict):
        raise InputError(
            f"{path} line {number}: expected a JSON object, got {type(value).__name__}",
            hint='each line must be an object like {"text": "..."}',
        )
    return value


def _infer_first(path: str, rows: _Rows) -> pa.RecordBatch:
    try:
        return pa.RecordBatch.from_pylist(rows.records)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
        field, line = _first_inconsistent(rows)
        raise SchemaMismatchError(
            f"{path} line {line}: field {field!r} has a value of another type than on "
            f"earlier lines ({exc})",
            hint="make the field's values one type, or pass an expected schema",
        ) from exc


def _first_inconsistent(rows: _Rows) -> tuple[str, int]:
    for name in _keys(rows.records):
        values = [r.get(name) for r in rows.records]
        try:
            pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            return name, _first_bad_line(values, rows.lines)
    return "?", rows.lines[0]


def _first_bad_line(values: list[Any], lines: list[int]) -> int:
    """Binary search for the shortest prefix of ``values`` Arrow cannot convert."""
    low, high = 1, len(values)  # values[:high] fails; find the smallest such high
    while low < high:
        mid = (low + high) // 2
        try:
            pa.array(values[:mid])
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            high = mid
        else:
            low = mid + 1
    return lines[high - 1]


def _keys(records: Iterable[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for r in records:
        seen.update(dict.fromkeys(r))
    return list(seen)


def _fit(path: str, rows: _Rows, schema: pa.Schema) -> pa.RecordBatch:
    names = set(schema.names)
    for record, line in zip(rows.records, rows.lines, strict=True):
        extra = [k for k in record if k not in names]
        if extra:
            raise SchemaMismatchError(
                f"{path} line {line}: new field {extra[0]!r} not in the schema "
                f"({', '.join(schema.names)})",
                hint="give every record the same keys (null where absent) in the first "
                "batch, or pass an expected schema that includes it",
            )
    try:
        return pa.RecordBatch.from_pylist(rows.records, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
        field, line = _first_misfit(rows, schema)
        raise SchemaMismatchError(
            f"{path} line {line}: field {field!r} does not fit type "
            f"{schema.field(field).type if field in names else '?'} ({exc})",
            hint="make the field's values one type across the file, or pass an "
            "expected schema with a wider type",
        ) from exc


def _first_misfit(rows: _Rows, schema: pa.Schema) -> tuple[str, int]:
    for record, line in zip(rows.records, rows.lines, strict=True):
        for field in schema:
            try:
                pa.array([record.get(field.name)], type=field.type)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                return field.name, line
    return "?", rows.lines[0]
