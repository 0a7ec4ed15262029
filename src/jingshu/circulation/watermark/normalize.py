"""The form in which a leaked text is compared with what was handed out.

A recipient's own cleaning (``jingshu corpus run zh-web``: NFKC, full-width repair,
traditional to simplified, whitespace and punctuation fixes) must not hide where a
record came from, so comparisons use text reduced to what such cleaning keeps: NFKC,
OpenCC ``t2s``, lowercase, and only letters, digits and CJK characters (no
punctuation, no whitespace).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import opencc

__all__ = ["normalize"]


@lru_cache(maxsize=1)
def _t2s() -> Any:
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """``text`` folded for comparison: NFKC, simplified script, lowercase, no punctuation."""
    folded = _t2s().convert(unicodedata.normalize("NFKC", text)).lower()
    return "".join(ch for ch in folded if ch.isalnum())
