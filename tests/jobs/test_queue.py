"""The job queue on the suite's database (SQLite, or PostgreSQL with JINGSHU_TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from jingshu.errors import ConflictError, NotFoundError
from jingshu.jobs import (
    JobContext,
    JobStatus,
    JobWorker,
    cancel,
    claim,
    enqueue,
    finish,
    get_job,
    heartbeat,
    list_jobs,
    publish_once,
)
from jingshu.platform import Platform

KIND = "test.kind"


def _enqueue(platform: Platform, n: int = 1, max_attempts: int = 3) -> list[int]:
    with platform.session() as s:
        return [enqueue(s, KIND, {"n": i}, actor="alice", max_attempts=max_attempts).id
                for i in range(n)]


def _job(platform: Platform, job_id: int) -> tuple[JobStatus, int, str]:
    with platform.session() as s:
        job = get_job(s, job_id)
        return job.status, job.attempts, job.error


def test_claim_heartbeat_finish(platform: Platform) -> None:
    (job_id,) = _enqueue(platform)
    claimed = claim(platform.session, "w1", [KIND])
    assert claimed is not None
    assert (claimed.id, claimed.payload, claimed.attempt, claimed.max_attempts) == (
        job_id, {"n": 0}, 1, 3)
    assert claim(platform.session, "w2", [KIND]) is None  # held
    assert claim(platform.session, "w2", ["other.kind"]) is None
    beat = heartbeat(platform.session, job_id, "w1", done=5, total=20)
    assert (beat.held, beat.cancel) == (True, False)
    with platform.session() as s:
        job = get_job(s, job_id)
        assert (job.progress_done, job.progress_total, job.fraction) == (5, 20, 0.25)
        assert job.started_at is not None
        assert job.eta_seconds(job.started_at + timedelta(seconds=10)) == pytest.approx(30.0)
    assert finish(platform.session, job_id, "w2", result={"x": 1}) is None  # not the holder
    assert finish(platform.session, job_id, "w1", result={"x": 1}) is JobStatus.SUCCEEDED
    with platform.session() as s:
        job = get_job(s, job_id)
        assert (job.status, job.result, job.lease_owner, job.fraction) == (
            JobStatus.SUCCEEDED, {"x": 1}, "", 1.0)
        assert job.finished_at is not None
    assert claim(platform.session, "w2", [KIND]) is None


def test_an_expired_lease_is_taken_over_and_the_old_holder_changes_nothing(
        platform: Platform) -> None:
    (job_id,) = _enqueue(platform)
    first = claim(platform.session, "dead", [KIND], lease_s=0.2)
    assert first is not None
    assert claim(platform.session, "alive", [KIND]) is None
    time.sleep(0.4)
    second = claim(platform.session, "alive", [KIND])
    assert second is not None and (second.id, second.attempt) == (job_id, 2)
    assert heartbeat(platform.session, job_id, "dead").held is False
    assert finish(platform.session, job_id, "dead", error="late") is None
    assert finish(platform.session, job_id, "alive", result={}) is JobStatus.SUCCEEDED


def test_errors_retry_up_to_the_limit_then_fail(platform: Platform) -> None:
    (job_id,) = _enqueue(platform, max_attempts=2)
    for attempt, expected in ((1, JobStatus.QUEUED), (2, JobStatus.FAILED)):
        claimed = claim(platform.session, "w", [KIND])
        assert claimed is not None and claimed.attempt == attempt
        assert finish(platform.session, job_id, "w", error=f"boom {attempt}") is expected
    assert _job(platform, job_id) == (JobStatus.FAILED, 2, "boom 2")
    assert claim(platform.session, "w", [KIND]) is None


def test_a_domain_error_does_not_retry(platform: Platform) -> None:
    (job_id,) = _enqueue(platform)
    assert claim(platform.session, "w", [KIND]) is not None
    assert finish(platform.session, job_id, "w", error="bad recipe", retry=False) is \
        JobStatus.FAILED


def test_a_lease_lost_on_the_last_attempt_fails_the_job(platform: Platform) -> None:
    (job_id,) = _enqueue(platform, max_attempts=1)
    assert claim(platform.session, "dead", [KIND], lease_s=0.1) is not None
    time.sleep(0.3)
    assert claim(platform.session, "w", [KIND]) is None
    status, attempts, error = _job(platform, job_id)
    assert (status, attempts) == (JobStatus.FAILED, 1)
    assert "lease expired" in error and "attempt 1 of 1" in error


def test_cancel_queued_running_and_finished(platform: Platform) -> None:
    queued, running, done = _enqueue(platform, 3)
    with platform.session() as s:
        assert cancel(s, queued).status is JobStatus.CANCELLED
    claimed = claim(platform.session, "w", [KIND])
    assert claimed is not None and claimed.id == running
    with platform.session() as s:
        job = cancel(s, running)
        assert (job.status, job.cancel_requested) == (JobStatus.RUNNING, True)
    assert heartbeat(platform.session, running, "w").cancel is True
    assert finish(platform.session, running, "w", cancelled=True) is JobStatus.CANCELLED
    assert claim(platform.session, "w", [KIND]) is not None
    finish(platform.session, done, "w", result={})
    with platform.session() as s, pytest.raises(ConflictError, match="already succeeded"):
        cancel(s, done)
    with platform.session() as s, pytest.raises(NotFoundError, match="job 999"):
        cancel(s, 999)


def test_publish_once_per_job(platform: Platform) -> None:
    (job_id,) = _enqueue(platform)
    with platform.session() as s:
        assert publish_once(s, job_id) is True
    with platform.session() as s:
        assert publish_once(s, job_id) is False


def test_concurrent_claims_take_each_job_exactly_once(platform: Platform) -> None:
    ids = _enqueue(platform, 24)
    taken: list[int] = []
    lock = threading.Lock()

    def drain(name: str) -> None:
        while (job := claim(platform.session, name, [KIND])) is not None:
            with lock:
                taken.append(job.id)
            finish(platform.session, job.id, name, result={"by": name})

    threads = [threading.Thread(target=drain, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(taken) == ids
    with platform.session() as s:
        assert {j.status for j in list_jobs(s)} == {JobStatus.SUCCEEDED}


def test_worker_runs_retries_and_cancels(platform: Platform) -> None:
    flaky, slow = _enqueue(platform, 2)
    seen: list[tuple[int, int]] = []
    started = threading.Event()

    def handler(ctx: JobContext) -> dict[str, int]:
        seen.append((ctx.job.id, ctx.job.attempt))
        if ctx.job.id == flaky and ctx.job.attempt == 1:
            raise RuntimeError("transient")
        if ctx.job.id == slow:
            started.set()
            for i in range(400):
                ctx.progress(i, 400)
                time.sleep(0.05)
        return {"attempt": ctx.job.attempt}

    worker = JobWorker(platform.session, {KIND: handler}, threads=2, lease_s=0.6, poll_s=0.05)
    worker.start()
    try:
        assert started.wait(30)
        with platform.session() as s:
            cancel(s, slow)
        deadline = time.monotonic() + 30
        while {_job(platform, flaky)[0], _job(platform, slow)[0]} != {
                JobStatus.SUCCEEDED, JobStatus.CANCELLED}:
            assert time.monotonic() < deadline, (_job(platform, flaky), _job(platform, slow))
            time.sleep(0.05)
    finally:
        worker.close()
    assert (flaky, 1) in seen and (flaky, 2) in seen
    assert _job(platform, flaky) == (JobStatus.SUCCEEDED, 2, "")
    with platform.session() as s:
        assert get_job(s, flaky).result == {"attempt": 2}
        assert get_job(s, slow).progress_done > 0


def test_a_stopping_worker_returns_its_job_to_the_queue(platform: Platform) -> None:
    (job_id,) = _enqueue(platform)
    started = threading.Event()

    def handler(ctx: JobContext) -> None:
        started.set()
        while True:
            ctx.check()
            time.sleep(0.02)

    worker = JobWorker(platform.session, {KIND: handler}, lease_s=5, poll_s=0.05)
    worker.start()
    assert started.wait(30)
    worker.close()
    status, attempts, error = _job(platform, job_id)
    assert (status, attempts) == (JobStatus.QUEUED, 1) and "stopping" in error
