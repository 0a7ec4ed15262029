"""Label quality of a project over HTTP, and filling its review queue from it.

``GET /datasets/{name}/versions/{number}/label-errors`` is ``jingshu label-errors``
over a version of crowd answers (one row per answer; it reads rows, so it follows the
download policy). ``GET /projects/{name}/label-errors`` is the same over the project's
answers (agreement, per-annotator agreement, confident-learning candidates named by
row key); ``POST /projects/{name}/label-errors/review`` sends the answers of the ``k``
most suspect items to the front of the review queue. Both show or change what the
review queue does, so both follow its policy: ``AnnotationPolicy.review`` (the
project's managers, as long as they may see the source's rows).

For large projects the same reports run as ``label.errors`` jobs on the queue: ``POST``
to either ``label-errors`` route (same policies, checked at submission) answers 202 with
the job; ``GET /jobs/{id}`` gives its state and, once done, the report as ``result``
(the keys of :class:`LabelQualityOut`, plus ``sent_to_review`` when ``to_review`` was
given).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from jingshu.annotate.access import source_of
from jingshu.annotate.label_errors import LabelQuality
from jingshu.annotate.label_review import (
    project_label_quality,
    send_to_review,
    version_label_quality,
)
from jingshu.annotate.projects import get_project
from jingshu.catalog.service import open_version
from jingshu.jobs.label_jobs import LabelErrorsRequest, submit_label_errors
from jingshu.jobs.schemas import JobOut
from jingshu.web.api.handlers.versions import load_version
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.annotate import AnnotationPolicy
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["LabelErrorsJobIn", "LabelQualityOut", "ReviewFillIn", "ReviewFillOut",
           "VersionLabelErrorsJobIn", "router"]

router = APIRouter(tags=["annotation"])
METHOD = "truth-inference method: mv, ds, glad, ... (see `jingshu aggregate --help`)"


class LabelQualityOut(BaseModel):
    """Agreement and label-error candidates (most suspect first) of a project's answers
    (``project``: its name) or of a version of answers (``project``: ``NAME@NUMBER``)."""

    project: str
    items: int
    fleiss_kappa: float | None
    krippendorff_alpha: float | None
    issues: int
    audit: str
    against: str
    candidates: list[dict[str, Any]]
    worker_agreement: dict[str, float]


class ReviewFillIn(BaseModel):
    k: int = Field(ge=1, le=10_000, description="how many of the most suspect items to send")
    audit: str = Field("mv", description="the method whose labels are audited")
    against: str = Field("ds", description="the method whose posteriors judge them")


class LabelErrorsJobIn(BaseModel):
    """A queued report of a project's answers (and, with ``to_review``, filling its
    review queue with the answers of that many most suspect items)."""

    audit: str = Field("mv", description=METHOD)
    against: str = Field("ds", description=METHOD)
    top: int = Field(20, ge=1, le=10_000)
    to_review: int | None = Field(None, ge=1, le=10_000)


class VersionLabelErrorsJobIn(BaseModel):
    """A queued report of a version of crowd answers (one row per answer)."""

    task: str = Field("task", description="the task id column")
    worker: str = Field("worker", description="the worker id column")
    label: str = Field("label", description="the answer column")
    audit: str = Field("mv", description=METHOD)
    against: str = Field("ds", description=METHOD)
    top: int = Field(20, ge=1, le=10_000)


class ReviewFillOut(BaseModel):
    """The items sent (row keys), their answers now awaiting review, and of those the
    ones reopened after an earlier acceptance."""

    project: str
    items: list[str]
    queued: int
    reopened: int


def _out(name: str, quality: LabelQuality) -> LabelQualityOut:
    return LabelQualityOut(
        project=name, items=quality.items, fleiss_kappa=quality.fleiss_kappa,
        krippendorff_alpha=quality.krippendorff_alpha, issues=quality.issues,
        audit=quality.audit, against=quality.against,
        candidates=[asdict(c) for c in quality.candidates],
        worker_agreement=quality.worker_agreement)


@router.get("/datasets/{name}/versions/{number}/label-errors")
def version_label_errors(
        name: str, number: str, who: Who, session: DbSession, platform: PlatformDep,
        task: Annotated[str, Query(description="the task id column")] = "task",
        worker: Annotated[str, Query(description="the worker id column")] = "worker",
        label: Annotated[str, Query(description="the answer column")] = "label",
        audit: Annotated[str, Query(description=METHOD)] = "mv",
        against: Annotated[str, Query(description=METHOD)] = "ds",
        top: Annotated[int, Query(ge=1, le=10_000)] = 20) -> LabelQualityOut:
    """The same report over a version of crowd answers (one row per answer); its
    ``project`` is ``NAME@NUMBER``."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))
    quality = version_label_quality(open_version(platform.store, version), task=task,
                                    worker=worker, label=label, audit=audit,
                                    against=against, top=top)
    return _out(f"{name}@{version.number}", quality)


@router.get("/projects/{name}/label-errors")
def label_errors(name: str, who: Who, session: DbSession,
                 audit: Annotated[str, Query(description=METHOD)] = "mv",
                 against: Annotated[str, Query(description=METHOD)] = "ds",
                 top: Annotated[int, Query(ge=1, le=10_000)] = 20) -> LabelQualityOut:
    """Fleiss' kappa, Krippendorff's alpha, per-annotator agreement and the ``top`` items
    whose ``audit`` label is most likely wrong, judged by ``against`` (confident learning)."""
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.review(project, *source_of(session, project)))
    quality = project_label_quality(session, project, audit=audit, against=against, top=top)
    return _out(name, quality)


@router.post("/projects/{name}/label-errors/review")
def fill_review_queue(name: str, body: ReviewFillIn, who: Who,
                      session: DbSession) -> ReviewFillOut:
    """Send the answers of the ``k`` most suspect items to the front of the review queue
    (``GET /projects/{name}/review`` lists them first, with the suspicion as reason)."""
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.review(project, *source_of(session, project)))
    filled = send_to_review(session, project, body.k, actor=who.username, audit=body.audit,
                            against=body.against)
    session.commit()
    return ReviewFillOut(project=name, items=list(filled.items), queued=filled.queued,
                         reopened=filled.reopened)


def _queued(request: Request, session: DbSession, job_request: LabelErrorsRequest,
            actor: str) -> JobOut:
    job = submit_label_errors(session, job_request, actor=actor)
    session.commit()
    request.app.state.corpus_runs.wake()  # the embedded worker looks for work now
    return JobOut.of(job)


@router.post("/datasets/{name}/versions/{number}/label-errors", status_code=202)
def queue_version_label_errors(name: str, number: str, body: VersionLabelErrorsJobIn,
                               who: Who, session: DbSession, request: Request) -> JobOut:
    """Queue the report of a version of crowd answers as a ``label.errors`` job (202);
    ``GET /jobs/{id}`` gives its state, then the report as ``result``."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))
    job_request = LabelErrorsRequest(dataset=f"{name}@{version.number}", **body.model_dump())
    return _queued(request, session, job_request, who.username)


@router.post("/projects/{name}/label-errors", status_code=202)
def queue_label_errors(name: str, body: LabelErrorsJobIn, who: Who, session: DbSession,
                       request: Request) -> JobOut:
    """Queue the project's report as a ``label.errors`` job (202), for projects too large
    to wait for; ``GET /jobs/{id}`` gives its state, then the report as ``result``."""
    project = get_project(session, name)
    authorize(who, AnnotationPolicy.review(project, *source_of(session, project)))
    job_request = LabelErrorsRequest(project=project.name, **body.model_dump())
    return _queued(request, session, job_request, who.username)
