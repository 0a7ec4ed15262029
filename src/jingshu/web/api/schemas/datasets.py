"""Bodies of /datasets: metadata, versions, preview, data dictionary, lineage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from jingshu.catalog.models import Dataset, DatasetVersion, FieldDoc, Resource
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.service import DatasetSpec, Lineage
from jingshu.store import Manifest

__all__ = [
    "DatasetIn",
    "DatasetOut",
    "DatasetPatch",
    "DescriptionIn",
    "FieldOut",
    "LineageOut",
    "PreviewOut",
    "RowsOut",
    "VersionDetailOut",
    "VersionOut",
]


class DatasetIn(BaseModel):
    """A new dataset's metadata (the fields of ``DatasetSpec``)."""

    name: str
    title: str
    description: str = ""
    organization: str | None = None
    theme: str = ""
    keywords: list[str] = Field(default_factory=list)
    license: str = ""
    languages: list[str] = Field(default_factory=lambda: ["zh"])
    modality: Modality = Modality.TEXT
    update_frequency: str = ""
    open_tier: OpenTier = OpenTier.UNCONDITIONAL
    grade: Grade = Grade.GENERAL
    sensitivity: Sensitivity = Sensitivity.L1

    def to_spec(self, *, default_organization: str | None) -> DatasetSpec:
        values = self.model_dump()
        values["keywords"] = tuple(self.keywords)
        values["languages"] = tuple(self.languages)
        values["organization"] = self.organization or default_organization
        return DatasetSpec(**values)


class DatasetPatch(BaseModel):
    """Metadata to change; fields left out stay as they are."""

    title: str | None = None
    description: str | None = None
    organization: str | None = None
    theme: str | None = None
    keywords: list[str] | None = None
    license: str | None = None
    languages: list[str] | None = None
    modality: Modality | None = None
    update_frequency: str | None = None
    open_tier: OpenTier | None = None
    grade: Grade | None = None
    sensitivity: Sensitivity | None = None
    reason: str | None = Field(default=None, max_length=2000,
                               description="Why; required when the change lowers protection "
                               "(it then waits for a second person's approval).")

    def changes(self) -> dict[str, object]:
        """The fields sent, lists as tuples (as ``DatasetSpec`` holds them); not ``reason``."""
        sent = self.model_dump(exclude_unset=True, exclude={"reason"})
        return {k: tuple(v) if isinstance(v, list) else v for k, v in sent.items()}


class ResourceIn(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    url: str = Field(min_length=1, max_length=1000)
    format: str = Field(default="", max_length=50)
    description: str = ""


class ResourceOut(BaseModel):
    id: int
    title: str
    url: str
    format: str
    description: str

    @classmethod
    def of(cls, r: Resource) -> ResourceOut:
        return cls(id=r.id, title=r.title, url=r.url, format=r.format, description=r.description)


class DatasetOut(BaseModel):
    name: str
    title: str
    description: str
    organization: str | None
    theme: str
    keywords: list[str]
    license: str
    languages: list[str]
    modality: Modality
    update_frequency: str
    open_tier: OpenTier
    grade: Grade
    sensitivity: Sensitivity
    created_by: str
    created_at: datetime
    updated_at: datetime
    versions: int
    latest_version: int | None
    resources: list[ResourceOut]

    @classmethod
    def of(cls, dataset: Dataset) -> DatasetOut:
        spec = DatasetSpec.of(dataset)
        return cls(
            name=spec.name, title=spec.title, description=spec.description,
            organization=spec.organization, theme=spec.theme, keywords=list(spec.keywords),
            license=spec.license, languages=list(spec.languages), modality=spec.modality,
            update_frequency=spec.update_frequency, open_tier=spec.open_tier,
            grade=spec.grade, sensitivity=spec.sensitivity, created_by=dataset.created_by,
            created_at=dataset.created_at, updated_at=dataset.updated_at,
            versions=len(dataset.versions),
            latest_version=dataset.versions[-1].number if dataset.versions else None,
            resources=[ResourceOut.of(r) for r in dataset.resources],
        )


class VersionOut(BaseModel):
    dataset: str
    number: int
    version_id: str
    rows: int
    bytes: int
    made_by: str
    creator: str
    created_at: datetime

    @classmethod
    def of(cls, version: DatasetVersion) -> VersionOut:
        return cls(dataset=version.dataset.name, number=version.number, version_id=version.id,
                   rows=version.rows, bytes=version.bytes,
                   made_by=f"{version.made_by_kind}:{version.made_by_source}",
                   creator=version.creator, created_at=version.created_at)


class FieldOut(BaseModel):
    """One entry of the data dictionary."""

    name: str
    type: str
    description: str

    @classmethod
    def of(cls, doc: FieldDoc) -> FieldOut:
        return cls(name=doc.name, type=doc.type, description=doc.description)


class ShardOut(BaseModel):
    path: str
    rows: int
    bytes: int
    sha256: str


class VersionRefOut(BaseModel):
    dataset: str
    number: int
    version_id: str


class VersionDetailOut(VersionOut):
    """A version's manifest: fields with their dictionary descriptions, shards, parents."""

    fields: list[FieldOut]
    shards: list[ShardOut]
    parents: list[VersionRefOut]

    @classmethod
    def detail(cls, version: DatasetVersion, parents: list[DatasetVersion]) -> VersionDetailOut:
        manifest = Manifest.from_json(version.manifest)
        return cls(
            **VersionOut.of(version).model_dump(),
            fields=[FieldOut.of(f) for f in version.fields],
            shards=[ShardOut(path=s.path, rows=s.rows, bytes=s.bytes, sha256=s.sha256)
                    for s in manifest.shards],
            parents=[VersionRefOut(dataset=p.dataset.name, number=p.number, version_id=p.id)
                     for p in parents],
        )


class PreviewOut(BaseModel):
    dataset: str
    number: int
    columns: list[str]
    rows: list[dict[str, Any]]


class RowsOut(BaseModel):
    """A page of a version's rows: ``total`` counts all rows, or those matching ``q``."""

    dataset: str
    number: int
    columns: list[str]
    offset: int
    limit: int
    total: int
    q: str
    row_numbers: list[int]  # each row's 0-based position in the version
    rows: list[dict[str, Any]]


class DescriptionIn(BaseModel):
    description: str = Field(max_length=10_000)


class LineageNodeOut(BaseModel):
    version_id: str
    dataset: str
    number: int
    made_by: str


class LineageEdgeOut(BaseModel):
    parent: str
    child: str
    made_by: str  # what made the child from its parents: "recipe:…", "annotation:…", a job


class LineageOut(BaseModel):
    """Ancestors and descendants of a version; edges go from parent to child version id."""

    nodes: list[LineageNodeOut]
    edges: list[LineageEdgeOut]

    @classmethod
    def of(cls, graph: Lineage) -> LineageOut:
        made_by = {n.version_id: n.made_by for n in graph.nodes}
        return cls(
            nodes=[LineageNodeOut(version_id=n.version_id, dataset=n.dataset, number=n.number,
                                  made_by=n.made_by) for n in graph.nodes],
            edges=[LineageEdgeOut(parent=p, child=c, made_by=made_by.get(c, ""))
                   for p, c in graph.edges],
        )
