"""Streaming JSON-lines import: one object per line, schema from the first batch."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from jingshu.errors import InputError, SchemaMismatchError
from jingshu.store.jsonl_fast import LineBlock, fast_batch, fast_schema
from jingshu.store.source_files import open_source

__all__ = ["read_jsonl"]

_ICONV_HINT = "convert the file to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8 in > out"
MAX_DEPTH = 64
"""Deepest nesting of arrays and objects a record may have (Parquet and Arrow handle
far less than Python's recursion limit gracefully; no real dataset comes close)."""


_TOO_DEEP = object()


class _NonFinite(ValueError):
    """``NaN``, ``Infinity`` or a literal too large for a float, found while parsing."""

    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _refuse_constant(literal: str) -> float:
    raise _NonFinite(literal)


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _NonFinite(literal)
    return value


@dataclass(frozen=True)
class _Rows:
    """A batch of parsed records and the line number of each."""

    records: list[dict[str, Any]]
    lines: list[int]


def read_jsonl(
    path: str, *, batch_rows: int = 10_000, expected_schema: pa.Schema | None = None
) -> Iterator[pa.RecordBatch]:
    """Read a JSON-lines file (optionally ``.gz``/``.zst``) as record batches.

    Without ``expected_schema`` the first batch is parsed in Python and its schema
    inferred; later batches (and all of them with ``expected_schema``) are parsed by
    ``pyarrow.json`` against that schema, falling back to the Python path for any
    batch it cannot read exactly as the Python path would, so errors name the line.

    Args:
        path: the file.
        batch_rows: records per batch.
        expected_schema: the schema to read into; ``None`` infers it from the first batch.

    Raises:
        InputError: a line is not UTF-8, not JSON or not an object; the file is empty.
        SchemaMismatchError: a later line has a new key or a value of another type.
    """
    schema = expected_schema
    fast = schema is not None and fast_schema(schema)
    any_rows = False
    for block in _line_blocks(path, batch_rows):
        if schema is None:
            batch = _infer_first(path, _parse_block(path, block))
            schema = batch.schema
            fast = fast_schema(schema)
        else:
            fast_result = fast_batch(block, schema) if fast else None
            batch = fast_result or _fit(path, _parse_block(path, block), schema)
        any_rows = True
        yield batch
    if not any_rows:
        raise InputError(f"{path}: no records found", hint="the file is empty or all blank lines")


def _line_blocks(path: str, batch_rows: int) -> Iterator[LineBlock]:
    """Raw lines in blocks of ``batch_rows`` non-blank lines (the last may be shorter)."""
    block = LineBlock(1)
    with open_source(path) as f:
        for number, raw in enumerate(f, start=1):
            block.add(raw)
            if block.records >= batch_rows:
                yield block
                block = LineBlock(number + 1)
    if block.records:
        yield block


def _parse_block(path: str, block: LineBlock) -> _Rows:
    """The Python path: parse each line of ``block``, raising on the first bad one."""
    rows = _Rows([], [])
    for number, raw in enumerate(block.lines, start=block.first_line):
        record = _parse_line(path, number, raw)
        if record is not None:
            rows.records.append(record)
            rows.lines.append(number)
    return rows


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
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} line {number}: invalid JSON ({exc.msg} at column {exc.colno})",
            hint="each line must hold one complete JSON object; fix or remove that line",
        ) from exc
    except _NonFinite as exc:
        raise InputError(
            f"{path} line {number}: field {_field_of(text, exc.literal)!r}: {exc.literal} is "
            "not a finite number",
            hint="write null for a missing value (JSON has no NaN or Infinity)",
        ) from None
    except RecursionError:
        value = _TOO_DEEP
    nests = text.count("[") + text.count("{") > MAX_DEPTH  # cheap screen before the walk
    if value is _TOO_DEEP or (nests and _deeper_than(value, MAX_DEPTH)):
        raise InputError(
            f"{path} line {number}: nested deeper than {MAX_DEPTH} levels of arrays and "
            "objects",
            hint="flatten the record; a dataset row holds fields, not deep trees",
        )
    if not isinstance(value, dict):
        raise InputError(
            f"{path} line {number}: expected a JSON object, got {type(value).__name__}",
            hint='each line must be an object like {"text": "..."}',
        )
    return value


def _deeper_than(value: object, limit: int) -> bool:
    """Whether ``value`` nests arrays/objects more than ``limit`` deep (no recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item \
            if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _field_of(text: str, literal: str) -> str:
    """The dotted path of the first value written as ``literal`` (``metrics.score``)."""
    marker = object()
    try:
        record = json.loads(text, parse_constant=lambda c: marker if c == literal else 0.0,
                            parse_float=lambda f: marker if f == literal else 0.0)
    except (ValueError, RecursionError):
        return "?"
    stack: list[tuple[object, str]] = [(record, "")]
    while stack:
        item, where = stack.pop()
        if item is marker:
            return where.lstrip(".") or "?"
        if isinstance(item, dict):
            stack.extend((v, f"{where}.{k}") for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in reversed(list(enumerate(item))))
    return "?"


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
