"""Bodies of /catalog."""

from __future__ import annotations

from pydantic import BaseModel

from jingshu.catalog.facets import FacetItem
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.search import SearchHit

__all__ = ["FacetItemOut", "SearchHitOut", "SearchOut"]


class FacetItemOut(BaseModel):
    """One facet value: ``value`` is what the filter takes, ``label`` what to show."""

    value: str
    label: str
    count: int

    @classmethod
    def of(cls, item: FacetItem) -> FacetItemOut:
        return cls(value=item.value, label=item.label, count=item.count)


class SearchHitOut(BaseModel):
    name: str
    title: str
    description: str
    tier: OpenTier
    grade: Grade
    sensitivity: Sensitivity
    modality: Modality
    theme: str
    organization: str | None
    score: float

    @classmethod
    def of(cls, hit: SearchHit, dataset: Dataset) -> SearchHitOut:
        return cls(name=hit.name, title=hit.title, description=dataset.description,
                   tier=dataset.open_tier, grade=dataset.grade,
                   sensitivity=dataset.sensitivity, modality=dataset.modality,
                   theme=dataset.theme,
                   organization=dataset.organization.name if dataset.organization else None,
                   score=hit.score)


class SearchOut(BaseModel):
    total: int
    hits: list[SearchHitOut]
    facets: dict[str, list[FacetItemOut]] = {}
