"""Conditional opening through the facade: agreements, applications, review, grants,
and the watermarked extracts a grant holder downloads.

The same use cases as ``jingshu grant`` and the circulation API, checked by
``CirculationPolicy`` for the acting user (see :mod:`jingshu.web.policies.circulation`);
a download under a grant is ``circulation.download_extract``: re-checked, counted
against the quota, only the granted fields, watermarked for the holder, audited.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from jingshu.accounts.models import Role
from jingshu.catalog.service import get_dataset, get_version, open_version
from jingshu.circulation import (
    AccessRequest,
    AgreementKind,
    Application,
    ExtractFormat,
    Grant,
    GrantTerms,
    RequestStatus,
    apply,
    approve,
    ask_changes,
    download_extract,
    get_grant,
    get_request,
    list_grants,
    list_requests,
    reject,
    revoke,
    set_agreement,
    trace_file,
)
from jingshu.circulation.watermark import TraceResult
from jingshu.errors import AuthError, InputError
from jingshu.facade.acting import Actor
from jingshu.facade.datasets import to_hf, to_pandas
from jingshu.web.policies.circulation import CirculationPolicy

if TYPE_CHECKING:
    import datasets
    import pandas as pd
    from sqlalchemy.orm import Session

    from jingshu.facade.client import Client

__all__ = ["GrantInfo", "GrantView", "RequestInfo", "review", "revoke_grant", "submit",
           "trace_leak", "visible_grants", "visible_requests", "write_agreement"]


@dataclass(frozen=True)
class RequestInfo:
    """An application as ``jingshu grant requests --json`` lists it."""

    id: int
    dataset: str
    applicant: str
    organization: str
    status: str
    fields: list[str]
    days: int
    purpose: str
    review_note: str

    @classmethod
    def of(cls, r: AccessRequest) -> RequestInfo:
        return cls(r.id, r.dataset.name, r.applicant.username, r.organization, r.status.value,
                   list(r.fields), r.duration_days, r.purpose, r.review_note)


@dataclass(frozen=True)
class GrantInfo:
    """A grant as ``jingshu grant list --json`` lists it."""

    id: str
    dataset: str
    holder: str
    fields: list[str]
    expires_at: datetime
    used: int
    quota: int
    revoked: bool
    annotate: bool

    @classmethod
    def of(cls, g: Grant) -> GrantInfo:
        return cls(g.id, g.dataset.name, g.user.username, list(g.fields), g.expires_at, g.used,
                   g.quota, g.revoked, g.annotate)


def visible_requests(s: Session, actor: Actor, status: str | None,
                     to_review: bool) -> list[AccessRequest]:
    """Everything for the operator; the user's own applications, or (``to_review``)
    the queue of applications they review."""
    wanted = RequestStatus(status) if status else None
    if actor.principal is None:
        return list_requests(s, everything=True, status=wanted)
    if to_review:
        actor.allow(CirculationPolicy.review_queue())
        return list_requests(s, organization_id=actor.principal.organization_id,
                             everything=actor.principal.role is Role.ADMIN, status=wanted)
    found = list_requests(s, applicant_id=actor.user_id)
    return [r for r in found if wanted is None or r.status is wanted]


def visible_grants(s: Session, actor: Actor, issued: bool) -> list[Grant]:
    """Everything for the operator; the user's own grants, or (``issued``) those on
    their organization's datasets."""
    if actor.principal is None:
        return list_grants(s, everything=True)
    if issued:
        actor.allow(CirculationPolicy.review_queue())
        return list_grants(s, organization_id=actor.principal.organization_id,
                           everything=actor.principal.role is Role.ADMIN)
    return list_grants(s, user_id=actor.user_id)


class GrantView:
    """Grant ``id`` for its holder: download or read the watermarked extract."""

    def __init__(self, client: Client, grant_id: str) -> None:
        self._client = client
        self.id = grant_id

    def __repr__(self) -> str:
        return f"<GrantView {self.id}>"

    def info(self) -> GrantInfo:
        with self._client.platform.session() as s:
            grant = get_grant(s, self.id)
            self._client.actor(s).allow(CirculationPolicy.view_grant(grant))
            return GrantInfo.of(grant)

    def download(self, path: str, format: str = "jsonl", *, version: int | None = None) -> int:
        """Write the granted fields of ``version`` (default: the newest), watermarked for
        the holder, to ``path``; counts one download of the quota. Rows written
        (canary records included)."""
        try:
            fmt = ExtractFormat(format)
        except ValueError:
            raise InputError(f"extract format {format!r} is not supported",
                             hint=f"use one of {', '.join(f.value for f in ExtractFormat)}"
                             ) from None
        with self._client.platform.session() as s:
            grant = get_grant(s, self.id)
            actor = self._client.actor(s)
            if actor.principal is None:
                raise AuthError(f"a download under grant {self.id} is its holder's",
                                hint=f"connect as the holder: jingshu.connect(user="
                                f"{grant.user.username!r})")
            actor.allow(CirculationPolicy.download(grant))
            chosen = get_version(s, grant.dataset.name, version)
            extract = download_extract(s, grant, chosen, open_version(
                self._client.platform.store, chosen), Path(path), fmt, user_id=actor.user_id,
                actor=actor.name)
            return extract.rows

    def to_arrow(self, *, version: int | None = None) -> pa.Table:
        """The watermarked extract as a pyarrow Table (counts one download)."""
        with tempfile.TemporaryDirectory(prefix="jingshu-extract-") as folder:
            path = Path(folder) / "extract.parquet"
            self.download(str(path), "parquet", version=version)
            return pq.read_table(path)

    def to_hf(self, *, version: int | None = None) -> datasets.Dataset:
        """The watermarked extract as a ``datasets.Dataset`` (counts one download)."""
        return to_hf(self.to_arrow(version=version), "GrantView.to_hf()")

    def to_pandas(self, *, version: int | None = None) -> pd.DataFrame:
        """The watermarked extract as a pandas DataFrame (counts one download)."""
        return to_pandas(self.to_arrow(version=version), "GrantView.to_pandas()")


def trace_leak(client: Client, path: str | Path, alpha: float) -> TraceResult:
    """Name the grant a leaked file came from, as ``jingshu watermark trace`` (the
    operator: all grants) or the API (a user: their organization's; administrators all)."""
    with client.platform.session() as s:
        actor = client.actor(s)
        actor.allow(CirculationPolicy.trace())
        who = actor.principal
        return trace_file(s, client.platform.store, path,
                          organization_id=who.organization_id if who else None,
                          everything=who is None or who.role is Role.ADMIN, alpha=alpha)


def write_agreement(client: Client, name: str, kind: str, text: str) -> int:
    """Publish a new version of an agreement text; its version number."""
    with client.platform.session() as s:
        dataset = get_dataset(s, name)
        actor = client.actor(s)
        actor.allow(CirculationPolicy.write_agreements(dataset))
        return set_agreement(s, dataset, AgreementKind(kind), text, actor=actor.name).version


def submit(client: Client, name: str, application: Application) -> RequestInfo:
    """Apply for dataset ``name`` as the acting user (the operator applies for nobody)."""
    with client.platform.session() as s:
        dataset = get_dataset(s, name)
        actor = client.actor(s)
        if actor.user is None:
            raise AuthError("an application is a user's",
                            hint="connect as the applicant: jingshu.connect(user=NAME)")
        actor.allow(CirculationPolicy.apply(dataset))
        own = actor.user.organization
        if not application.organization.strip() and own is not None:  # as the form pre-fills
            application = dataclasses.replace(application, organization=own.title)
        return RequestInfo.of(apply(s, dataset, actor.user, application))


def review(client: Client, request_id: int, decision: str, *, note: str = "",
           terms: GrantTerms | None = None) -> GrantInfo | None:
    """``approve`` (with ``terms``; the new grant), ``reject`` or ``changes`` a request."""
    with client.platform.session() as s:
        request = get_request(s, request_id)
        actor = client.actor(s)
        actor.allow(CirculationPolicy.review(request.dataset))
        if decision == "approve":
            return GrantInfo.of(approve(s, request, terms or GrantTerms(), actor=actor.name))
        if decision == "reject":
            reject(s, request, note, actor=actor.name)
        else:
            ask_changes(s, request, note, actor=actor.name)
        return None


def revoke_grant(client: Client, grant_id: str, reason: str) -> None:
    with client.platform.session() as s:
        grant = get_grant(s, grant_id)
        actor = client.actor(s)
        actor.allow(CirculationPolicy.revoke(grant))
        revoke(s, grant, reason, actor=actor.name)
