"""Bodies of conditional opening: agreements, applications, reviews, grants, inbox."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from jingshu.circulation.grants import GrantTerms
from jingshu.circulation.models import (
    AccessRequest,
    Agreement,
    AgreementKind,
    Grant,
    Notification,
    RequestStatus,
)
from jingshu.circulation.requests import Application

__all__ = [
    "AgreementIn",
    "AgreementOut",
    "AgreementsOut",
    "ApplicationIn",
    "ApproveIn",
    "GrantOut",
    "NoteIn",
    "NotificationOut",
    "RequestOut",
]


class AgreementIn(BaseModel):
    text: str = Field(min_length=1)


class AgreementOut(BaseModel):
    kind: AgreementKind
    version: int
    text: str
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, a: Agreement) -> AgreementOut:
        return cls(kind=a.kind, version=a.version, text=a.text, created_by=a.created_by,
                   created_at=a.created_at)


class AgreementsOut(BaseModel):
    """The current security commitment (安全承诺书) and use agreement (开放利用协议)."""

    dataset: str
    commitment: AgreementOut | None
    use: AgreementOut | None


class ApplicationIn(BaseModel):
    organization: str
    purpose: str
    scenario: str
    duration_days: int = Field(ge=1, le=3650)
    fields: list[str] = Field(default_factory=list)
    accept_commitment_version: int
    accept_use_version: int

    def application(self) -> Application:
        return Application(organization=self.organization, purpose=self.purpose,
                           scenario=self.scenario, duration_days=self.duration_days,
                           fields=self.fields, commitment_version=self.accept_commitment_version,
                           use_version=self.accept_use_version)


class ApproveIn(BaseModel):
    quota: int = Field(3, ge=1, le=10_000)
    days: int | None = Field(None, ge=1, le=3650)
    fields: list[str] | None = None
    annotate: bool = False

    def terms(self) -> GrantTerms:
        return GrantTerms(quota=self.quota, days=self.days, fields=self.fields,
                          annotate=self.annotate)


class NoteIn(BaseModel):
    """A rejection reason, a request for changes or a revocation reason."""

    reason: str = Field(min_length=1)


class RequestOut(BaseModel):
    id: int
    dataset: str
    applicant: str
    organization: str
    purpose: str
    scenario: str
    fields: list[str]
    duration_days: int
    commitment_version: int
    use_version: int
    status: RequestStatus
    review_note: str
    reviewer: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, r: AccessRequest) -> RequestOut:
        return cls(id=r.id, dataset=r.dataset.name, applicant=r.applicant.username,
                   organization=r.organization, purpose=r.purpose, scenario=r.scenario,
                   fields=r.fields, duration_days=r.duration_days,
                   commitment_version=r.commitment_version, use_version=r.use_version,
                   status=r.status, review_note=r.review_note, reviewer=r.reviewer,
                   created_at=r.created_at, updated_at=r.updated_at)


class GrantOut(BaseModel):
    id: str
    request_id: int
    dataset: str
    holder: str
    fields: list[str]
    expires_at: datetime
    quota: int
    used: int
    revoked: bool
    revoked_reason: str
    created_by: str
    created_at: datetime
    annotate: bool = False

    @classmethod
    def of(cls, g: Grant) -> GrantOut:
        return cls(id=g.id, request_id=g.request_id, dataset=g.dataset.name,
                   holder=g.user.username, fields=g.fields, expires_at=g.expires_at,
                   quota=g.quota, used=g.used, revoked=g.revoked,
                   revoked_reason=g.revoked_reason, created_by=g.created_by,
                   created_at=g.created_at, annotate=g.annotate)


class NotificationOut(BaseModel):
    id: int
    kind: str
    text_zh: str
    text_en: str
    link: str
    read: bool
    created_at: datetime

    @classmethod
    def of(cls, n: Notification) -> NotificationOut:
        return cls(id=n.id, kind=n.kind, text_zh=n.text_zh, text_en=n.text_en, link=n.link,
                   read=n.read, created_at=n.created_at)
