"""The declarative base every domain's tables derive from."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Enum, Insert, MetaData, Table, bindparam, insert
from sqlalchemy.orm import DeclarativeBase

__all__ = ["BOUND", "Base", "bound", "bound_insert", "enum_type", "utcnow"]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    """Now, in UTC, without microseconds noise in displays (kept for ordering)."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_type(cls: type[enum.Enum]) -> Enum:
    """A portable enum column storing the members' values (VARCHAR with a CHECK)."""
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


BOUND = "b_"
"""Prefix of the parameters of :func:`bound_insert`: a data-modifying CTE's ``UPDATE``
takes a parameter named like one of its table's columns for a value to SET."""


def bound_insert(table: Table) -> Insert:
    """``INSERT`` of every column of ``table`` but its primary key, each from the
    parameter named :data:`BOUND` + the column's name (give them with :func:`bound`)."""
    return insert(table).values({c.name: bindparam(BOUND + c.name, type_=c.type)
                                 for c in table.c if not c.primary_key})


def bound(row: dict[str, Any]) -> dict[str, Any]:
    """``row``'s values as the parameters of :func:`bound_insert`."""
    return {BOUND + key: value for key, value in row.items()}
