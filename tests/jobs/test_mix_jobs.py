"""Mixes as jobs: checked when queued, published exactly once, same rows as the CLI's."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import select, update

from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.service import get_version, open_version, parse_ref
from jingshu.errors import InputError, NotFoundError
from jingshu.jobs import Job, JobContext, JobStatus, JobWorker, claim, get_job
from jingshu.jobs.mix_jobs import KIND, MixRequest, mix_handler, submit_mix
from jingshu.platform import Platform
from jingshu.store import Manifest
from tests.factories import make_dataset

NEWS = [
    {"id": f"n{i}", "text": f"北京市第{i}条新闻：数据要素市场建设稳步推进。"} for i in range(12)
]
WIKI = [{"id": f"w{i}", "text": f"百科条目{i}：人工智能是计算机科学的一个分支。"} for i in range(5)]


def _submit(platform: Platform, out: str = "base", **kwargs: Any) -> int:
    request = MixRequest(out, ("news@1:0.6", "wiki:0.4"), 300.0, seed=7, **kwargs)
    with platform.session() as s:
        return submit_mix(s, request, actor="alice").id


def _rows(platform: Platform, ref: str) -> list[dict[str, Any]]:
    with platform.session() as s:
        stored = open_version(platform.store, get_version(s, *parse_ref(ref)))
    return [row for batch in stored.iter_batches() for row in batch.to_pylist()]


def _versions(platform: Platform, name: str) -> list[int]:
    with platform.session() as s:
        return list(
            s.scalars(select(DatasetVersion.number).join(Dataset).where(Dataset.name == name))
        )


@pytest.fixture
def sources(platform: Platform) -> Platform:
    make_dataset(platform, name="news", rows=NEWS)
    make_dataset(platform, name="wiki", rows=WIKI)
    return platform


def test_a_queued_mix_publishes_once_with_lineage_and_the_clis_rows(sources: Platform) -> None:
    platform = sources
    job_id = _submit(platform)
    with platform.session() as s:
        job = get_job(s, job_id)
        assert (job.kind, job.status, job.created_by) == (KIND, JobStatus.QUEUED, "alice")
        assert job.payload["sources"] == ["news@1:0.6", "wiki@1:0.4"]  # pinned when queued
    worker = JobWorker(platform.session, {KIND: mix_handler(platform)})
    assert worker.run_one() is JobStatus.SUCCEEDED
    with platform.session() as s:
        job = get_job(s, job_id)
        result, made = job.result, get_version(s, "base", 1)
        assert job.published_at is not None and made.creator == "alice"
        parents = Manifest.from_json(made.manifest).parents
        assert set(parents) == {get_version(s, "news", 1).id, get_version(s, "wiki", 1).id}
    assert result is not None and (result["dataset"], result["version"]) == ("base", 1)
    assert set(result["shares"]) == {"news@1", "wiki@1"} and result["tokens"] >= 300
    platform.mix("same", ["news@1:0.6", "wiki@1:0.4"], 300.0, seed=7, creator="alice")
    assert _rows(platform, "base@1") == _rows(platform, "same@1")  # deterministic
    with platform.session() as s:  # as if the worker died after publishing, before finishing
        s.execute(update(Job).where(Job.id == job_id).values(status=JobStatus.QUEUED))
    assert worker.run_one() is JobStatus.SUCCEEDED
    assert _versions(platform, "base") == [1]
    with platform.session() as s:
        assert get_job(s, job_id).result == result


def test_two_attempts_racing_publish_one_version(sources: Platform) -> None:
    platform = sources
    job_id = _submit(platform)
    first = claim(platform.session, "w1", [KIND], lease_s=0.05)
    time.sleep(0.1)  # w1 is presumed dead: its lease expired
    second = claim(platform.session, "w2", [KIND], lease_s=30)
    assert first is not None and second is not None and second.attempt == 2
    handler = mix_handler(platform)
    results: list[dict[str, Any]] = []

    def attempt(ctx: JobContext) -> None:
        results.append(handler(ctx) or {})

    threads = [
        threading.Thread(target=attempt, args=(JobContext(c, platform.session),))
        for c in (first, second)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert _versions(platform, "base") == [1]
    assert len(results) == 2 and results[0] == results[1]
    with platform.session() as s:
        assert get_job(s, job_id).result == results[0]


def test_a_target_created_after_queueing_fails_the_job(sources: Platform) -> None:
    platform = sources
    _submit(platform, out="late")
    make_dataset(platform, name="late", rows=NEWS[:1])  # someone else's, meanwhile
    worker = JobWorker(platform.session, {KIND: mix_handler(platform)})
    assert worker.run_one() is JobStatus.FAILED
    with platform.session() as s:
        job = s.scalars(select(Job).where(Job.kind == KIND)).one()
        assert "'late' was created after the mix was queued" in job.error
        assert job.attempts == 1  # a conflict does not go away by retrying
    assert _versions(platform, "late") == [1]


def test_bad_requests_are_refused_when_queued(sources: Platform) -> None:
    platform = sources
    cases: list[tuple[MixRequest, type[Exception], str]] = [
        (MixRequest("base", ("news@1",), 10.0), InputError, "is not NAME@VERSION:WEIGHT"),
        (MixRequest("base", ("news@9:1",), 10.0), NotFoundError, "has no version 9"),
        (MixRequest("base", ("news@1:1",), 0.0), InputError, "positive token budget"),
        (MixRequest("Base!", ("news@1:1",), 10.0), InputError, "name 'Base!' is not allowed"),
    ]
    for request, error, message in cases:
        with platform.session() as s, pytest.raises(error, match=message):
            submit_mix(s, request, actor="alice")
    with platform.session() as s:
        assert s.scalars(select(Job).where(Job.kind == KIND)).first() is None
