"""Conditional opening (有条件开放): agreements, applications and their review.

A publisher writes a dataset's security commitment (安全承诺书) and use agreement
(开放利用协议); each save is a new version. A consumer applies (purpose, scenario,
fields, duration, organization) accepting the current version of both; the publisher
approves (creating a :class:`~jingshu.circulation.models.Grant`), rejects with a
reason, or asks for changes, after which the applicant revises and resubmits.
Every step is in the audit log and in the other party's inbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Role, User
from jingshu.audit import record
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import OpenTier
from jingshu.circulation.grants import GrantTerms, create_grant
from jingshu.circulation.inbox import notify
from jingshu.circulation.models import (
    AccessRequest,
    Agreement,
    AgreementKind,
    Grant,
    RequestStatus,
)
from jingshu.db.lookup import get_existing
from jingshu.errors import ConflictError, InputError, RuleViolation

__all__ = [
    "Application",
    "apply",
    "approve",
    "ask_changes",
    "current_agreements",
    "get_request",
    "list_requests",
    "reject",
    "revise",
    "set_agreement",
]

MAX_DAYS = 3650


@dataclass(frozen=True)
class Application:
    """What an applicant states and accepts.

    Args:
        organization: the applying organization (free text: not every applicant's
            organization is registered on the platform).
        purpose: what the data is for (使用目的).
        scenario: where and how it is used (使用场景).
        fields: the columns needed; empty means all.
        duration_days: how long the data is needed.
        commitment_version: the version of the security commitment accepted.
        use_version: the version of the use agreement accepted.
    """

    organization: str
    purpose: str
    scenario: str
    duration_days: int
    commitment_version: int
    use_version: int
    fields: list[str] = field(default_factory=list)


def set_agreement(session: Session, dataset: Dataset, kind: AgreementKind, text: str, *,
                  actor: str) -> Agreement:
    """Publish a new version of one of the dataset's two agreement texts."""
    if not text.strip():
        raise InputError(f"the {kind.zh} ({kind.value}) text is empty",
                         hint="write the terms the applicant must accept")
    last = session.scalar(select(func.max(Agreement.version)).where(
        Agreement.dataset_id == dataset.id, Agreement.kind == kind))
    agreement = Agreement(dataset_id=dataset.id, kind=kind, version=(last or 0) + 1,
                          text=text.strip(), created_by=actor)
    session.add(agreement)
    session.flush()
    record(session, actor, "agreement.publish", f"dataset:{dataset.name}",
           {"kind": kind.value, "version": agreement.version})
    return agreement


def current_agreements(session: Session, dataset: Dataset) -> dict[AgreementKind,
                                                                  Agreement | None]:
    """The newest version of each agreement text (None where none is written yet)."""
    found: dict[AgreementKind, Agreement | None] = {}
    for kind in AgreementKind:
        found[kind] = session.scalar(
            select(Agreement).where(Agreement.dataset_id == dataset.id, Agreement.kind == kind)
            .order_by(Agreement.version.desc()).limit(1))
    return found


def _columns(dataset: Dataset) -> list[str]:
    return [f.name for f in dataset.versions[-1].fields] if dataset.versions else []


def _check_application(session: Session, dataset: Dataset, app: Application) -> None:
    if dataset.open_tier is OpenTier.UNCONDITIONAL:
        raise RuleViolation(f"dataset {dataset.name!r} is open to everyone",
                            hint="download it directly; no application is needed")
    for name, value in (("organization", app.organization), ("purpose", app.purpose),
                        ("scenario", app.scenario)):
        if not value.strip():
            raise InputError(f"the application's {name} is empty", hint=f"state the {name}")
    if not 1 <= app.duration_days <= MAX_DAYS:
        raise InputError(f"duration_days={app.duration_days} is out of range",
                         hint=f"ask for 1 to {MAX_DAYS} days")
    columns = _columns(dataset)
    unknown = [f for f in app.fields if f not in columns]
    if unknown:
        raise InputError(f"dataset {dataset.name!r} has no field {', '.join(unknown)}",
                         hint=f"choose from: {', '.join(columns)}")
    texts = current_agreements(session, dataset)
    for kind, accepted in ((AgreementKind.COMMITMENT, app.commitment_version),
                           (AgreementKind.USE, app.use_version)):
        current = texts[kind]
        if current is None:
            raise RuleViolation(f"dataset {dataset.name!r} has no {kind.zh} ({kind.value}) yet",
                                hint="the publisher must write it before anyone can apply")
        if accepted != current.version:
            raise ConflictError(f"the {kind.zh} ({kind.value}) is now version "
                                f"{current.version}, you accepted version {accepted}",
                                hint="read the current text and accept it again")


def _reviewers(session: Session, dataset: Dataset) -> list[User]:
    query = select(User).where(User.active.is_(True), (User.role == Role.ADMIN) | (
        (User.role == Role.PUBLISHER) & (User.organization_id == dataset.organization_id)))
    return list(session.scalars(query))


def apply(session: Session, dataset: Dataset, applicant: User, app: Application) -> \
        AccessRequest:
    """Submit an application for ``dataset`` on behalf of ``applicant``."""
    _check_application(session, dataset, app)
    open_one = session.scalar(select(AccessRequest.id).where(
        AccessRequest.dataset_id == dataset.id, AccessRequest.applicant_id == applicant.id,
        AccessRequest.status.in_((RequestStatus.PENDING, RequestStatus.CHANGES))))
    if open_one is not None:
        raise ConflictError(f"you already have an open application ({open_one}) for "
                            f"dataset {dataset.name!r}",
                            hint="revise that one, or wait for its review")
    request = AccessRequest(dataset_id=dataset.id, applicant_id=applicant.id,
                            organization=app.organization.strip(), purpose=app.purpose.strip(),
                            scenario=app.scenario.strip(), fields=list(app.fields),
                            duration_days=app.duration_days,
                            commitment_version=app.commitment_version,
                            use_version=app.use_version, status=RequestStatus.PENDING)
    session.add(request)
    session.flush()
    record(session, applicant.username, "request.submit", f"dataset:{dataset.name}",
           {"request": request.id, "fields": request.fields, "days": app.duration_days,
            "commitment": app.commitment_version, "use": app.use_version})
    for reviewer in _reviewers(session, dataset):
        notify(session, reviewer.id, "request.submitted",
               f"{applicant.username} 申请使用数据集 {dataset.name}（申请 {request.id}）",
               f"{applicant.username} applied to use dataset {dataset.name} "
               f"(application {request.id})", f"/review/{request.id}")
    return request


def revise(session: Session, request: AccessRequest, app: Application) -> AccessRequest:
    """Resubmit an application the reviewer asked to change."""
    if request.status is not RequestStatus.CHANGES:
        raise ConflictError(f"application {request.id} is {request.status.value}",
                            hint="only an application sent back for changes can be revised")
    _check_application(session, request.dataset, app)
    request.organization, request.purpose = app.organization.strip(), app.purpose.strip()
    request.scenario, request.fields = app.scenario.strip(), list(app.fields)
    request.duration_days = app.duration_days
    request.commitment_version, request.use_version = app.commitment_version, app.use_version
    request.status = RequestStatus.PENDING
    record(session, request.applicant.username, "request.revise",
           f"dataset:{request.dataset.name}", {"request": request.id})
    for reviewer in _reviewers(session, request.dataset):
        notify(session, reviewer.id, "request.revised",
               f"申请 {request.id}（{request.dataset.name}）已修改并重新提交",
               f"application {request.id} ({request.dataset.name}) was revised and resubmitted",
               f"/review/{request.id}")
    return request


def get_request(session: Session, request_id: int) -> AccessRequest:
    return get_existing(session, AccessRequest, request_id, f"application {request_id}",
                        hint="list applications with GET /api/v1/requests")


def list_requests(session: Session, *, applicant_id: int | None = None,
                  organization_id: int | None = None, everything: bool = False,
                  status: RequestStatus | None = None) -> list[AccessRequest]:
    """Applications by one applicant, or to one organization's datasets (or all)."""
    query = select(AccessRequest).join(Dataset, Dataset.id == AccessRequest.dataset_id)
    if applicant_id is not None:
        query = query.where(AccessRequest.applicant_id == applicant_id)
    elif not everything:
        query = query.where(Dataset.organization_id == organization_id)
    if status is not None:
        query = query.where(AccessRequest.status == status)
    return list(session.scalars(query.order_by(AccessRequest.id.desc())))


def _pending(request: AccessRequest) -> None:
    if request.status is not RequestStatus.PENDING:
        raise ConflictError(f"application {request.id} is {request.status.value}, not pending",
                            hint="only pending applications are reviewed")


def approve(session: Session, request: AccessRequest, terms: GrantTerms, *,
            actor: str) -> Grant:
    """Approve a pending application: create its grant and tell the applicant."""
    _pending(request)
    fields = terms.fields if terms.fields is not None else request.fields
    extra = [f for f in fields if request.fields and f not in request.fields]
    if extra:
        raise InputError(f"field {', '.join(extra)} was not asked for in application "
                         f"{request.id}", hint=f"grant a subset of: {', '.join(request.fields)}")
    days = terms.days if terms.days is not None else request.duration_days
    grant = create_grant(session, request, GrantTerms(days=days, quota=terms.quota,
                                                      fields=fields, annotate=terms.annotate),
                         actor=actor)
    request.status, request.reviewer, request.review_note = RequestStatus.APPROVED, actor, ""
    record(session, actor, "request.approve", f"dataset:{request.dataset.name}",
           {"request": request.id, "grant": grant.id})
    notify(session, request.applicant_id, "request.approved",
           f"你对数据集 {request.dataset.name} 的申请 {request.id} 已批准：授权 {grant.id}，"
           f"有效期至 {grant.expires_at:%Y-%m-%d}，可下载 {grant.quota} 次",
           f"your application {request.id} for dataset {request.dataset.name} was approved: "
           f"grant {grant.id}, valid until {grant.expires_at:%Y-%m-%d}, "
           f"{grant.quota} downloads", "/grants")
    return grant


def _close(session: Session, request: AccessRequest, status: RequestStatus, note: str,
           actor: str) -> AccessRequest:
    if not note.strip():
        what = "reason" if status is RequestStatus.REJECTED else "note"
        raise InputError(f"a {what} is required", hint="tell the applicant why")
    _pending(request)
    request.status, request.reviewer, request.review_note = status, actor, note.strip()
    action = "request.reject" if status is RequestStatus.REJECTED else "request.changes"
    record(session, actor, action, f"dataset:{request.dataset.name}",
           {"request": request.id, "note": request.review_note})
    zh = "已驳回" if status is RequestStatus.REJECTED else "需要修改"
    en = "was rejected" if status is RequestStatus.REJECTED else "needs changes"
    notify(session, request.applicant_id, action,
           f"你对数据集 {request.dataset.name} 的申请 {request.id}{zh}：{request.review_note}",
           f"your application {request.id} for dataset {request.dataset.name} {en}: "
           f"{request.review_note}", f"/requests/{request.id}")
    return request


def reject(session: Session, request: AccessRequest, reason: str, *,
           actor: str) -> AccessRequest:
    """Reject a pending application with a reason."""
    return _close(session, request, RequestStatus.REJECTED, reason, actor)


def ask_changes(session: Session, request: AccessRequest, note: str, *,
                actor: str) -> AccessRequest:
    """Send a pending application back to the applicant with what to change."""
    return _close(session, request, RequestStatus.CHANGES, note, actor)
