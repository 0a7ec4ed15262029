"""/artefacts: upload files operators read (models, word lists), list them, fetch them.

Recipes sent to the server reference these as ``artefact:<id>`` (or
``artefact:<sha256>``); they never name a path on the server. Every handler reads:
load-or-404 → ``authorize(who, ArtefactPolicy.action(...))`` → use case →
``session.commit()`` → response schema.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, UploadFile
from fastapi.responses import FileResponse
from sqlalchemy import select

from jingshu.accounts.models import Organization
from jingshu.artefacts import (
    ArtefactKind,
    add_artefact,
    artefact_file,
    find,
    list_artefacts,
    parse_kind,
)
from jingshu.errors import NotFoundError
from jingshu.web.api.schemas.artefacts import ArtefactOut
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.artefacts import ArtefactPolicy, viewer_of

__all__ = ["router"]

router = APIRouter(prefix="/artefacts", tags=["artefacts"])


@router.post("", status_code=201)
def upload(file: UploadFile, kind: Annotated[str, Form()], who: Who, session: DbSession,
           platform: PlatformDep,
           organization: Annotated[str | None, Form()] = None) -> ArtefactOut:
    """Add a file of ``kind`` (quality_model, pii_model, wordlist), owned by the caller's
    organization (administrators may name another). The file is checked to be of its
    kind; the same bytes again return the artefact already registered."""
    org_id = who.organization_id
    if organization:
        org_id = session.scalar(select(Organization.id).where(Organization.name == organization))
        if org_id is None:
            raise NotFoundError(f"organization {organization!r} does not exist")
    authorize(who, ArtefactPolicy.add(org_id))
    artefact = add_artefact(session, platform.settings.home, file.file,
                            filename=file.filename or "artefact", kind=parse_kind(kind),
                            organization_id=org_id, actor=who.username)
    session.commit()
    return ArtefactOut.of(artefact)


@router.get("")
def list_all(who: Who, session: DbSession, kind: ArtefactKind | None = None) -> list[ArtefactOut]:
    """The artefacts the caller may use, newest first."""
    authorize(who, ArtefactPolicy.list())
    return [ArtefactOut.of(a) for a in list_artefacts(session, viewer_of(who), kind=kind)]


@router.get("/{ref}")
def read(ref: str, who: Who, session: DbSession) -> ArtefactOut:
    """One artefact by id or sha256 (404 unless the caller may use it)."""
    authorize(who, ArtefactPolicy.list())
    return ArtefactOut.of(find(session, ref, viewer_of(who)))


@router.get("/{ref}/file", response_class=FileResponse)
def download(ref: str, who: Who, session: DbSession, platform: PlatformDep) -> FileResponse:
    """The artefact's bytes (404 unless the caller may use it)."""
    authorize(who, ArtefactPolicy.list())
    artefact = find(session, ref, viewer_of(who))
    return FileResponse(artefact_file(platform.settings.home, artefact),
                        filename=artefact.name, media_type="application/octet-stream")
