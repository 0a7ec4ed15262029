"""The operator registry: recipe names (``cjk_ratio``) to operator classes."""

from __future__ import annotations

from typing import Any

from jingshu.corpus.dedup.steps import LineDedupOperator, NearDedupOperator
from jingshu.corpus.ops.base import Operator
from jingshu.corpus.ops.boilerplate_lines import AdLineRemover, BoilerplateLineRemover
from jingshu.corpus.ops.char_shares import DigitRatioFilter, PunctuationRatioFilter
from jingshu.corpus.ops.dedup_exact import ExactDeduplicator
from jingshu.corpus.ops.flagged_words import FlaggedWordsFilter, StopwordsFilter
from jingshu.corpus.ops.fluency import FluencyFilter
from jingshu.corpus.ops.html_extract import HtmlExtractor
from jingshu.corpus.ops.line_cleanup import LineCleaner
from jingshu.corpus.ops.links import EmailRemover, LinkRemover
from jingshu.corpus.ops.mojibake import MojibakeRepairer
from jingshu.corpus.ops.pii import PiiRedactor
from jingshu.corpus.ops.pinyin_gloss import PinyinGlossRemover
from jingshu.corpus.ops.pinyin_restore import PinyinSyllableRestorer
from jingshu.corpus.ops.quality_classifier import QualityScoreFilter
from jingshu.corpus.ops.quality_heuristics import (
    CharRepetitionFilter,
    CjkRatioFilter,
    LanguageFilter,
    LineRepetitionFilter,
    MojibakeFilter,
    SymbolRatioFilter,
    TextLengthFilter,
)
from jingshu.corpus.ops.script import ScriptConverter
from jingshu.corpus.ops.sft import SftPairFilter
from jingshu.corpus.ops.unicode import (
    ChinesePunctuationNormalizer,
    ControlCharRemover,
    HtmlEntityDecoder,
    UnicodeNormalizer,
    WhitespaceNormalizer,
)

__all__ = ["OPERATORS", "operator_class"]

_CLASSES: tuple[type[Operator[Any]], ...] = (
    HtmlExtractor,
    UnicodeNormalizer,
    ControlCharRemover,
    HtmlEntityDecoder,
    WhitespaceNormalizer,
    ChinesePunctuationNormalizer,
    MojibakeRepairer,
    ScriptConverter,
    PinyinGlossRemover,
    PinyinSyllableRestorer,
    BoilerplateLineRemover,
    LineCleaner,
    AdLineRemover,
    PiiRedactor,
    TextLengthFilter,
    CjkRatioFilter,
    CharRepetitionFilter,
    LineRepetitionFilter,
    SymbolRatioFilter,
    DigitRatioFilter,
    PunctuationRatioFilter,
    MojibakeFilter,
    LanguageFilter,
    FlaggedWordsFilter,
    StopwordsFilter,
    FluencyFilter,
    EmailRemover,
    LinkRemover,
    SftPairFilter,
    QualityScoreFilter,
    ExactDeduplicator,
    LineDedupOperator,
    NearDedupOperator,
)

OPERATORS: dict[str, type[Operator[Any]]] = {cls.name: cls for cls in _CLASSES}
"""Every built-in operator by its recipe name."""


def operator_class(name: str) -> type[Operator[Any]] | None:
    """The operator class registered as ``name``, or ``None``."""
    return OPERATORS.get(name)
