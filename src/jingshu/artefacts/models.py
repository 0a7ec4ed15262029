"""The artefact registry's table: files uploaded once, stored by sha256, owned by an org.

An artefact is a file an operator reads (a quality model, a PII model, a word list).
Its bytes live content-addressed under the jingshu home
(``artefacts/<sha256[:2]>/<sha256>``); a row records what it is, who owns it and who
added it. Rows are never changed: a new file is a new artefact.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jingshu.accounts.models import Organization
from jingshu.db.base import Base, enum_type, utcnow

__all__ = ["Artefact", "ArtefactKind"]


class ArtefactKind(enum.StrEnum):
    """What an artefact is for; each kind is checked when it is added."""

    QUALITY_MODEL = "quality_model"  # jingshu corpus train-quality (.npz)
    PII_MODEL = "pii_model"  # jingshu privacy train-ner (CRFsuite model)
    WORDLIST = "wordlist"  # UTF-8 text, one entry a line


class Artefact(Base):
    """One registered file: kind, sha256, size, owning organization, who added it."""

    __tablename__ = "artefacts"
    __table_args__ = (UniqueConstraint("organization_id", "sha256", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[ArtefactKind] = mapped_column(enum_type(ArtefactKind))
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organization: Mapped[Organization | None] = relationship(lazy="joined")

    @property
    def reference(self) -> str:
        """How a recipe names it: ``artefact:<id>``."""
        return f"artefact:{self.id}"
