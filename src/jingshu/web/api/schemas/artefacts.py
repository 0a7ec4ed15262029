"""Bodies of the artefact endpoints."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from jingshu.artefacts import Artefact, ArtefactKind

__all__ = ["ArtefactOut"]


class ArtefactOut(BaseModel):
    """A registered file; recipes name it by ``reference``."""

    id: int
    reference: str = Field(examples=["artefact:7"],
                           description="what a recipe parameter says to use it")
    kind: ArtefactKind
    name: str = Field(description="the uploaded file's name (for people; not a path)")
    sha256: str
    size: int
    organization: str | None = Field(description="the owning organization")
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, artefact: Artefact) -> ArtefactOut:
        org = artefact.organization.name if artefact.organization is not None else None
        return cls(id=artefact.id, reference=artefact.reference, kind=artefact.kind,
                   name=artefact.name, sha256=artefact.sha256, size=artefact.size,
                   organization=org, created_by=artefact.created_by,
                   created_at=artefact.created_at)
