"""Label quality of a project over HTTP, and filling its review queue from it.

``GET /datasets/{name}/versions/{number}/label-errors`` is ``jingshu label-errors``
over a version of crowd answers (one row per answer; it reads rows, so it follows the
download policy). ``GET /projects/{name}/label-errors`` is the same over the project's
answers (agreement, per-annotator agreement, confident-learning candidates named by
row key); ``POST /projects/{name}/label-errors/review`` sends the answers of the ``k``
most suspect items to the front of the review queue. Both show or change what the
review queue does, so both follow its policy: ``AnnotationPolicy.review`` (the
project's managers, as long as they may see the source's rows).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
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
from jingshu.web.api.handlers.versions import load_version
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.annotate import AnnotationPolicy
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["LabelQualityOut", "ReviewFillIn", "ReviewFillOut", "router"]

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
