"""Conditional opening: agreements, applications and their review, grants, inbox, trace.

Every handler reads: load-or-404 → ``authorize(who, Policy.action(obj))`` → use case
→ ``session.commit()`` → response schema. Downloads under a grant are watermarked for
the holder (:mod:`jingshu.circulation.extracts`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user
from jingshu.catalog.service import get_dataset, get_version, open_version
from jingshu.circulation import (
    AgreementKind,
    ExtractFormat,
    RequestStatus,
    apply,
    approve,
    ask_changes,
    current_agreements,
    download_extract,
    get_grant,
    get_request,
    inbox,
    list_grants,
    list_requests,
    mark_read,
    reject,
    revise,
    revoke,
    set_agreement,
    trace_file,
)
from jingshu.store.media_probe import IMAGE_SUFFIXES
from jingshu.web.api.schemas.circulation import (
    AgreementIn,
    AgreementOut,
    AgreementsOut,
    ApplicationIn,
    ApproveIn,
    GrantOut,
    NoteIn,
    NotificationOut,
    RequestOut,
)
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.downloads import file_response
from jingshu.web.policies import authorize
from jingshu.web.policies.circulation import CirculationPolicy

__all__ = ["TraceFindingOut", "TraceOut", "router"]

router = APIRouter(tags=["circulation"])


@router.get("/datasets/{name}/agreements")
def read_agreements(name: str, who: Who, session: DbSession) -> AgreementsOut:
    dataset = get_dataset(session, name)
    authorize(who, CirculationPolicy.read_agreements(dataset))
    texts = current_agreements(session, dataset)
    out = {k.value: AgreementOut.of(a) if a else None for k, a in texts.items()}
    return AgreementsOut(dataset=name, commitment=out["commitment"], use=out["use"])


@router.put("/datasets/{name}/agreements/{kind}", status_code=201)
def write_agreement(name: str, kind: AgreementKind, body: AgreementIn, who: Who,
                    session: DbSession) -> AgreementOut:
    """Publish a new version of the security commitment or the use agreement."""
    dataset = get_dataset(session, name)
    authorize(who, CirculationPolicy.write_agreements(dataset))
    agreement = set_agreement(session, dataset, kind, body.text, actor=who.username)
    session.commit()
    return AgreementOut.of(agreement)


@router.post("/datasets/{name}/requests", status_code=201)
def submit(name: str, body: ApplicationIn, who: Who, session: DbSession) -> RequestOut:
    """Apply to use a conditional dataset, accepting both agreements' current versions."""
    dataset = get_dataset(session, name)
    authorize(who, CirculationPolicy.apply(dataset))
    request = apply(session, dataset, get_user(session, who.username), body.application())
    session.commit()
    return RequestOut.of(request)


@router.get("/requests")
def my_requests(who: Who, session: DbSession) -> list[RequestOut]:
    """The caller's own applications, newest first."""
    authorize(who, CirculationPolicy.signed_in())
    return [RequestOut.of(r) for r in list_requests(session, applicant_id=who.user_id)]


@router.get("/requests/review")
def review_queue(who: Who, session: DbSession,
                 status: RequestStatus | None = None) -> list[RequestOut]:
    """Applications to the caller's organization's datasets (administrators: all)."""
    authorize(who, CirculationPolicy.review_queue())
    everything = who.role is Role.ADMIN
    return [RequestOut.of(r) for r in list_requests(
        session, organization_id=who.organization_id, everything=everything, status=status)]


@router.get("/requests/{request_id}")
def read_request(request_id: int, who: Who, session: DbSession) -> RequestOut:
    request = get_request(session, request_id)
    authorize(who, CirculationPolicy.view_request(request))
    return RequestOut.of(request)


@router.put("/requests/{request_id}")
def revise_request(request_id: int, body: ApplicationIn, who: Who,
                   session: DbSession) -> RequestOut:
    """Resubmit an application that was sent back for changes."""
    request = get_request(session, request_id)
    authorize(who, CirculationPolicy.revise(request))
    revise(session, request, body.application())
    session.commit()
    return RequestOut.of(request)


@router.post("/requests/{request_id}/approve", status_code=201)
def approve_request(request_id: int, body: ApproveIn, who: Who,
                    session: DbSession) -> GrantOut:
    """Approve: creates the grant (fields, expiry, download quota)."""
    request = get_request(session, request_id)
    authorize(who, CirculationPolicy.review(request.dataset))
    grant = approve(session, request, body.terms(), actor=who.username)
    session.commit()
    return GrantOut.of(grant)


@router.post("/requests/{request_id}/reject")
def reject_request(request_id: int, body: NoteIn, who: Who, session: DbSession) -> RequestOut:
    request = get_request(session, request_id)
    authorize(who, CirculationPolicy.review(request.dataset))
    reject(session, request, body.reason, actor=who.username)
    session.commit()
    return RequestOut.of(request)


@router.post("/requests/{request_id}/changes")
def request_changes(request_id: int, body: NoteIn, who: Who,
                    session: DbSession) -> RequestOut:
    """Send the application back to the applicant with what to change."""
    request = get_request(session, request_id)
    authorize(who, CirculationPolicy.review(request.dataset))
    ask_changes(session, request, body.reason, actor=who.username)
    session.commit()
    return RequestOut.of(request)


@router.get("/grants")
def my_grants(who: Who, session: DbSession) -> list[GrantOut]:
    """Grants the caller holds."""
    authorize(who, CirculationPolicy.signed_in())
    return [GrantOut.of(g) for g in list_grants(session, user_id=who.user_id)]


@router.get("/grants/issued")
def issued_grants(who: Who, session: DbSession) -> list[GrantOut]:
    """Grants on the caller's organization's datasets (administrators: all)."""
    authorize(who, CirculationPolicy.review_queue())
    everything = who.role is Role.ADMIN
    return [GrantOut.of(g) for g in list_grants(
        session, organization_id=who.organization_id, everything=everything)]


@router.get("/grants/{grant_id}")
def read_grant(grant_id: str, who: Who, session: DbSession) -> GrantOut:
    grant = get_grant(session, grant_id)
    authorize(who, CirculationPolicy.view_grant(grant))
    return GrantOut.of(grant)


@router.post("/grants/{grant_id}/revoke")
def revoke_grant(grant_id: str, body: NoteIn, who: Who, session: DbSession) -> GrantOut:
    """Revoke at once: the next download is refused."""
    grant = get_grant(session, grant_id)
    authorize(who, CirculationPolicy.revoke(grant))
    revoke(session, grant, body.reason, actor=who.username)
    session.commit()
    return GrantOut.of(grant)


@router.get("/grants/{grant_id}/download", response_class=FileResponse)
def download(grant_id: str, who: Who, session: DbSession, platform: PlatformDep,
             format: ExtractFormat = ExtractFormat.JSONL,
             version: int | None = None) -> FileResponse:
    """The granted fields of a version, watermarked for the holder; counts one download."""
    grant = get_grant(session, grant_id)
    authorize(who, CirculationPolicy.download(grant))
    chosen = get_version(session, grant.dataset.name, version)

    def write(path: Path) -> None:
        download_extract(session, grant, chosen, open_version(platform.store, chosen), path,
                         format, user_id=who.user_id, actor=who.username)
        session.commit()

    return file_response(f"{grant.dataset.name}-v{chosen.number}-{grant.id}.{format.value}",
                         write, prefix="jingshu-extract-")


@router.get("/inbox")
def read_inbox(who: Who, session: DbSession, unread: bool = False) -> list[NotificationOut]:
    authorize(who, CirculationPolicy.signed_in())
    user_id = who.require_user_id()
    return [NotificationOut.of(n) for n in inbox(session, user_id, unread_only=unread)]


@router.post("/inbox/{note_id}/read", status_code=204)
def read_note(note_id: int, who: Who, session: DbSession) -> None:
    authorize(who, CirculationPolicy.signed_in())
    mark_read(session, who.require_user_id(), note_id)
    session.commit()


class TraceFindingOut(BaseModel):
    grant_id: str
    holder: str
    dataset: str
    evidence: str
    records: int
    inversions: int
    canaries_found: int
    canaries: int
    matched: int
    slots: int
    images: int
    image_z: float
    p_value: float
    confidence: float


class TraceOut(BaseModel):
    verdict: str
    message: str
    slots: int
    records: int
    images: int
    candidates: int
    alpha: float
    findings: list[TraceFindingOut]


_LEAK_SUFFIXES = (".jsonl.gz", ".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet",
                  ".txt", ".md", *IMAGE_SUFFIXES)


@router.post("/watermark/trace")
def trace_leak(file: UploadFile, who: Who, session: DbSession,
               platform: PlatformDep) -> TraceOut:
    """Name the recipient of a leaked file among the grants on the caller's
    organization's datasets (administrators: all), or say it is unmarked, foreign or
    too small."""
    authorize(who, CirculationPolicy.trace())
    name = (file.filename or "leak.txt").lower()
    suffix = next((s for s in _LEAK_SUFFIXES if name.endswith(s)), ".txt")
    with tempfile.TemporaryDirectory(prefix="jingshu-trace-") as folder:
        path = Path(folder) / f"leak{suffix}"
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out)
        result = trace_file(session, platform.store, path,
                            organization_id=who.organization_id,
                            everything=who.role is Role.ADMIN)
    return TraceOut(verdict=result.verdict.value, message=result.message, slots=result.slots,
                    records=result.records, images=result.images,
                    candidates=result.candidates, alpha=result.alpha,
                    findings=[TraceFindingOut(
                        grant_id=f.grant_id, holder=f.holder, dataset=f.dataset,
                        evidence=f.evidence, records=f.records, inversions=f.inversions,
                        canaries_found=f.canaries_found, canaries=f.canaries,
                        matched=f.matched, slots=f.slots, images=f.images,
                        image_z=f.image_z, p_value=f.p_value,
                        confidence=f.confidence) for f in result.findings])
