"""Comparing Arrow schemas and saying exactly how they differ."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from jingshu.errors import SchemaMismatchError
from jingshu.store.manifest import FieldInfo

__all__ = ["SchemaDiff", "check_schema", "diff_schemas", "field_infos"]


@dataclass(frozen=True)
class SchemaDiff:
    """How an actual schema differs from the expected one.

    Args:
        missing: expected fields the actual schema lacks.
        extra: actual fields the expected schema lacks.
        different: ``(name, expected type, actual type)`` for fields of another type.
    """

    missing: tuple[str, ...]
    extra: tuple[str, ...]
    different: tuple[tuple[str, str, str], ...]

    @property
    def empty(self) -> bool:
        """True when both schemas have the same field names and types."""
        return not (self.missing or self.extra or self.different)

    def describe(self) -> str:
        """One line listing missing, extra and differing fields."""
        parts = []
        if self.missing:
            parts.append("missing fields: " + ", ".join(self.missing))
        if self.extra:
            parts.append("extra fields: " + ", ".join(self.extra))
        if self.different:
            parts.append(
                "different types: "
                + ", ".join(f"{n} (expected {e}, got {a})" for n, e, a in self.different)
            )
        return "; ".join(parts)


def diff_schemas(expected: pa.Schema, actual: pa.Schema) -> SchemaDiff:
    """Compare two schemas by field name and type (order and metadata ignored).

    Args:
        expected: the schema that should be there.
        actual: the schema that is there.
    """
    exp = {f.name: f.type for f in expected}
    act = {f.name: f.type for f in actual}
    return SchemaDiff(
        missing=tuple(n for n in exp if n not in act),
        extra=tuple(n for n in act if n not in exp),
        different=tuple(
            (n, str(t), str(act[n])) for n, t in exp.items() if n in act and not act[n].equals(t)
        ),
    )


def check_schema(expected: pa.Schema, actual: pa.Schema, where: str) -> None:
    """Raise when ``actual`` differs from ``expected`` in names or types.

    Args:
        expected: the schema that should be there.
        actual: the schema that is there.
        where: what is being checked, for the message (file, batch ...).

    Raises:
        SchemaMismatchError: naming the missing, extra and differing fields.
    """
    diff = diff_schemas(expected, actual)
    if not diff.empty:
        raise SchemaMismatchError(
            f"{where}: schema does not match: {diff.describe()}",
            hint="rename, add or cast the columns so they match, or import into a new dataset",
        )


def field_infos(schema: pa.Schema) -> tuple[FieldInfo, ...]:
    """The manifest's view of a schema.

    Args:
        schema: an Arrow schema.
    """
    return tuple(FieldInfo(f.name, str(f.type), f.nullable) for f in schema)
