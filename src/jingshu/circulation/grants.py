"""Grants: the right an approved application gives, checked again on every use.

A grant names its holder, its dataset, the fields it opens, an expiry and a download
quota. :func:`grant_refusal` says why a grant cannot be used *now* (revoked, expired,
quota spent, wrong holder, or data that never leaves the server whatever a grant
says: core-grade or L4 data, and data that is not open at all). Expiry and revocation
need no background job: every use asks.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.audit import record
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.circulation.inbox import notify
from jingshu.circulation.models import AccessRequest, Extract, Grant
from jingshu.db.base import utcnow
from jingshu.db.lookup import get_existing
from jingshu.errors import ConflictError, InputError, RuleViolation

__all__ = [
    "GrantTerms",
    "create_grant",
    "get_grant",
    "grant_refusal",
    "list_grants",
    "record_extract",
    "revoke",
    "spend_download",
]

MAX_QUOTA = 10_000


@dataclass(frozen=True)
class GrantTerms:
    """What a reviewer grants.

    Args:
        quota: how many downloads the grant allows.
        days: validity in days from now (None: the duration applied for).
        fields: the columns opened (None: those applied for; empty: all).
        annotate: also let the holder's organization annotate the dataset (projects over
            it, its rows shown to that organization's annotators; never core/L4 data).
    """

    quota: int = 3
    days: int | None = None
    fields: list[str] | None = None
    annotate: bool = False


def create_grant(session: Session, request: AccessRequest, terms: GrantTerms, *,
                 actor: str) -> Grant:
    """A new grant for ``request``'s applicant (use :func:`requests.approve`)."""
    if not 1 <= terms.quota <= MAX_QUOTA:
        raise InputError(f"quota={terms.quota} is out of range",
                         hint=f"allow 1 to {MAX_QUOTA} downloads")
    days = terms.days if terms.days is not None else request.duration_days
    if days < 1:
        raise InputError(f"days={days} is out of range", hint="grant at least one day")
    grant = Grant(id=secrets.token_hex(8), request_id=request.id,
                  dataset_id=request.dataset_id, user_id=request.applicant_id,
                  fields=list(terms.fields or []), expires_at=utcnow() + timedelta(days=days),
                  quota=terms.quota, used=0, secret=secrets.token_hex(32), revoked=False,
                  annotate=terms.annotate, created_by=actor)
    session.add(grant)
    session.flush()
    record(session, actor, "grant.create", f"grant:{grant.id}",
           {"grant": grant.id, "request": request.id, "dataset": request.dataset.name,
            "holder": request.applicant.username, "fields": grant.fields,
            "expires_at": grant.expires_at, "quota": grant.quota, "annotate": grant.annotate})
    return grant


def get_grant(session: Session, grant_id: str) -> Grant:
    return get_existing(session, Grant, grant_id, f"grant {grant_id!r}",
                        hint="list your grants with GET /api/v1/grants")


def list_grants(session: Session, *, user_id: int | None = None,
                organization_id: int | None = None, everything: bool = False) -> list[Grant]:
    """Grants held by one user, or issued for one organization's datasets (or all)."""
    query = select(Grant).join(Dataset, Dataset.id == Grant.dataset_id)
    if user_id is not None:
        query = query.where(Grant.user_id == user_id)
    elif not everything:
        query = query.where(Dataset.organization_id == organization_id)
    return list(session.scalars(query.order_by(Grant.created_at.desc(), Grant.id)))


def grant_refusal(grant: Grant, dataset: Dataset, user_id: int | None,
                  now: datetime | None = None) -> str | None:
    """Why ``grant`` does not let ``user_id`` download ``dataset`` now (None: it does)."""
    if grant.dataset_id != dataset.id:
        return f"grant {grant.id} is for another dataset, not {dataset.name!r}"
    if user_id is None or grant.user_id != user_id:
        return f"grant {grant.id} belongs to another user"
    if dataset.grade is Grade.CORE or dataset.sensitivity is Sensitivity.L4:
        return (f"dataset {dataset.name!r} is {dataset.grade.zh}/{dataset.sensitivity.value}: "
                "it never leaves the server, whatever a grant says (use the sandbox)")
    if dataset.open_tier is not OpenTier.CONDITIONAL:
        return (f"dataset {dataset.name!r} is {dataset.open_tier.zh}: a grant on it is for "
                "the sandbox, not for downloads")
    if grant.revoked:
        return f"grant {grant.id} was revoked: {grant.revoked_reason}"
    if (now or utcnow()) >= grant.expires_at:
        return f"grant {grant.id} expired at {grant.expires_at:%Y-%m-%d %H:%M} UTC"
    if grant.used >= grant.quota:
        return f"grant {grant.id} has used all {grant.quota} of its downloads"
    return None


def spend_download(session: Session, grant: Grant, user_id: int | None) -> Grant:
    """Count one download against the grant, re-checking it under a row lock."""
    session.execute(select(Grant.id).where(Grant.id == grant.id).with_for_update())
    session.refresh(grant)  # the locked row's current use and state
    reason = grant_refusal(grant, grant.dataset, user_id)
    if reason is not None:
        raise RuleViolation(reason, hint="ask the publisher for a new grant")
    grant.used += 1
    return grant


def record_extract(session: Session, grant: Grant, version: DatasetVersion, fmt: str,
                   rows: int, *, actor: str,
                   watermark: dict[str, object] | None = None) -> Extract:
    """Record a watermarked download made under ``grant`` (audit: the grant's id and
    the watermark's details, e.g. its canary records)."""
    extract = Extract(grant_id=grant.id, version_id=version.id, format=fmt, rows=rows)
    session.add(extract)
    session.flush()
    record(session, actor, "grant.download", f"grant:{grant.id}",
           {"grant": grant.id, "dataset": version.dataset.name, "version": version.number,
            "format": fmt, "rows": rows, "fields": grant.fields, "used": grant.used,
            "quota": grant.quota, "extract": extract.id, "watermark": watermark or {}})
    return extract


def revoke(session: Session, grant: Grant, reason: str, *, actor: str) -> Grant:
    """Revoke at once; the holder is told in the inbox."""
    if not reason.strip():
        raise InputError("a reason is required to revoke a grant",
                         hint="tell the holder why")
    if grant.revoked:
        raise ConflictError(f"grant {grant.id} is already revoked", hint="nothing to do")
    grant.revoked, grant.revoked_reason = True, reason.strip()
    record(session, actor, "grant.revoke", f"grant:{grant.id}",
           {"grant": grant.id, "reason": grant.revoked_reason})
    notify(session, grant.user_id, "grant.revoked",
           f"你对数据集 {grant.dataset.name} 的授权 {grant.id} 已被撤销：{grant.revoked_reason}",
           f"your grant {grant.id} on dataset {grant.dataset.name} was revoked: "
           f"{grant.revoked_reason}", "/grants")
    return grant
