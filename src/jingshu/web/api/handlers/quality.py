"""Quality profiles, version diffs and mixes over HTTP.

``GET /datasets/{name}/versions/{number}/profile`` and ``GET /datasets/{name}/diff``
follow the view policy (a profile is metadata), but the parts of a profile that are
row content (frequent values, repeated lines, string minima and maxima) are dropped
for readers the download policy refuses, as the preview of rows is.
``POST /datasets/mix`` reads every source's rows (download policy on each) and writes a
dataset (create policy, or edit on an existing one): it is checked and authorized at
once and queued as a ``dataset.mix`` job (202 with the job's id); the job publishes the
version exactly once, and ``GET /jobs/{id}`` tells its state and, once done, the result.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from jingshu.catalog.mixing import parse_source
from jingshu.catalog.models import Dataset
from jingshu.catalog.quality import dictionary_checks, diff_versions, version_profile
from jingshu.catalog.service import get_version, parse_ref
from jingshu.jobs.mix_jobs import MixRequest, submit_mix
from jingshu.jobs.schemas import JobOut
from jingshu.web.api.handlers.versions import load_version
from jingshu.web.deps import DbSession, PlatformDep, Principal, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["DiffOut", "MixIn", "ProfileOut", "router"]

router = APIRouter(tags=["quality"])


class ProfileOut(BaseModel):
    """A version's profile (see ``jingshu.profiles.VersionProfile``) and its checks."""

    dataset: str
    number: int
    row_content_hidden: bool
    profile: dict[str, Any]
    checks: list[dict[str, str]]


class DiffOut(BaseModel):
    before: str
    after: str
    rows: dict[str, int]
    added_fields: list[str]
    removed_fields: list[str]
    changes: list[dict[str, Any]]


class MixIn(BaseModel):
    out: str = Field(description="the output dataset (created if missing)")
    sources: list[str] = Field(min_length=1, description="NAME@VERSION:WEIGHT each")
    tokens: float = Field(gt=0, description="tokens in the output, e.g. 2e9")
    seed: int = 0
    field: str | None = None
    title: str | None = None


def may_see_rows(who: Principal, dataset: Dataset) -> bool:
    """Whether ``who`` may see rows of ``dataset`` (the download policy, as the preview)."""
    return DatasetPolicy.download(dataset)(who) is None


@router.get("/datasets/{name}/versions/{number}/profile")
def read_profile(name: str, number: str, who: Who, session: DbSession, platform: PlatformDep,
                 refresh: bool = False) -> ProfileOut:
    """The version's quality profile, computed now if it has none (``refresh``: owners only)."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.view(version.dataset))
    if refresh:
        authorize(who, DatasetPolicy.edit(version.dataset))
    profile = version_profile(platform.store, version, refresh=refresh)
    if not may_see_rows(who, version.dataset):
        profile = profile.without_row_content()
    checks = [{k: str(v) for k, v in asdict(c).items()}
              for c in dictionary_checks(profile, version)]
    return ProfileOut(dataset=name, number=version.number,
                      row_content_hidden=profile.row_content_hidden,
                      profile=profile.to_dict(), checks=checks)


@router.get("/datasets/{name}/diff")
def diff(name: str, who: Who, session: DbSession, platform: PlatformDep,
         before: Annotated[str, Query(description="version number")],
         after: Annotated[str, Query(description="version number")]) -> DiffOut:
    """Measures that changed and distinct rows added/removed between two versions."""
    old, new = load_version(session, name, before), load_version(session, name, after)
    authorize(who, DatasetPolicy.view(old.dataset))
    result = diff_versions(platform.store, old, new)
    return DiffOut(before=result.before, after=result.after, rows=asdict(result.rows),
                   added_fields=list(result.profile.added_fields),
                   removed_fields=list(result.profile.removed_fields),
                   changes=[asdict(c) for c in result.profile.changes])


@router.post("/datasets/mix", status_code=202)
def mix(body: MixIn, who: Who, session: DbSession, request: Request) -> JobOut:
    """Queue a mix of versions by token share into ``out`` (lineage and protection as the
    CLI's); the answer is its job (``GET /jobs/{id}``: state, then the version made)."""
    for source in body.sources:
        ref, _ = parse_source(source)
        authorize(who, DatasetPolicy.download(get_version(session, *parse_ref(ref)).dataset))
    target = session.scalar(select(Dataset).where(Dataset.name == body.out))
    authorize(who, DatasetPolicy.edit(target) if target else
              DatasetPolicy.create(who.organization_id))
    job = submit_mix(session, MixRequest(body.out, tuple(body.sources), body.tokens,
                                         seed=body.seed, field=body.field, title=body.title),
                     actor=who.username, organization_id=who.organization_id)
    session.commit()
    request.app.state.corpus_runs.wake()  # the embedded worker looks for work now
    return JobOut.of(job)
