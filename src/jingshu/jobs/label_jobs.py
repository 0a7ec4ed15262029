"""Label quality as jobs (kind ``label.errors``): ``jingshu label-errors`` on the queue.

Agreement and confident-learning candidates of a large project (or of a version of
crowd answers with millions of rows) take longer than a request should: :func:`submit_label_errors`
checks what can be checked at once (the project or the version exists, the methods are
known, ``top`` and ``to_review`` are positive), pins a version to its number, and
queues the job in the caller's transaction. A worker (in the server, or ``jingshu
worker``) runs :func:`label_errors_handler`: the same use cases as the synchronous
paths (:func:`~jingshu.annotate.label_review.project_label_quality`,
:func:`~jingshu.annotate.label_review.version_label_quality`) and, when asked, filling
the project's review queue (:func:`~jingshu.annotate.label_review.send_to_review`, as the
job's creator). The report is the job's ``result`` (``jingshu jobs show ID --json``,
``GET /api/v1/jobs/{id}``), with the keys of the synchronous answer.

The caller authorizes at submission (the front doors: the review policy on a project,
the download policy on a version); the job keeps to what was authorized.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from jingshu.annotate.aggregate import METHODS
from jingshu.annotate.label_errors import LabelQuality
from jingshu.annotate.label_review import (
    project_label_quality,
    send_to_review,
    version_label_quality,
)
from jingshu.annotate.projects import get_project
from jingshu.catalog.service import get_version, open_version, parse_ref
from jingshu.errors import InputError
from jingshu.jobs.models import Job
from jingshu.jobs.queue import enqueue, get_job
from jingshu.jobs.worker import Handler, JobContext

if TYPE_CHECKING:
    from jingshu.platform import Platform

__all__ = ["KIND", "LabelErrorsRequest", "label_errors_handler", "quality_result",
           "submit_label_errors"]

KIND = "label.errors"
MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class LabelErrorsRequest:
    """What to audit: a ``project`` (by name) or a ``dataset`` version of answers
    (``NAME[@V]``, one row per answer with the ``task``/``worker``/``label`` columns).

    Args:
        audit: The method whose labels are audited.
        against: The method whose posteriors judge them.
        top: How many candidates the report lists.
        to_review: With a project, send the answers of the ``to_review`` most suspect
            items to the front of its review queue.
    """

    project: str | None = None
    dataset: str | None = None
    task: str = "task"
    worker: str = "worker"
    label: str = "label"
    audit: str = "mv"
    against: str = "ds"
    top: int = 20
    to_review: int | None = None


def _check(request: LabelErrorsRequest) -> None:
    if (request.project is None) == (request.dataset is None):
        raise InputError("label errors need a project or a dataset version, not both",
                         hint="give project=NAME or dataset=NAME@V")
    for name, method in (("audit", request.audit), ("against", request.against)):
        if method not in METHODS:
            raise InputError(f"{name}={method!r} is not a truth-inference method",
                             hint="use one of " + ", ".join(sorted(METHODS)))
    if request.top < 1:
        raise InputError(f"top={request.top}: list at least one candidate", hint="e.g. top=20")
    if request.to_review is not None and (request.project is None or request.to_review < 1):
        raise InputError(f"to_review={request.to_review}: needs a project and k ≥ 1",
                         hint="a version of answers has no review queue")


def submit_label_errors(session: Session, request: LabelErrorsRequest, *, actor: str) -> Job:
    """Check and queue ``request`` in the caller's transaction; the caller commits.

    Raises:
        InputError: neither or both of project and dataset, an unknown method, ``top`` or
            ``to_review`` below 1, ``to_review`` without a project.
        NotFoundError: the project or the version does not exist.
    """
    _check(request)
    payload = asdict(request)
    if request.project is not None:
        payload["project"] = get_project(session, request.project).name
    else:
        version = get_version(session, *parse_ref(str(request.dataset)))
        payload["dataset"] = f"{version.dataset.name}@{version.number}"  # pinned
    return enqueue(session, KIND, payload, actor=actor, max_attempts=MAX_ATTEMPTS)


def quality_result(name: str, quality: LabelQuality) -> dict[str, Any]:
    """The report as JSON: the keys of ``jingshu label-errors --json`` and of the HTTP
    answer, ``project`` being the project's name or ``NAME@NUMBER``."""
    return {"project": name, "items": quality.items, "fleiss_kappa": quality.fleiss_kappa,
            "krippendorff_alpha": quality.krippendorff_alpha, "issues": quality.issues,
            "audit": quality.audit, "against": quality.against,
            "candidates": [asdict(c) for c in quality.candidates],
            "worker_agreement": quality.worker_agreement}


def label_errors_handler(platform: Platform) -> Handler:
    """The handler of ``label.errors`` jobs over ``platform``."""

    def handle(ctx: JobContext) -> dict[str, Any]:
        return _run(platform, ctx)

    return handle


def _run(platform: Platform, ctx: JobContext) -> dict[str, Any]:
    p = LabelErrorsRequest(**ctx.payload)
    ctx.progress(0, 1)
    if p.dataset is not None:
        with platform.session() as s:
            stored = open_version(platform.store, get_version(s, *parse_ref(p.dataset)))
        quality = version_label_quality(stored, task=p.task, worker=p.worker, label=p.label,
                                        audit=p.audit, against=p.against, top=p.top)
        ctx.progress(1, 1)
        return quality_result(p.dataset, quality)
    with platform.session() as s:
        project = get_project(s, str(p.project))
        quality = project_label_quality(s, project, audit=p.audit, against=p.against,
                                        top=p.top)
        result = quality_result(project.name, quality)
        if p.to_review is not None:
            filled = send_to_review(s, project, p.to_review,
                                    actor=get_job(s, ctx.job.id).created_by,
                                    audit=p.audit, against=p.against)
            result["sent_to_review"] = asdict(filled)
            s.commit()
    ctx.progress(1, 1)
    return result
