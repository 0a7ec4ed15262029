"""Fast path for JSON-lines import: a block of lines parsed by ``pyarrow.json``.

The Python path (``json.loads`` per line) is the reference: it names the file, line and
field of any problem. This module parses a whole block of lines in C++ against a known
schema and returns ``None`` whenever its result might differ from the Python path's, so
the caller re-runs that block through the Python path (which then raises the precise
error, or accepts what the fast path was stricter about).

Where pyarrow and ``json.loads`` disagree, the block is screened or checked so that it
falls back:

- every non-blank line must start with ``{`` and end with ``}`` (pyarrow crashes on a
  top-level ``null`` at the start of a block and accepts a UTF-8 BOM, a line holding
  several objects, or objects split across lines);
- the row count must equal the number of non-blank lines;
- strings must be valid UTF-8 (pyarrow does not check);
- no float may exceed 2**53 in magnitude (``json.loads`` reads big integer literals as
  ints, which Arrow refuses to put into a float column; pyarrow reads them as floats),
  nor be NaN or infinite (the Python path refuses those, naming the field; Arrow's
  ``max`` skips NaN, so it is looked for explicitly);
- the schema may hold only the types JSON inference gives (int64, double, bool, string,
  null, lists and structs of those), so type conversions cannot differ.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

__all__ = ["LineBlock", "fast_batch", "fast_schema"]

_MAX_EXACT_FLOAT = float(2**53)
_MIN_CHUNK = 1 << 20
_JSON_SPACE = b" \t\r\n"  # whitespace to JSON; str.strip strips more
_LEAF_TYPES = (pa.int64(), pa.float64(), pa.bool_(), pa.string(), pa.null())


@dataclass
class LineBlock:
    """Raw lines of a source file, in order, with what the fast path needs to know.

    Args:
        first_line: the 1-based line number of ``lines[0]``.
        lines: the raw lines, newline included (blank lines too).
        records: how many lines are not blank.
        plain: every non-blank line starts with ``{`` and ends with ``}``.
        longest: the length of the longest line in bytes.
    """

    first_line: int
    lines: list[bytes] = field(default_factory=list)
    records: int = 0
    plain: bool = True
    longest: int = 0

    def add(self, raw: bytes) -> None:
        """Append a raw line, classifying it as blank, plain or needing the Python path."""
        self.lines.append(raw)
        if len(raw) > self.longest:
            self.longest = len(raw)
        if raw[:1] == b"{" and raw.endswith((b"}\n", b"}")):
            self.records += 1
            return
        stripped = raw.strip(_JSON_SPACE)
        if not stripped:
            return  # blank to both parsers
        if stripped[:1] == b"{" and stripped.endswith(b"}"):
            self.records += 1
            return
        self.plain = False  # the Python path decides
        if not _blank(raw):
            self.records += 1


def _blank(raw: bytes) -> bool:
    """Whether the Python path skips the line (blank after ``str.strip``)."""
    try:
        return not raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return False  # the Python path reports it


def fast_schema(schema: pa.Schema) -> bool:
    """Whether blocks may be read into ``schema`` by the fast path.

    Args:
        schema: the target schema.
    """
    return all(_fast_type(f.type) for f in schema)


def _fast_type(t: pa.DataType) -> bool:
    if pa.types.is_list(t):
        return _fast_type(t.value_type)
    if pa.types.is_struct(t):
        return all(_fast_type(t.field(i).type) for i in range(t.num_fields))
    return any(t == leaf for leaf in _LEAF_TYPES)


def fast_batch(block: LineBlock, schema: pa.Schema) -> pa.RecordBatch | None:
    """Parse ``block`` into a batch of ``schema`` with ``pyarrow.json``.

    Args:
        block: the lines; ``block.records`` must be positive.
        schema: the target schema (see :func:`fast_schema`).

    Returns:
        The batch, or ``None`` where the Python path must decide.
    """
    if not block.plain:
        return None
    data = b"".join(block.lines)
    chunk = max(_MIN_CHUNK, block.longest + 1, len(data) // (os.cpu_count() or 1) + 1)
    try:
        table = pj.read_json(
            io.BytesIO(data),
            read_options=pj.ReadOptions(use_threads=True, block_size=chunk),
            parse_options=pj.ParseOptions(
                explicit_schema=schema, unexpected_field_behavior="error"
            ),
        )
        if table.num_rows != block.records or table.schema.types != schema.types:
            return None
        if table.schema.names != schema.names:
            return None
        table.validate(full=True)  # UTF-8 of every string
        columns = [c.combine_chunks() for c in table.columns]
        if any(_big_float(c) for c in columns):
            return None
    except (pa.ArrowException, ValueError, TypeError, OverflowError):
        return None
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _big_float(arr: pa.Array) -> bool:
    """Whether any double in ``arr`` (nested included) exceeds 2**53 in magnitude or is
    not finite."""
    t = arr.type
    if pa.types.is_list(t):
        return _big_float(arr.flatten())
    if pa.types.is_struct(t):
        return any(_big_float(arr.field(i)) for i in range(t.num_fields))
    if t != pa.float64() or arr.null_count == len(arr):
        return False
    if not pc.all(pc.is_finite(arr)).as_py():  # nulls are skipped; NaN and ±inf are not
        return True
    top = pc.max(pc.abs(arr)).as_py()
    return top is not None and not top <= _MAX_EXACT_FLOAT
