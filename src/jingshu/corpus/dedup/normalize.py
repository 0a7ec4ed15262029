"""The text normalization used for hashing (never written to the output).

Two texts that differ only in Unicode form, full/half width, traditional or simplified
script, punctuation, spaces, case or HTML entities hash the same. It is one
``str.translate`` with a table that applies NFKC character by character, deletes
punctuation, separators and controls, lower-cases and maps traditional characters to
simplified ones (OpenCC's
``TSCharacters`` table, character level: applied to both sides of a comparison, the
character-level map makes 乾/幹/干 and 著/着 agree without phrase lookups). Short
boilerplate lines (责任编辑, 来源：, 扫一扫 ...) are dropped with the keyword lists of
:mod:`jingshu.corpus.ops.boilerplate_lines` before normalizing.
"""

from __future__ import annotations

import html
import unicodedata
from functools import lru_cache

from jingshu.corpus.ops.boilerplate_lines import AD_KEYWORDS, BOILERPLATE_KEYWORDS, _matcher
from jingshu.corpus.ops.script import t2s_characters

__all__ = ["hash_lines", "normalize_for_hash", "strip_boilerplate"]

_BOILERPLATE = _matcher(BOILERPLATE_KEYWORDS + AD_KEYWORDS)
_MAX_BOILERPLATE_LINE = 60


def _fold(ch: str, ts: dict[int, str]) -> str:
    if ch.isspace() or unicodedata.category(ch)[0] in "PZC" or unicodedata.category(ch) == "Sk":
        return ""
    return ts.get(ord(ch), ch).lower()


@lru_cache(maxsize=1)
def _table() -> dict[int, str | None]:
    """Per character: NFKC, then delete punctuation/space/control, lower-case, t2s."""
    ts = t2s_characters()
    table: dict[int, str | None] = {}
    for code in (*range(0x30000), *range(0xE0000, 0xE1000)):  # planes 3+: CJK, unchanged
        ch = chr(code)
        if ch == "\n" or 0xD800 <= code <= 0xDFFF:
            continue
        parts = unicodedata.normalize("NFKC", ch) if unicodedata.decomposition(ch) else ch
        folded = "".join(_fold(part, ts) for part in parts)
        if folded != ch:
            table[code] = folded or None
    return table


def strip_boilerplate(text: str) -> str:
    """Drop short lines holding a boilerplate or advertising keyword.

    Args:
        text: Raw document text.
    """
    lines = text.split("\n")
    kept = [
        line for line in lines
        if len(line) > _MAX_BOILERPLATE_LINE + 20
        or len(line.strip()) > _MAX_BOILERPLATE_LINE
        or not _BOILERPLATE.search(line)
    ]
    return text if len(kept) == len(lines) else "\n".join(kept)


def normalize_for_hash(text: str, *, boilerplate: bool = True) -> list[str]:
    """The normalized, non-empty lines of ``text``, as compared by deduplication.

    Args:
        text: Raw document text.
        boilerplate: Drop short boilerplate lines first.
    """
    if boilerplate:
        text = strip_boilerplate(text)
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_table())
    return [line for line in text.split("\n") if line]


def hash_lines(lines: list[str]) -> list[int]:
    """A stable signed 64-bit hash of each line (for counting lines across documents).

    Args:
        lines: Normalized lines.
    """
    import hashlib

    return [
        int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "little",
                       signed=True)
        for line in lines
    ]
