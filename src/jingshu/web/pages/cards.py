"""What the catalog pages show, as typed view objects built from catalog rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.service import Lineage
from jingshu.web.pages.lineage import LineageDiagram, layout

__all__ = ["DatasetCard", "DatasetSummary", "FieldRow", "VersionRow"]


@dataclass(frozen=True)
class DatasetSummary:
    """One dataset in a list: enough for a result card."""

    name: str
    title: str
    description: str
    tier: str
    grade: str
    sensitivity: str
    organization: str
    theme: str
    modality: str
    keywords: list[str]
    rows: int | None
    updated_at: datetime

    @classmethod
    def of(cls, dataset: Dataset) -> DatasetSummary:
        latest = dataset.versions[-1] if dataset.versions else None
        return cls(
            name=dataset.name, title=dataset.title, description=dataset.description,
            tier=dataset.open_tier.value, grade=dataset.grade.value,
            sensitivity=dataset.sensitivity.value,
            organization=dataset.organization.title if dataset.organization else "",
            theme=dataset.theme, modality=dataset.modality.value,
            keywords=list(dataset.keywords), rows=latest.rows if latest else None,
            updated_at=dataset.updated_at,
        )


@dataclass(frozen=True)
class VersionRow:
    number: int
    rows: int
    bytes: int
    created_at: datetime
    made_by: str
    creator: str
    current: bool

    @classmethod
    def of(cls, version: DatasetVersion, current: DatasetVersion | None) -> VersionRow:
        return cls(version.number, version.rows, version.bytes, version.created_at,
                   f"{version.made_by_kind}: {version.made_by_source}", version.creator,
                   current is not None and version.id == current.id)


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class DatasetCard:
    """Everything the dataset page shows about one dataset at one version."""

    summary: DatasetSummary
    license: str
    languages: list[str]
    update_frequency: str
    created_by: str
    versions: list[VersionRow]
    version: VersionRow | None
    fields: list[FieldRow]
    can_download: bool
    lineage: LineageDiagram | None
    resources: list[tuple[str, str, str]]  # title, url, format

    @classmethod
    def of(cls, dataset: Dataset, version: DatasetVersion | None, *, can_download: bool,
           graph: Lineage | None) -> DatasetCard:
        rows = [VersionRow.of(v, version) for v in reversed(dataset.versions)]
        return cls(
            summary=DatasetSummary.of(dataset), license=dataset.license,
            languages=list(dataset.languages), update_frequency=dataset.update_frequency,
            created_by=dataset.created_by, versions=rows,
            version=next((r for r in rows if r.current), None),
            fields=[FieldRow(f.name, f.type, f.description) for f in version.fields]
            if version else [],
            can_download=can_download,
            lineage=layout(graph, version.id) if version and graph and graph.edges else None,
            resources=[(r.title, r.url, r.format) for r in dataset.resources],
        )
