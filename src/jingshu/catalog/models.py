"""Tables of the catalog domain: datasets, versions, lineage, data dictionary, resources."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jingshu.accounts.models import Organization
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.db.base import Base, enum_type, utcnow

__all__ = ["Dataset", "DatasetVersion", "FieldDoc", "Resource", "SearchEntry", "VersionParent"]


class Dataset(Base):
    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), nullable=True
    )
    theme: Mapped[str] = mapped_column(String(100), default="")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    license: Mapped[str] = mapped_column(String(100), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    modality: Mapped[Modality] = mapped_column(enum_type(Modality), default=Modality.TEXT)
    update_frequency: Mapped[str] = mapped_column(String(50), default="")
    open_tier: Mapped[OpenTier] = mapped_column(enum_type(OpenTier))
    grade: Mapped[Grade] = mapped_column(enum_type(Grade))
    sensitivity: Mapped[Sensitivity] = mapped_column(enum_type(Sensitivity))
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization | None] = relationship(lazy="joined")
    versions: Mapped[list[DatasetVersion]] = relationship(
        back_populates="dataset", order_by="DatasetVersion.number", cascade="all, delete-orphan"
    )
    resources: Mapped[list[Resource]] = relationship(cascade="all, delete-orphan")


class DatasetVersion(Base):
    """An immutable version; its bytes live in the store at ``location``."""

    __tablename__ = "dataset_versions"
    __table_args__ = (UniqueConstraint("dataset_id", "number"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(500))
    manifest: Mapped[str] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(BigInteger)
    bytes: Mapped[int] = mapped_column(BigInteger)
    made_by_kind: Mapped[str] = mapped_column(String(20))
    made_by_source: Mapped[str] = mapped_column(String(300))
    creator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    dataset: Mapped[Dataset] = relationship(back_populates="versions")
    fields: Mapped[list[FieldDoc]] = relationship(
        order_by="FieldDoc.position", cascade="all, delete-orphan"
    )


class VersionParent(Base):
    """A lineage edge: ``version_id`` was made from ``parent_id``."""

    __tablename__ = "version_parents"

    version_id: Mapped[str] = mapped_column(
        ForeignKey("dataset_versions.id", ondelete="CASCADE"), primary_key=True
    )
    parent_id: Mapped[str] = mapped_column(ForeignKey("dataset_versions.id"), primary_key=True)


class FieldDoc(Base):
    """One row of a version's data dictionary, derived from the schema and editable."""

    __tablename__ = "field_docs"
    __table_args__ = (UniqueConstraint("version_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("dataset_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class Resource(Base):
    """A document or link attached to a dataset (standard, API doc, sample file)."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(1000))
    format: Mapped[str] = mapped_column(String(50), default="")
    description: Mapped[str] = mapped_column(Text, default="")


class SearchEntry(Base):
    """Search text of one dataset, pre-tokenized for Chinese (see ``catalog.search``)."""

    __tablename__ = "search_entries"

    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True
    )
    tokens: Mapped[str] = mapped_column(Text)
