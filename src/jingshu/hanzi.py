"""Han script tables shared by layers that do not depend on each other: OpenCC's
converters and a character-for-character traditional → simplified table.

Base layer: imports nothing of jingshu (the corpus operators and the PII recognizers
both use it).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = [
    "CJK_BLOCKS", "converted_characters", "is_han", "one_to_one", "opencc_converter",
    "t2s_characters",
]

# CJK blocks whose characters OpenCC's TSCharacters table covers: Ext A, Unified,
# Compatibility Ideographs, Ext B.
CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


@lru_cache(maxsize=2)
def opencc_converter(config: str) -> Any:
    """OpenCC's converter for ``config`` (``t2s``, ``s2t`` …), made once."""
    from opencc import OpenCC

    return OpenCC(config)


@lru_cache(maxsize=2)
def converted_characters(config: str) -> dict[int, str]:
    """Each character of the CJK blocks converted alone by OpenCC ``config`` (``t2s``,
    ``s2t``; so its first candidate in the character table), where that changes it:
    code point → what it becomes (occasionally more than one character)."""
    chars = [chr(c) for lo, hi in CJK_BLOCKS for c in range(lo, hi)]
    out = str(opencc_converter(config).convert("\n".join(chars))).split("\n")
    if len(out) != len(chars):
        raise RuntimeError(f"OpenCC {config} changed the number of lines of the character table")
    return {ord(a): b for a, b in zip(chars, out, strict=True) if a != b}


@lru_cache(maxsize=2)
def one_to_one(config: str) -> dict[int, str]:
    """:func:`converted_characters` where a character becomes one character, so that
    ``str.translate`` keeps every offset."""
    return {k: v for k, v in converted_characters(config).items() if len(v) == 1}


def t2s_characters() -> dict[int, str]:
    """Traditional to simplified one character at a time (code point → character):
    ``one_to_one("t2s")``. For uses where phrase context does not matter (hashing,
    features, tagging)."""
    return one_to_one("t2s")


def is_han(ch: str) -> bool:
    """True for a character of the CJK Unified Ideographs block (U+4E00..U+9FFF)."""
    return "\u4e00" <= ch <= "\u9fff"
