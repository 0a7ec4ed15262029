"""Queued work through the facade: label-quality jobs, and following any job."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jingshu.annotate.access import source_of
from jingshu.annotate.projects import get_project
from jingshu.catalog.service import get_version, parse_ref
from jingshu.jobs import get_job
from jingshu.jobs.label_jobs import LabelErrorsRequest, submit_label_errors
from jingshu.jobs.schemas import JobOut
from jingshu.web.policies.annotate import AnnotationPolicy
from jingshu.web.policies.datasets import DatasetPolicy
from jingshu.web.policies.jobs import JobPolicy

if TYPE_CHECKING:
    from jingshu.facade.client import Client

__all__ = ["job_of", "queue_label_errors"]


def queue_label_errors(client: Client, request: LabelErrorsRequest) -> JobOut:
    """Queue ``request`` as the client's user, checked as ``POST .../label-errors``: the
    review policy on a project, the download policy on a version of answers."""
    with client.platform.session() as s:
        actor = client.actor(s)
        if request.project is not None:
            project = get_project(s, request.project)
            actor.allow(AnnotationPolicy.review(project, *source_of(s, project)))
        elif request.dataset is not None:
            version = get_version(s, *parse_ref(request.dataset))
            actor.allow(DatasetPolicy.download(version.dataset))
        job = submit_label_errors(s, request, actor=actor.name)
        s.commit()
        return JobOut.of(job)


def job_of(client: Client, job_id: int) -> JobOut:
    """Job ``job_id`` (state, progress, result) for its creator or an administrator."""
    with client.platform.session() as s:
        job = get_job(s, job_id)
        client.actor(s).allow(JobPolicy.view(job))
        return JobOut.of(job)
