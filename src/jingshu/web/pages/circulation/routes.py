"""Portal pages of conditional opening, for each role.

=========================================  ============================================
``GET|POST /datasets/{name}/apply``         consumer: the application form, both texts
``GET /requests``                           consumer: my applications
``GET /inbox``, ``POST /inbox/read``        everyone signed in: the in-portal inbox
``GET /review``, ``POST /review/{id}``      publisher: the review queue and decisions
``GET|POST /datasets/{name}/agreements``    publisher: the agreements editor
``GET /grants``                             holder: my grants; publisher: issued grants
``POST /grants/{id}/revoke``                publisher: revoke at once
``GET /grants/{id}/download``               holder: the watermarked extract
=========================================  ============================================
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset, get_version, open_version
from jingshu.circulation import (
    AgreementKind,
    Application,
    ExtractFormat,
    GrantTerms,
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
    revoke,
    set_agreement,
)
from jingshu.circulation.grants import grant_refusal
from jingshu.circulation.models import Grant
from jingshu.db.base import utcnow
from jingshu.errors import InputError
from jingshu.sandbox.models import SandboxConfig
from jingshu.web.deps import DbSession, PlatformDep, Viewer, Who
from jingshu.web.downloads import file_response
from jingshu.web.pages.i18n import language_of, t
from jingshu.web.pages.render import page_url, render
from jingshu.web.policies import authorize
from jingshu.web.policies.circulation import CirculationPolicy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def grant_refusal_of_data(dataset: Dataset) -> str | None:
    """Why no grant ever downloads ``dataset`` (core grade or L4): None where one may."""
    if dataset.grade is Grade.CORE or dataset.sensitivity is Sensitivity.L4:
        return "never"
    return None


@dataclass(frozen=True)
class GrantOffer:
    """What the grants page offers for one held grant: downloads, or the reason (a message
    key) there are none; and the sandbox link, only where the dataset has a declaration."""

    download: bool
    why_not: str
    sandbox: bool

    @classmethod
    def of(cls, grant: Grant, user_id: int | None, declared: bool) -> GrantOffer:
        usable = not grant.revoked and utcnow() < grant.expires_at
        if grant_refusal(grant, grant.dataset, user_id) is None:
            return cls(True, "", declared and usable)
        if grant_refusal_of_data(grant.dataset) is not None:
            why = "circ.nodl.never"
        elif grant.dataset.open_tier is not OpenTier.CONDITIONAL:
            why = "circ.nodl.sandbox"
        elif grant.revoked:
            why = "circ.nodl.revoked"
        elif not usable:
            why = "circ.nodl.expired"
        else:
            why = "circ.nodl.spent"
        return cls(False, why, declared and usable)


@router.get("/datasets/{name}/apply", response_class=HTMLResponse)
def apply_form(request: Request, name: str, session: DbSession, who: Viewer) -> HTMLResponse:
    dataset = get_dataset(session, name)
    authorize(who, CirculationPolicy.apply(dataset))
    texts = current_agreements(session, dataset)
    columns = [f.name for f in dataset.versions[-1].fields] if dataset.versions else []
    applicant = get_user(session, who.username)
    return render(request, "circulation/apply.html", who=who, dataset=dataset,
                  commitment=texts[AgreementKind.COMMITMENT], use=texts[AgreementKind.USE],
                  columns=columns, sandbox_only=dataset.open_tier is not OpenTier.CONDITIONAL
                  or grant_refusal_of_data(dataset) is not None,
                  organization=applicant.organization.title if applicant.organization else "")


@router.post("/datasets/{name}/apply")
def apply_submit(name: str, session: DbSession, who: Who,
                 organization: Annotated[str, Form()] = "",
                 purpose: Annotated[str, Form()] = "", scenario: Annotated[str, Form()] = "",
                 duration_days: Annotated[int, Form()] = 30,
                 fields: Annotated[list[str] | None, Form()] = None,
                 accept_commitment: Annotated[int, Form()] = 0,
                 accept_use: Annotated[int, Form()] = 0) -> RedirectResponse:
    dataset = get_dataset(session, name)
    authorize(who, CirculationPolicy.apply(dataset))
    if not accept_commitment or not accept_use:
        raise InputError("both the security commitment and the use agreement must be accepted",
                         hint="tick both boxes after reading the texts")
    apply(session, dataset, get_user(session, who.username),
          Application(organization, purpose, scenario, duration_days, accept_commitment,
                      accept_use, list(fields or [])))
    session.commit()
    return _back("/requests")


@router.get("/requests", response_class=HTMLResponse)
def my_requests(request: Request, session: DbSession, who: Viewer) -> HTMLResponse:
    authorize(who, CirculationPolicy.signed_in())
    found = list_requests(session, applicant_id=who.user_id)
    return render(request, "circulation/requests.html", who=who, requests=found)


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, session: DbSession, who: Viewer) -> HTMLResponse:
    authorize(who, CirculationPolicy.signed_in())
    return render(request, "circulation/inbox.html", who=who,
                  notes=inbox(session, who.require_user_id()))


@router.post("/inbox/read")
def inbox_read(session: DbSession, who: Who) -> RedirectResponse:
    authorize(who, CirculationPolicy.signed_in())
    mark_read(session, who.require_user_id())
    session.commit()
    return _back("/inbox")


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, session: DbSession, who: Viewer, done: str = "",
                id: int | None = None) -> HTMLResponse:
    authorize(who, CirculationPolicy.review_queue())
    found = list_requests(session, organization_id=who.organization_id,
                          everything=who.role is Role.ADMIN)
    flash = ""
    decided = next((r for r in found if r.id == id), None)
    if decided is not None and done in ("approve", "reject", "changes"):
        flash = t(f"circ.done.{done}", language_of(request), id=decided.id,
                  user=decided.applicant.username, title=decided.dataset.title)
    return render(request, "circulation/review.html", who=who, requests=found, flash=flash)


@router.post("/review/{request_id}")
def review_decide(request_id: int, session: DbSession, who: Who,
                  action: Annotated[str, Form()], note: Annotated[str, Form()] = "",
                  quota: Annotated[int, Form()] = 3,
                  days: Annotated[int | None, Form()] = None,
                  annotate: Annotated[bool, Form()] = False) -> RedirectResponse:
    application = get_request(session, request_id)
    authorize(who, CirculationPolicy.review(application.dataset))
    if action == "approve":
        approve(session, application, GrantTerms(quota=quota, days=days, annotate=annotate),
                actor=who.username)
    elif action == "reject":
        reject(session, application, note, actor=who.username)
    elif action == "changes":
        ask_changes(session, application, note, actor=who.username)
    else:
        raise InputError(f"action {action!r} is not known", hint="approve, reject or changes")
    session.commit()
    return _back(page_url("/review", done=action, id=request_id))


@router.get("/datasets/{name}/agreements", response_class=HTMLResponse)
def agreements_page(request: Request, name: str, session: DbSession, who: Viewer) -> HTMLResponse:
    dataset = get_dataset(session, name)
    authorize(who, CirculationPolicy.write_agreements(dataset))
    texts = current_agreements(session, dataset)
    return render(request, "circulation/agreements.html", who=who, dataset=dataset,
                  texts=[(k, texts[k]) for k in AgreementKind])


@router.post("/datasets/{name}/agreements")
def agreements_save(name: str, session: DbSession, who: Who, kind: Annotated[str, Form()],
                    text: Annotated[str, Form()] = "") -> RedirectResponse:
    dataset = get_dataset(session, name)
    authorize(who, CirculationPolicy.write_agreements(dataset))
    try:
        chosen = AgreementKind(kind)
    except ValueError:
        raise InputError(f"agreement kind {kind!r} is not known",
                         hint="commitment or use") from None
    set_agreement(session, dataset, chosen, text, actor=who.username)
    session.commit()
    return _back(f"/datasets/{name}/agreements")


@router.get("/grants", response_class=HTMLResponse)
def grants_page(request: Request, session: DbSession, who: Viewer) -> HTMLResponse:
    authorize(who, CirculationPolicy.signed_in())
    held = list_grants(session, user_id=who.user_id)
    issued = list_grants(session, organization_id=who.organization_id,
                         everything=who.role is Role.ADMIN) \
        if who.role in (Role.ADMIN, Role.PUBLISHER) else []
    declared = set(session.scalars(select(SandboxConfig.dataset_id).where(
        SandboxConfig.dataset_id.in_([g.dataset_id for g in held]))))
    offers = {g.id: GrantOffer.of(g, who.user_id, g.dataset_id in declared) for g in held}
    return render(request, "circulation/grants.html", who=who, held=held, issued=issued,
                  formats=[f.value for f in ExtractFormat], offers=offers)


@router.post("/grants/{grant_id}/revoke")
def grants_revoke(grant_id: str, session: DbSession, who: Who,
                  reason: Annotated[str, Form()] = "") -> RedirectResponse:
    grant = get_grant(session, grant_id)
    authorize(who, CirculationPolicy.revoke(grant))
    revoke(session, grant, reason, actor=who.username)
    session.commit()
    return _back("/grants")


@router.get("/grants/{grant_id}/download")
def grants_download(grant_id: str, session: DbSession, who: Viewer,
                    platform: PlatformDep,
                    format: ExtractFormat = ExtractFormat.JSONL) -> FileResponse:
    grant = get_grant(session, grant_id)
    authorize(who, CirculationPolicy.download(grant))
    chosen = get_version(session, grant.dataset.name)

    def write(path: Path) -> None:
        download_extract(session, grant, chosen, open_version(platform.store, chosen), path,
                         format, user_id=who.user_id, actor=who.username)
        session.commit()

    return file_response(f"{grant.dataset.name}-v{chosen.number}-{grant.id}.{format.value}",
                         write, prefix="jingshu-extract-")
