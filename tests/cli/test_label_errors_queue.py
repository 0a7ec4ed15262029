"""Label quality as a ``label.errors`` job: ``--queue`` on the CLI, 202 over HTTP, the
facade's ``queue_label_errors``; a worker runs it and the report is the job's result,
the same as the synchronous answer's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jingshu.annotate.annotator_qc import review_queue
from jingshu.annotate.projects import get_project
from jingshu.errors import InputError, PermissionDenied
from jingshu.facade import Client
from jingshu.jobs import JobStatus, JobWorker, handlers_for
from jingshu.jobs.label_jobs import LabelErrorsRequest, submit_label_errors
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.annotate.test_label_review import _labelled
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset, make_user
from tests.web.helpers import API, bearer

MEASURES = ("items", "fleiss_kappa", "krippendorff_alpha", "issues", "audit",
            "against", "worker_agreement")


def _run_all(platform: Platform) -> list[JobStatus]:
    """Run every queued job (profiles of the published versions too); their states."""
    worker = JobWorker(platform.session, handlers_for(platform))
    done = []
    while (status := worker.run_one()) is not None:
        done.append(status)
    return done


def _same_report(job_result: dict[str, Any], direct: dict[str, Any]) -> None:
    for key in MEASURES:
        assert job_result[key] == direct[key], key
    assert {c["task"] for c in job_result["candidates"]} == \
        {c["task"] for c in direct["candidates"]}
    assert len(job_result["candidates"]) == len(direct["candidates"])


def test_cli_queue_gives_the_report_as_the_jobs_result(platform: Platform,
                                                       invoke: Invoke) -> None:
    name = _labelled(platform)
    job = as_json(invoke("label-errors", "--project", name, "--top", "12", "--queue",
                         "--json"))
    assert (job["kind"], job["status"], job["payload"]["project"]) == \
        ("label.errors", "queued", name)
    queued = invoke("label-errors", "--project", name, "--queue").stdout
    assert "queued a label-error search as job" in queued
    assert set(_run_all(platform)) == {JobStatus.SUCCEEDED}
    shown = as_json(invoke("jobs", "show", str(job["id"]), "--json"))
    assert shown["status"] == "succeeded" and shown["progress_done"] == 1
    direct = as_json(invoke("label-errors", "--project", name, "--top", "12", "--json"))
    _same_report(shown["result"], direct)
    assert "sent_to_review" not in shown["result"]


def test_a_queued_job_fills_the_review_queue_as_its_creator(platform: Platform,
                                                            invoke: Invoke) -> None:
    name = _labelled(platform)
    job = as_json(invoke("label-errors", "--project", name, "--to-review", "2", "--queue",
                         "--json"))
    assert set(_run_all(platform)) == {JobStatus.SUCCEEDED}
    result = as_json(invoke("jobs", "show", str(job["id"]), "--json"))["result"]
    assert result["sent_to_review"]["queued"] == 6
    with platform.session() as s:
        first = review_queue(s, get_project(s, name), 6)
        assert all(a.review_reason.startswith("suspected label error") for a in first)


def test_queue_refuses_what_a_worker_cannot_do(platform: Platform, invoke: Invoke,
                                               jsonl: Callable[..., Path]) -> None:
    path = str(jsonl([{"task": 1, "worker": "a", "label": "x"}]))
    assert "--queue needs --project or --dataset" in \
        invoke("label-errors", path, "--queue", code=2).stderr
    name = _labelled(platform)
    with platform.session() as s:
        with pytest.raises(InputError, match="audit='nope'"):
            submit_label_errors(s, LabelErrorsRequest(project=name, audit="nope"), actor="t")
        with pytest.raises(InputError, match="not both"):
            submit_label_errors(s, LabelErrorsRequest(project=name, dataset="x@1"), actor="t")
        with pytest.raises(InputError, match="needs a project"):
            submit_label_errors(s, LabelErrorsRequest(dataset="x@1", to_review=2), actor="t")
    assert "nope" in invoke("label-errors", "--project", "nope", "--queue", code=2).stderr


def test_http_answers_202_and_the_job_holds_the_report(platform: Platform,
                                                       invoke: Invoke) -> None:
    name = _labelled(platform)
    with platform.session() as s:
        rows = [{"task": a.item.row_key, "worker": a.annotator, "label": a.value}
                for a in review_queue(s, get_project(s, name), 500)]
    make_dataset(platform, name="crowd", rows=rows)
    token = bearer(platform, make_user(platform, name="alice"))
    with TestClient(create_app(platform, job_threads=0)) as client:
        url = f"{API}/datasets/crowd/versions/1/label-errors"
        queued = client.post(url, json={"top": 12}, headers=token)
        assert queued.status_code == 202, queued.text
        job = queued.json()
        assert (job["kind"], job["payload"]["dataset"], job["created_by"]) == \
            ("label.errors", "crowd@1", "alice")
        bad = client.post(url, json={"top": 0}, headers=token)
        assert bad.status_code == 400 and "top" in bad.text
        assert set(_run_all(platform)) == {JobStatus.SUCCEEDED}
        done = client.get(f"{API}/jobs/{job['id']}", headers=token).json()
        direct = client.get(f"{url}?top=12", headers=token).json()
    assert done["status"] == "succeeded" and done["result"]["project"] == "crowd@1"
    _same_report(done["result"], direct)


def test_the_facade_queues_and_follows_the_job(platform: Platform) -> None:
    name = _labelled(platform)
    make_user(platform, name="bob")
    with pytest.raises(PermissionDenied):  # bob does not manage the project
        Client(platform, "bob").queue_label_errors(project=name)
    operator = Client(platform)
    job = operator.queue_label_errors(project=name, top=5)
    assert (job.kind, job.status) == ("label.errors", "queued")
    assert set(_run_all(platform)) == {JobStatus.SUCCEEDED}
    done = operator.job(job.id)
    assert done.result is not None and len(done.result["candidates"]) == 5
    assert done.result["items"] == operator.project(name).label_errors().items
