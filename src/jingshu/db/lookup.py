"""Loading one row by its primary key, or a :class:`~jingshu.errors.NotFoundError`."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from jingshu.errors import NotFoundError

__all__ = ["get_existing"]

T = TypeVar("T")


def get_existing(session: Session, model: type[T], key: Any, what: str,
                 hint: str | None = None) -> T:
    """The ``model`` row with primary key ``key``; else ``NotFoundError("WHAT does not exist")``.

    Args:
        session: The database session.
        model: The mapped class.
        key: The primary key.
        what: How the message names the row, e.g. ``"grant 'g1'"``.
        hint: Where to find the ones that exist.
    """
    row = session.get(model, key)
    if row is None:
        raise NotFoundError(f"{what} does not exist", hint=hint)
    return row
