"""Flagged-word and stopword filters, on characters for Chinese.

``flagged_words`` follows the flagged-words rule of BigScience's ROOTS / Data-Juicer
(drop a document whose share of flagged words is too high), with lists jingshu wrote
(ads, gambling, pornography) and the share measured as characters covered by
matches among non-space characters, since Chinese has no spaces to count words by.

``stopwords`` follows Gopher's stop-word rule (Rae et al., 2021: keep a document only
if it holds at least two of a few common English words), with Chinese function words:
running prose uses several; menus, keyword lists and tables use few.
"""

from __future__ import annotations

from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Filter, FilterResult
from jingshu.corpus.ops.wordlist import WordMatcher, load_wordlist
from jingshu.corpus.params import OperatorParams

__all__ = ["FLAGGED_CATEGORIES", "FlaggedWordsFilter", "StopwordsFilter", "nonspace_len"]

FLAGGED_CATEGORIES = ("ads", "gambling", "porn")


def nonspace_len(text: str) -> int:
    """Number of non-whitespace characters."""
    return len(text) - sum(ch.isspace() for ch in text)


class FlaggedWordsParams(OperatorParams):
    max_ratio: float = Field(
        0.03, ge=0.0, le=1.0,
        description="largest share of characters inside flagged words, per list"
    )
    categories: tuple[str, ...] = Field(
        FLAGGED_CATEGORIES, description="lists to use: ads, gambling, porn"
    )
    extra_words: tuple[str, ...] = Field((), description="words flagged in addition (own category)")


class FlaggedWordsFilter(Filter[FlaggedWordsParams]):
    """Drop documents where ads, gambling or pornographic words cover too much text.

    The reason names the list: ``flagged_gambling``, ``flagged_ads``, ``flagged_porn``
    or ``flagged_extra``.
    """

    name = "flagged_words"
    Params = FlaggedWordsParams

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        for category in self.params.categories:
            if category not in FLAGGED_CATEGORIES:
                from jingshu.errors import ConfigError

                raise ConfigError(
                    f"operator 'flagged_words': unknown category {category!r}",
                    hint="categories: " + ", ".join(FLAGGED_CATEGORIES),
                )
        self._matchers = {c: WordMatcher(load_wordlist(c)) for c in self.params.categories}
        if self.params.extra_words:
            self._matchers["extra"] = WordMatcher(self.params.extra_words)

    def filter(self, doc: Document) -> FilterResult:
        n = nonspace_len(doc.text)
        if not n:
            return True
        for category, matcher in self._matchers.items():
            if matcher.covered(doc.text) / n > self.params.max_ratio:
                return False, f"flagged_{category}"
        return True


class StopwordsParams(OperatorParams):
    min_distinct: int = Field(2, ge=0, description="fewest distinct stopwords a document must hold")
    min_ratio: float = Field(
        0.0, ge=0.0, le=1.0, description="smallest share of characters inside stopwords"
    )
    min_chars: int = Field(
        30, ge=0, description="documents shorter than this (non-space chars) are not judged"
    )


class StopwordsFilter(Filter[StopwordsParams]):
    """Drop documents with too few Chinese function words (的, 了, 是, 在, 和 ...)."""

    name = "stopwords"
    Params = StopwordsParams

    def __init__(self, **params: object) -> None:
        super().__init__(**params)
        self._matcher = WordMatcher(load_wordlist("stopwords_zh"))

    def filter(self, doc: Document) -> FilterResult:
        n = nonspace_len(doc.text)
        if n < self.params.min_chars:
            return True
        if len(self._matcher.distinct(doc.text)) < self.params.min_distinct:
            return False, "few_stopwords"
        if self._matcher.covered(doc.text) / n < self.params.min_ratio:
            return False, "low_stopword_ratio"
        return True
