"""The declarative base every domain's tables derive from."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

__all__ = ["Base", "enum_type", "utcnow"]

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
