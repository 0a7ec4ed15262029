"""The span type every PII recognizer returns, and the helper that builds them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["PiiSpan", "Recognizer", "regex_spans"]


@dataclass(frozen=True)
class PiiSpan:
    """One recognized identifier.

    Args:
        type: Entity type (``resident_id``, ``mobile``, ``person_name``, ``address`` ...).
        start: Offset of the first character in the text.
        end: Offset after the last character.
        value: The matched text.
    """

    type: str
    start: int
    end: int
    value: str


Recognizer = Callable[[str], list[PiiSpan]]
"""A recognizer: text in, spans out (any order, may overlap)."""


def regex_spans(
    kind: str,
    pattern: re.Pattern[str],
    text: str,
    ok: Callable[[str], bool] = lambda _: True,
    group: int = 0,
) -> list[PiiSpan]:
    """Spans of ``pattern`` in ``text`` whose matched ``group`` passes ``ok``.

    Args:
        kind: Entity type given to each span.
        pattern: Compiled regular expression.
        text: Text to scan.
        ok: Validator of the matched text (a checksum, a range check).
        group: Which group is the identifier (0: the whole match).
    """
    return [
        PiiSpan(kind, m.start(group), m.end(group), m.group(group))
        for m in pattern.finditer(text)
        if m.group(group) is not None and ok(m.group(group))
    ]
