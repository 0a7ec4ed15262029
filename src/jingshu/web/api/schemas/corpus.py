"""Bodies of the corpus endpoints: term shares over a dataset version."""

from __future__ import annotations

from pydantic import BaseModel

from jingshu.corpus.term_stats import TermStats

__all__ = ["TermShareOut", "TermStatsOut"]


class TermShareOut(BaseModel):
    term: str
    documents: int
    share: float


class TermStatsOut(BaseModel):
    """Share of the version's documents that contain each term, in the order asked."""

    dataset: str
    number: int
    documents: int
    terms: list[TermShareOut]

    @classmethod
    def of(cls, stats: TermStats) -> TermStatsOut:
        return cls(dataset=stats.dataset, number=stats.version, documents=stats.documents,
                   terms=[TermShareOut(term=t.term, documents=t.documents, share=t.share)
                          for t in stats.terms])
