"""Quality profiles as jobs: publishing queues ``dataset.profile``, a worker profiles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jingshu.catalog.quality import version_profile
from jingshu.catalog.service import get_version, open_version
from jingshu.jobs import Job, JobStatus, JobWorker, handlers_for, profile_jobs
from jingshu.jobs.profile_jobs import KIND, profile_handler
from jingshu.platform import Platform
from jingshu.profiles import load_profile
from tests.factories import make_dataset

ROWS = [
    {"id": f"d{i}", "text": t, "stars": i % 5}
    for i, t in enumerate(
        [
            "北京市数据要素市场建设稳步推进。",
            "高质量中文语料库。",
            "人工智能训练数据的质量评估。",
            "北京市数据要素市场建设稳步推进。",
        ]
    )
]


def _jobs(platform: Platform) -> list[Job]:
    with platform.session() as s:
        return list(s.scalars(select(Job).where(Job.kind == KIND).order_by(Job.id)))


def _stored(platform: Platform, name: str, number: int = 1):  # type: ignore[no-untyped-def]
    with platform.session() as s:
        return open_version(platform.store, get_version(s, name, number))


def test_publishing_queues_a_profile_job_that_a_worker_runs(platform: Platform) -> None:
    make_dataset(platform, name="news", rows=ROWS)
    (job,) = _jobs(platform)
    with platform.session() as s:
        version = get_version(s, "news", 1)
        assert job.payload == {"version": version.id, "dataset": "news", "number": 1}
    assert (job.status, job.created_by) == (JobStatus.QUEUED, "test")
    assert load_profile(_stored(platform, "news")) is None  # publishing measured nothing
    worker = JobWorker(platform.session, handlers_for(platform))
    assert worker.run_one() is JobStatus.SUCCEEDED
    (job,) = _jobs(platform)
    assert job.result is not None and job.result["profiled"] is True
    assert (job.result["dataset"], job.result["version"], job.result["rows"]) == ("news", 1, 4)
    assert job.result["text_fields"] == ["text"] and "stars" in job.result["columns"]
    assert (job.progress_done, job.progress_total) == (4, 4)
    profile = load_profile(_stored(platform, "news"))
    assert profile is not None and profile.rows == 4 and profile.text[0].name == "text"
    assert worker.run_one() is None


def test_a_profile_already_stored_is_not_measured_again(platform: Platform) -> None:
    make_dataset(platform, name="news", rows=ROWS)
    with platform.session() as s:  # a reader asked first: computed on demand
        first = version_profile(platform.store, get_version(s, "news", 1))
    worker = JobWorker(platform.session, {KIND: profile_handler(platform)})
    assert worker.run_one() is JobStatus.SUCCEEDED
    (job,) = _jobs(platform)
    assert job.result == {"dataset": "news", "version": 1, "profiled": False, "rows": 4}
    again = load_profile(_stored(platform, "news"))
    assert again is not None and again.computed_at == first.computed_at


def test_a_failing_profile_fails_its_job_not_the_version(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise MemoryError("profile sketch ran out of memory")

    monkeypatch.setattr(profile_jobs, "profile_version", broken)
    make_dataset(platform, name="news", rows=ROWS)
    worker = JobWorker(platform.session, {KIND: profile_handler(platform)})
    assert worker.run_one() is JobStatus.QUEUED  # retried once
    assert worker.run_one() is JobStatus.FAILED
    (job,) = _jobs(platform)
    assert (job.attempts, job.max_attempts) == (2, 2)
    assert job.error == "MemoryError: profile sketch ran out of memory"
    assert platform.read("news@1").__next__().num_rows == 4  # the version stands
    monkeypatch.undo()
    assert platform.profile("news@1").rows == 4  # and is profiled when asked for


def test_a_version_gone_fails_its_job_at_once(platform: Platform) -> None:
    from jingshu.jobs import enqueue

    with platform.session() as s:
        enqueue(s, KIND, {"version": "0" * 32, "dataset": "gone", "number": 1}, actor="test")
    worker = JobWorker(platform.session, {KIND: profile_handler(platform)})
    assert worker.run_one() is JobStatus.FAILED
    (job,) = _jobs(platform)
    assert job.attempts == 1 and "no longer exists" in job.error


def test_every_publication_queues_one_job(platform: Platform) -> None:
    make_dataset(platform, name="aa", rows=ROWS)
    make_dataset(platform, name="bb", rows=ROWS[:2])
    assert [(j.payload["dataset"], j.payload["number"]) for j in _jobs(platform)] == [
        ("aa", 1),
        ("bb", 1),
    ]
    worker = JobWorker(platform.session, handlers_for(platform))
    assert worker.run_one() is JobStatus.SUCCEEDED and worker.run_one() is JobStatus.SUCCEEDED
    assert load_profile(_stored(platform, "bb")) is not None
