"""Score documents with a trained quality classifier and drop those below a threshold."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Filter, FilterResult
from jingshu.corpus.params import ArtefactPath, OperatorParams
from jingshu.corpus.quality.model import QualityModel
from jingshu.errors import ConfigError

__all__ = ["QualityScoreFilter"]


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> QualityModel:
    """One model per file and modification time, shared by the operators of a process."""
    return QualityModel.load(path)


class QualityScoreParams(OperatorParams):
    model: Annotated[str, ArtefactPath("quality_model")] = Field(
        "", description="a model made by `jingshu corpus train-quality`: a path, or "
        "artefact:ID of an uploaded one (required on the server)"
    )
    threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="keep scores at or above this; null: the model's own"
    )
    field: str = Field("quality_score", description="metadata field that gets the score")


class QualityScoreFilter(Filter[QualityScoreParams]):
    """Write a trained classifier's P(good) into metadata; drop documents below the threshold.

    The model is a logistic regression over hashed character n-grams (see
    :mod:`jingshu.corpus.quality`); train one on your own good and bad sets with
    ``jingshu corpus train-quality``. Set ``threshold: 0`` to score without dropping.
    """

    name = "quality_score"
    Params = QualityScoreParams

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        if not self.params.model:
            raise ConfigError(f"operator {self.name!r}: parameter 'model' is required",
                              hint="set model: PATH to a file made by "
                              "`jingshu corpus train-quality`")
        path = Path(self.params.model)
        mtime = path.stat().st_mtime_ns if path.is_file() else 0
        self.model = _load(str(path), mtime)
        self.threshold = (self.model.threshold if self.params.threshold is None
                          else self.params.threshold)

    def process(self, doc: Document) -> Document | None:
        score = round(self.model.score_text(doc.text), 6)
        return super().process(replace(doc, metadata={**doc.metadata, self.params.field: score}))

    def filter(self, doc: Document) -> FilterResult:
        score = doc.metadata.get(self.params.field)
        if not isinstance(score, float):
            score = self.model.score_text(doc.text)
        return score >= self.threshold or (False, "low_quality_score")
