"""Recipe operators ``near_dedup`` and ``line_dedup``: whole-dataset steps.

The recipe pipeline streams one document at a time, shard by shard; these two steps
need every document first. In the stream they pass documents through unchanged; they
declare ``whole_dataset = True`` and :func:`jingshu.corpus.dedup.stage.run_dataset_stages`
runs them after the streaming steps, over all output shards at once, and writes their
counts (clusters, removed documents, sample clusters) into the run report.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Deduplicator, FilterResult, Mapper
from jingshu.corpus.params import OperatorParams

__all__ = ["LineDedupOperator", "NearDedupOperator"]


class NearDedupParams(OperatorParams):
    threshold: float = Field(0.7, ge=0.01, le=1.0, description="Jaccard similarity of duplicates")
    num_perm: int = Field(128, ge=8, le=1024, description="MinHash signature length")
    ngram: int = Field(5, ge=1, le=32, description="character shingle length")
    verify: bool = Field(False, description="merge only pairs whose true Jaccard reaches threshold")
    keep: Literal["earliest", "longest", "quality"] = Field(
        "earliest", description="which document of a cluster is kept")
    line_min_docs: int = Field(0, ge=0, description="ignore lines in this many documents (0: off)")
    seed: int = Field(42, description="hash seed")


class NearDedupOperator(Deduplicator[NearDedupParams]):
    """Exact and MinHash-LSH near-duplicate removal over the whole dataset.

    Args (params):
        threshold: Jaccard similarity of shingle sets at which documents are duplicates.
        num_perm: MinHash signature length.
        ngram: Character shingle length.
        verify: Merge candidates only when their true Jaccard reaches ``threshold``.
        keep: ``earliest``, ``longest`` or ``quality`` (metadata ``quality_score``).
        line_min_docs: Lines found in this many documents are ignored for hashing.
        seed: Hash seed.
    """

    name = "near_dedup"
    Params = NearDedupParams
    whole_dataset: ClassVar[bool] = True

    def config(self) -> NearDedupConfig:
        """The :class:`NearDedupConfig` these parameters describe."""
        p = self.params
        return NearDedupConfig(threshold=p.threshold, num_perm=p.num_perm, ngram=p.ngram,
                               verify=p.verify, keep=p.keep, line_min_docs=p.line_min_docs,
                               seed=p.seed)

    def filter(self, doc: Document) -> FilterResult:
        return True  # the work happens in the whole-dataset stage


class LineDedupParams(OperatorParams):
    min_docs: int = Field(
        10, ge=2, description="remove lines found in at least this many documents"
    )


class LineDedupOperator(Mapper[LineDedupParams]):
    """Remove lines repeated across many documents of the dataset (CCNet-style).

    Args (params):
        min_docs: A line (normalized) found in at least this many documents is removed.
    """

    name = "line_dedup"
    Params = LineDedupParams
    whole_dataset: ClassVar[bool] = True

    def map_text(self, text: str) -> str:
        return text  # the work happens in the whole-dataset stage
