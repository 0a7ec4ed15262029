"""Digit and punctuation share filters (the symbol share is ``symbol_ratio``).

Data-Juicer's ``digit_ratio`` and RefinedWeb/Gopher-style character-class rules,
measured over non-space characters. Both widths count: ``１２`` is a digit and
``，。`` are punctuation (Unicode categories ``Nd`` and ``P*``).
"""

from __future__ import annotations

from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Filter, FilterResult
from jingshu.corpus.ops.charclass import category_pattern, share_of
from jingshu.corpus.params import OperatorParams

__all__ = ["DigitRatioFilter", "PunctuationRatioFilter", "digit_ratio", "punctuation_ratio"]


def digit_ratio(text: str) -> float:
    """Share of decimal digits (either width) among non-space characters."""
    return share_of(category_pattern("Nd"), text)


def punctuation_ratio(text: str) -> float:
    """Share of punctuation (Unicode ``P*``, either width) among non-space characters."""
    return share_of(category_pattern("P"), text)


class DigitRatioParams(OperatorParams):
    max_ratio: float = Field(0.3, ge=0.0, le=1.0, description="largest share of digits")


class DigitRatioFilter(Filter[DigitRatioParams]):
    """Drop documents that are mostly numbers (tables, price lists, phone lists)."""

    name = "digit_ratio"
    Params = DigitRatioParams

    def filter(self, doc: Document) -> FilterResult:
        return digit_ratio(doc.text) <= self.params.max_ratio or (False, "high_digit_ratio")


class PunctuationRatioParams(OperatorParams):
    max_ratio: float = Field(0.3, ge=0.0, le=1.0, description="largest share of punctuation")
    min_ratio: float = Field(
        0.0, ge=0.0, le=1.0, description="smallest share of punctuation (0: not checked)"
    )
    min_chars: int = Field(
        100, ge=0, description="min_ratio is checked only on documents at least this long"
    )


class PunctuationRatioFilter(Filter[PunctuationRatioParams]):
    """Drop documents with too much punctuation, or (long ones) with almost none."""

    name = "punctuation_ratio"
    Params = PunctuationRatioParams

    def filter(self, doc: Document) -> FilterResult:
        ratio = punctuation_ratio(doc.text)
        if ratio > self.params.max_ratio:
            return False, "high_punctuation_ratio"
        long_enough = len(doc.text) >= self.params.min_chars
        return not long_enough or ratio >= self.params.min_ratio or (False, "low_punctuation_ratio")
