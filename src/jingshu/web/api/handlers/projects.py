"""/projects: annotation projects, the annotator's next item, answers, review, export.

Every route that shows rows (``next``, ``review``, ``labels``) or writes a version
(``export``) checks the source dataset's policy through :class:`AnnotationPolicy`
(see :mod:`jingshu.annotate.access`); ``tests/web/test_row_routes.py`` fails when a
route that returns or writes rows is not covered by such a test.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from jingshu.annotate.access import source_of
from jingshu.annotate.alpha import project_alpha
from jingshu.annotate.annotator_qc import annotator_stats, review_answer, review_queue
from jingshu.annotate.answers import submit_work
from jingshu.annotate.assignment import lease_next, skip_item
from jingshu.annotate.export import (
    label_target,
    publish_labels,
    record_label_download,
    write_answers,
    write_jsonl,
    write_labelstudio,
)
from jingshu.annotate.models import AnnotationProject
from jingshu.annotate.projects import (
    close_project,
    create_project,
    get_member,
    get_project,
    join_project,
    list_projects,
    progress,
    schema_of,
)
from jingshu.annotate.work import Work, start_work
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.service import get_version, parse_ref
from jingshu.circulation.grants import get_grant
from jingshu.db.base import utcnow
from jingshu.platform import Platform
from jingshu.web.api.handlers.media import serve_media
from jingshu.web.api.responses import json_response
from jingshu.web.api.schemas.annotate import (
    AnnotatorOut,
    AnswerIn,
    AnswerOut,
    AssignmentOut,
    ProjectIn,
    ProjectOut,
    ReviewIn,
    SkipIn,
    SubmittedOut,
)
from jingshu.web.api.schemas.datasets import VersionOut
from jingshu.web.deps import Caller, DbSession, PlatformDep, Principal, Who
from jingshu.web.downloads import file_response
from jingshu.web.policies import authorize
from jingshu.web.policies.annotate import AnnotationPolicy

__all__ = ["LabelFormat", "router"]

router = APIRouter(prefix="/projects", tags=["annotation"])


class LabelFormat(enum.StrEnum):
    JSONL = "jsonl"
    LABELSTUDIO = "labelstudio"
    ANSWERS = "answers"


def _out(session: DbSession, project: AnnotationProject) -> ProjectOut:
    return ProjectOut.of(project, progress(session, project), project_alpha(session, project))


def _authorize_work(who: Principal, session: Session, work: Work) -> None:
    """A member who may (still) see the source's rows: the source is read only for members."""
    authorize(who, AnnotationPolicy.work(work.rules, work.member))
    authorize(who, AnnotationPolicy.label(work.rules, work.member,
                                          *source_of(session, work.rules)))


@router.get("")
def list_all(who: Who, session: DbSession) -> list[str]:
    """Names of every project."""
    authorize(who, AnnotationPolicy.list())
    return [p.name for p in list_projects(session)]


@router.post("", status_code=201)
def create(body: ProjectIn, who: Who, session: DbSession, platform: PlatformDep) -> ProjectOut:
    """A project over a dataset version's rows, owned by the dataset's organization (or,
    over another organization's data, by the caller's: unconditional data, or ``grant``)."""
    version = get_version(session, *parse_ref(body.dataset))
    grant = get_grant(session, body.grant) if body.grant else None
    authorize(who, AnnotationPolicy.create(version.dataset, grant))
    own = AnnotationPolicy.owns_dataset(who, version.dataset)
    project = create_project(session, platform.store, version, body.to_spec(),
                             actor=who.username,
                             organization_id=None if own else who.organization_id,
                             grant=None if own else grant)
    session.commit()
    return _out(session, project)


@router.get("/{name}")
def read(name: str, who: Who, session: DbSession) -> ProjectOut:
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.view(project, get_member(session, project, who.username)))
    return _out(session, project)


@router.post("/{name}/join")
def join(name: str, who: Who, session: DbSession) -> dict[str, str]:
    """Join as an annotator (a qualification test may come first)."""
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.join(project, *source_of(session, project)))
    member = join_project(session, project, who.username, actor=who.username)
    session.commit()
    return {"annotator": member.annotator, "state": member.state.value}


# next, answers and skip are what every annotator calls in a loop: each is one async
# handler with one dependency (who asks) and one worker-thread hop that opens the
# session, locks the member, checks the policy, does the work and commits (a session
# dependency cost more CPU than the work itself).

T = TypeVar("T")


async def _as_member(platform: Platform, who: Principal, name: str,
                     use: Callable[[Session, Work, str], T], *, held: bool = False) -> T:
    """``use(session, work, annotator)`` for a member who may see the source's rows, in
    one transaction on a worker thread (committed when it returns)."""
    def run() -> T:
        with platform.db.session() as session:
            work = start_work(session, name, who.username, utcnow(), held=held)
            _authorize_work(who, session, work)
            return use(session, work, who.username)
    return await run_in_threadpool(run)


def _skip(session: Session, work: Work, annotator: str, *, body: SkipIn) -> None:
    skip_item(session, work.rules, annotator, body.lease_id, body.reason, now=work.now)


@router.post("/{name}/next", response_model=AssignmentOut,
             responses={204: {"description": "nothing is left for you"}})
async def next_(name: str, who: Caller, platform: PlatformDep) -> Response:
    """Lease the next item (only the label schema's columns of its row); 204 when nothing
    is left for you."""
    got = await _as_member(platform, who, name, lease_next, held=True)
    return Response(status_code=204) if got is None else json_response(AssignmentOut.of(got))


@router.post("/{name}/answers", status_code=201, response_model=SubmittedOut)
async def answer(name: str, body: AnswerIn, who: Caller, platform: PlatformDep) -> Response:
    """Answer a leased item; 409 when the lease is not yours, expired, skipped or answered."""
    done = await _as_member(platform, who, name, partial(
        submit_work, lease_id=body.lease_id, value=body.value, seconds=body.seconds))
    return json_response(SubmittedOut(answer_id=done.answer_id, item_done=done.item_done,
                                      member_state=done.member_state.value), 201)


@router.post("/{name}/skip", status_code=204)
async def skip(name: str, body: SkipIn, who: Caller, platform: PlatformDep) -> None:
    await _as_member(platform, who, name, partial(_skip, body=body))


@router.get("/{name}/annotators")
def annotators(name: str, who: Who, session: DbSession) -> list[AnnotatorOut]:
    """Per annotator: answers, gold accuracy, agreement with the consensus, speed, cost."""
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.manage(project))
    return [AnnotatorOut.of(s) for s in annotator_stats(session, project)]


@router.get("/{name}/review")
def review_list(name: str, who: Who, session: DbSession,
                limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[AnswerOut]:
    """Answers awaiting review, oldest first, with the schema's columns of their rows."""
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.review(project, *source_of(session, project)))
    schema = schema_of(project)
    return [AnswerOut.of(a, schema) for a in review_queue(session, project, limit)]


@router.post("/{name}/answers/{answer_id}/review")
def review(name: str, answer_id: int, body: ReviewIn, who: Who,
           session: DbSession) -> AnswerOut:
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.review(project, *source_of(session, project)))
    reviewed = review_answer(session, project, answer_id, accept=body.accept,
                             reason=body.reason, reviewer=who.username)
    session.commit()
    return AnswerOut.of(reviewed, schema_of(project))


@router.post("/{name}/export", status_code=201)
def export(name: str, who: Who, session: DbSession, platform: PlatformDep,
           dataset: str | None = None) -> VersionOut:
    """Publish the aggregated labels as a new catalog version (lineage to the source).

    Into ``dataset`` (default ``<project>-labels``): one the caller may edit, at least as
    protected as the source (422 otherwise), with the same columns (409 otherwise).
    """
    project = get_project(session, name)
    target_name, target = label_target(session, project, dataset)
    authorize(who, AnnotationPolicy.export(project, target))
    version = publish_labels(session, platform.store, project, actor=who.username,
                             dataset=target_name)
    session.commit()
    return VersionOut.of(version)


@router.get("/{name}/labels", response_class=FileResponse)
def labels(name: str, who: Who, session: DbSession,
           format: LabelFormat = LabelFormat.JSONL) -> FileResponse:
    """The aggregated labels as JSONL, or every answer as Label Studio JSON or JSONL.

    ``answers``: every answer per annotator as JSON lines (row keys, no rows).

    The file carries the source's rows only for a caller who may download the source;
    others get ``row_key`` and the labels (JSONL; Label Studio tasks need the rows: 403).
    """
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.manage(project))
    source, _ = source_of(session, project)
    with_rows = AnnotationPolicy.labels_with_rows(source)(who) is None
    if format is LabelFormat.LABELSTUDIO:
        authorize(who, AnnotationPolicy.labels_with_rows(source))
    suffix = "json" if format is LabelFormat.LABELSTUDIO else "jsonl"

    def write(path: Path) -> None:
        if format is LabelFormat.JSONL:
            write_jsonl(session, project, str(path), with_rows=with_rows)
        elif format is LabelFormat.ANSWERS:
            write_answers(session, project, str(path))
        else:
            write_labelstudio(session, project, str(path))
        record_label_download(session, project, who.username, format.value)
        session.commit()

    kind = "answers" if format is LabelFormat.ANSWERS else "labels"
    return file_response(f"{name}-{kind}.{suffix}", write, prefix="jingshu-labels-")


@router.get("/{name}/media/{sha}")
def media(name: str, sha: str, request: Request, who: Who, session: DbSession,
          platform: PlatformDep,
          thumb: Annotated[int | None, Query(ge=16, le=1024,
                                             description="longest side of a preview")] = None,
          ) -> Response:
    """An image or audio file of the project's items, for who may label or review them.

    The items' ``field`` holds the file's sha256; 404 unless the source version names
    it. Whole, by byte range (audio players seek), or a thumbnail."""
    project = get_project(session, name)
    source, grant = source_of(session, project)
    member = get_member(session, project, who.username)
    authorize(who, AnnotationPolicy.see_media(project, member, source, grant))
    version = session.get_one(DatasetVersion, project.source_version_id)
    return serve_media(platform, version, sha, request, thumb)


@router.post("/{name}/close", status_code=204)
def close(name: str, who: Who, session: DbSession) -> None:
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.manage(project))
    close_project(session, project, actor=who.username)
    session.commit()
