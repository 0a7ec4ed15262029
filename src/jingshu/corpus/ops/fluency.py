"""A fluency filter: per-character perplexity under the Chinese character LM.

CCNet (Wenzek et al., 2020) keeps web text by the perplexity a language model trained
on clean text gives it; here the model is jingshu's character bigram model
(:mod:`jingshu.corpus.charlm`, trained from jieba's dictionary or retrained on a
user's reference corpus), and perplexity is ``exp(-mean log P(char | previous char))``
over the Han and other scored characters. Mojibake, random character strings and
keyword salad score high; ordinary prose scores low.
"""

from __future__ import annotations

import math

from pydantic import Field

from jingshu.corpus.charlm import CharLM, UsesCharLM, scored_runs
from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Filter, FilterResult
from jingshu.corpus.params import OperatorParams

__all__ = ["FluencyFilter", "char_perplexity"]


def char_perplexity(text: str, lm: CharLM, *, max_chars: int = 5000) -> tuple[float, int]:
    """(perplexity per scored character, number scored) of the first ``max_chars`` chars.

    Args:
        text: Text to measure.
        lm: The character model.
        max_chars: Only this much of the text is scored (long documents cost no more).
    """
    head = text[:max_chars]
    n = sum(len(run) for run in scored_runs(head))
    return (math.exp(-lm.score(head)) if n else 0.0), n


class FluencyParams(OperatorParams):
    max_perplexity: float = Field(
        10000.0, ge=1.0, description="largest per-character perplexity kept"
    )
    min_scored_chars: int = Field(
        20, ge=1, description="documents with fewer scored (Han) characters are not judged"
    )


class FluencyFilter(UsesCharLM, Filter[FluencyParams]):
    """Drop documents the character LM finds too unlikely (per-character perplexity)."""

    name = "fluency"
    Params = FluencyParams

    def __init__(self, *, lm: CharLM | None = None, **params: object) -> None:
        """Args:
        lm: Character model; the jieba-trained default if omitted.
        **params: See :class:`FluencyParams`.
        """
        super().__init__(**params)
        self._lm = lm

    def filter(self, doc: Document) -> FilterResult:
        ppl, n = char_perplexity(doc.text, self.lm)
        if n < self.params.min_scored_chars:
            return True
        return ppl <= self.params.max_perplexity or (False, "low_fluency")
