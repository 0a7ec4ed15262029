"""Which script a Chinese text is written in: simplified, traditional, both or neither.

A character is *traditional-only* when OpenCC's ``t2s`` changes it alone and
*simplified-only* when ``s2t`` does (:func:`jingshu.hanzi.t2s_characters`
and its mirror). A text is ``traditional`` when it holds more traditional-only than
simplified-only characters, ``simplified`` when the reverse, ``neutral`` when its Han
characters are common to both (or as many of each), and ``no_han`` without Han
characters. Classified a batch at a time with one table lookup over the code points (numpy).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np

from jingshu.hanzi import CJK_BLOCKS, converted_characters, t2s_characters

__all__ = ["SCRIPTS", "script_counts"]

SCRIPTS = ("simplified", "traditional", "neutral", "no_han")
_HAN, _SIMP, _TRAD = 1, 2, 3
_TOP = CJK_BLOCKS[-1][1]


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    table = np.zeros(_TOP, dtype=np.uint8)
    for lo, hi in CJK_BLOCKS:
        table[lo:hi] = _HAN
    table[list(converted_characters("s2t"))] = _SIMP
    table[list(t2s_characters())] = _TRAD
    return table


def script_counts(texts: list[str]) -> Counter[str]:
    """How many of ``texts`` are in each of :data:`SCRIPTS`."""
    found: Counter[str] = Counter()
    if not texts:
        return found
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _table()[np.minimum(codes, _TOP - 1)]
    kinds[codes >= _TOP] = 0
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    per_kind = [np.concatenate([[0], np.cumsum(kinds == k)]) for k in (_HAN, _SIMP, _TRAD)]
    han, simp, trad = ((c[ends] - c[starts]) for c in per_kind)
    any_han = han + simp + trad > 0
    found["no_han"] = int((~any_han).sum())
    found["neutral"] = int((any_han & (simp == trad)).sum())
    found["traditional"] = int((trad > simp).sum())
    found["simplified"] = int((simp > trad).sum())
    return found
