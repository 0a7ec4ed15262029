"""Text marks of extracts made before 2026-12: read when tracing, no longer made.

These marks changed characters of the text (``，`` to ``,``, ``。`` to ``｡``), exactly
the defects a Chinese cleaning recipe repairs: the training text got worse and the
recipient's own cleaning erased the mark. Extracts now leave text untouched (record
order and canaries, :mod:`.records` and :mod:`.canary`); :func:`mark_text` remains
only to test that old extracts are still traced.


After a CJK character, each of ``，：；！？。、`` may appear in its full-width form or its
half-width (NFKC-equivalent) form; between two Latin letters an apostrophe may be
``'`` or ``’``. Which form a recipient gets at each place is one keyed bit of the
place's *canonical context*: the six preceding non-space characters with every
variant folded to its canonical form. Whitespace never enters the context and no
mark is whitespace, so re-wrapping, re-indenting and joining lines keep every mark;
a copied excerpt keeps the marks inside it. No homoglyphs from other scripts and no
invisible characters are used.
"""

from __future__ import annotations

from collections.abc import Iterator

from jingshu.circulation.watermark.keys import Slot, keyed_bit

__all__ = ["CONTEXT", "PAIRS", "mark_text", "text_slots"]

CONTEXT = 6
PAIRS: dict[str, str] = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "。": "｡",
                         "、": "､"}  # canonical (full-width) → alternative
_CANON = {alt: canon for canon, alt in PAIRS.items()} | {c: c for c in PAIRS}
_APOSTROPHES = ("'", "’")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _walk(text: str) -> Iterator[tuple[int, Slot, tuple[str, str]]]:
    """Each markable place: its index, its slot and its two variants (bit 0, bit 1)."""
    context: list[str] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        folded = ch
        if len(context) >= CONTEXT:
            tail = "".join(context[-CONTEXT:])
            canon = _CANON.get(ch)
            if canon is not None and _is_cjk(context[-1]):
                folded = canon
                yield i, Slot(f"t{canon}{tail}", int(ch != canon)), (canon, PAIRS[canon])
            elif (ch in _APOSTROPHES and _is_latin(context[-1]) and i + 1 < len(text)
                  and _is_latin(text[i + 1])):
                folded = "'"
                yield i, Slot(f"a{tail}", _APOSTROPHES.index(ch)), _APOSTROPHES
        context.append(folded)
        if len(context) > 4 * CONTEXT:
            del context[:-CONTEXT]


def text_slots(text: str) -> list[Slot]:
    """The marks a text carries (for tracing)."""
    return [slot for _i, slot, _v in _walk(text)]


def mark_text(text: str, secret: bytes) -> str:
    """``text`` with every markable place set to the recipient's variant."""
    chars: list[str] | None = None
    for i, slot, variants in _walk(text):
        bit = keyed_bit(secret, slot.key)
        if bit != slot.observed:
            if chars is None:
                chars = list(text)
            chars[i] = variants[bit]
    return text if chars is None else "".join(chars)
