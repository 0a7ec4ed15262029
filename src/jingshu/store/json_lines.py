"""Small JSON-lines files read whole (labels, metadata, training text): one value a line.

Large imports stream through :mod:`jingshu.store.jsonl_reader`; these helpers are for
the small side files, with the same kind of message: the place (``FILE:LINE``) and
what is wrong there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jingshu.errors import InputError

__all__ = ["json_lines", "json_objects"]

HINT = "one JSON object per line"


def json_lines(lines: Iterable[str], place: Callable[[int], str], *,
               hint: str = HINT) -> Iterator[tuple[int, Any]]:
    """``(line number, value)`` for each non-blank line.

    Args:
        lines: The file's lines.
        place: How a message names line N, e.g. ``lambda n: f"{path}:{n}"``.
        hint: What the message says to do when a line is not JSON.

    Raises:
        InputError: ``PLACE: not JSON (why)``.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{place(number)}: not JSON ({exc.msg})", hint=hint) from None
        yield number, value


def json_objects(lines: Iterable[str], place: Callable[[int], str], *, hint: str = HINT,
                 object_hint: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """:func:`json_lines` where every value must be an object.

    Raises:
        InputError: ``PLACE: not JSON (why)`` or ``PLACE: not a JSON object``
            (with ``object_hint``, else ``hint``).
    """
    for number, value in json_lines(lines, place, hint=hint):
        if not isinstance(value, dict):
            raise InputError(f"{place(number)}: not a JSON object", hint=object_hint or hint)
        yield number, value
