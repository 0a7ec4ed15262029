"""Choose a (possibly nested) field as the text of imported JSON lines.

``text_field="meta.body"`` takes ``record["meta"]["body"]`` as the ``text`` column; the
record's other top-level fields that are not nested (strings, numbers, booleans) are
kept beside it, nested ones dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from jingshu.errors import InputError

__all__ = ["field_paths", "select_text_field"]


def field_paths(schema: pa.Schema) -> list[str]:
    """Every field's dotted path, nested struct fields included."""
    paths: list[str] = []

    def walk(prefix: str, type_: pa.DataType) -> None:
        if pa.types.is_struct(type_):
            for child in type_:
                walk(f"{prefix}.{child.name}", child.type)
        else:
            paths.append(prefix)

    for f in schema:
        walk(f.name, f.type)
    return paths


def _column(batch: pa.RecordBatch, path: str, source: str) -> pa.Array:
    head, *rest = path.split(".")
    if head not in batch.schema.names:
        raise InputError(f"{source}: no field {path!r}",
                         hint="fields: " + ", ".join(field_paths(batch.schema)))
    column = batch.column(head)
    for name in rest:
        if not pa.types.is_struct(column.type) or column.type.get_field_index(name) < 0:
            raise InputError(f"{source}: no field {path!r}",
                             hint="fields: " + ", ".join(field_paths(batch.schema)))
        column = pc.struct_field(column, name)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        raise InputError(f"{source}: field {path!r} is {column.type}, not text",
                         hint="choose a string field: " + ", ".join(field_paths(batch.schema)))
    return column


def select_text_field(batches: Iterator[pa.RecordBatch], path: str,
                      source: str) -> Iterator[pa.RecordBatch]:
    """``batches`` with ``path``'s value as ``text`` and the flat top-level fields kept.

    Args:
        batches: the source's batches.
        path: dotted path of the text, e.g. ``content.body``.
        source: the file name, for messages.

    Raises:
        InputError: the path does not exist or is not a string field (lists the fields).
    """
    for batch in batches:
        text = _column(batch, path, source)
        keep = [(f.name, batch.column(f.name)) for f in batch.schema
                if f.name not in (path, "text") and not pa.types.is_nested(f.type)]
        yield pa.RecordBatch.from_arrays([text.cast(pa.string()), *(c for _, c in keep)],
                                         names=["text", *(n for n, _ in keep)])
