"""Corpus runs through the job queue: published exactly once, however often attempted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partialmethod
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from sqlalchemy import select, update

from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.service import (
    DatasetSpec,
    create_dataset,
    get_version,
    open_version,
    parse_ref,
    publish_version,
)
from jingshu.jobs import FINISHED, Claimed, Job, JobContext, JobStatus, JobWorker, claim, get_job
from jingshu.jobs.corpus_runs import KIND, corpus_run_handler, submit_run
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.jobs.embedded import EmbeddedWorker
from jingshu.jobs.runs import (
    CorpusRun,
    RunRequest,
    RunStatus,
    get_run,
    resolve_recipe,
    submit,
)
from jingshu.platform import Platform
from jingshu.store import DatasetStore, Manifest, Provenance
from tests.factories import make_dataset

RECIPE = """
name: small
steps:
  - op: html_entities
  - op: text_length
    params: {min_chars: 5}
  - op: exact_dedup
"""
ROWS = [
    {"id": "keep", "text": "数据要素市场建设稳步推进，&amp;高质量中文语料"},
    {"id": "short", "text": "短"},
    {"id": "dup", "text": "数据要素市场建设稳步推进，&amp;高质量中文语料"},
]
REPO = Path(__file__).resolve().parents[2]


def _submit(platform: Platform, source: str, target: str, recipe: str = RECIPE) -> int:
    with platform.session() as s:
        version = get_version(s, *parse_ref(source))
        return submit_run(s, version, RunRequest(recipe, source, target), actor="alice").id


def _run(platform: Platform, run_id: int) -> CorpusRun:
    with platform.session() as s:
        return get_run(s, run_id)


def _versions(platform: Platform, name: str) -> list[int]:
    with platform.session() as s:
        return list(s.scalars(select(DatasetVersion.number).join(Dataset)
                              .where(Dataset.name == name)))


def _rows(platform: Platform, ref: str) -> list[dict[str, Any]]:
    with platform.session() as s:
        stored = open_version(platform.store, get_version(s, *parse_ref(ref)))
    return [row for batch in stored.iter_batches() for row in batch.to_pylist()]


def publish_sharded(platform: Platform, name: str, rows: list[dict[str, Any]], *,
                    shard_rows: int, organization: str | None = None) -> None:
    """Dataset ``name`` with one version of ``rows`` stored in shards of ``shard_rows``
    (a dataset run exports each stored shard to a file: one task of the executor)."""
    sharded = partialmethod(DatasetStore.writer, shard_rows=shard_rows)
    with pytest.MonkeyPatch.context() as patch, platform.session() as s:
        patch.setattr(DatasetStore, "writer", sharded)
        ds = create_dataset(s, DatasetSpec(name=name, title=name, organization=organization),
                            actor="test")
        publish_version(s, platform.store, ds, [pa.RecordBatch.from_pylist(rows)],
                        creator="test", made_by=Provenance("import", "test"))


def _shard_hashes(platform: Platform, ref: str) -> list[str]:
    with platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        return [shard.sha256 for shard in Manifest.from_json(version.manifest).shards]


def _job_of(platform: Platform, run_id: int) -> Job:
    with platform.session() as s:
        job_id = get_run(s, run_id).job_id
        assert job_id is not None
        return get_job(s, job_id)


def test_a_submitted_run_is_a_job_and_publishes_with_lineage(platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    run_id = _submit(platform, "raw@1", "clean")
    job = _job_of(platform, run_id)
    assert (job.kind, job.payload, job.status) == (KIND, {"run": run_id}, JobStatus.QUEUED)
    worker = JobWorker(platform.session, {KIND: corpus_run_handler(platform)})
    assert worker.run_one() is JobStatus.SUCCEEDED
    run, job = _run(platform, run_id), _job_of(platform, run_id)
    assert (run.status, run.version_number, run.progress) == (RunStatus.SUCCEEDED, 1, 3)
    assert job.result == {"run": run_id, "dataset": "clean", "version": 1}
    assert job.published_at is not None and (job.progress_done, job.progress_total) == (3, 3)
    assert [r["id"] for r in _rows(platform, "clean@1")] == ["keep"]
    with platform.session() as s:
        made, source = get_version(s, "clean", 1), get_version(s, "raw", 1)
        assert Manifest.from_json(made.manifest).parents == (source.id,)
    assert worker.run_one() is None


def test_an_attempt_after_publication_publishes_nothing_more(platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    run_id = _submit(platform, "raw@1", "clean")
    worker = JobWorker(platform.session, {KIND: corpus_run_handler(platform)})
    assert worker.run_one() is JobStatus.SUCCEEDED
    job_id = _job_of(platform, run_id).id
    with platform.session() as s:  # as if the worker died after publishing, before finishing
        s.execute(update(Job).where(Job.id == job_id).values(status=JobStatus.QUEUED))
    assert worker.run_one() is JobStatus.SUCCEEDED
    assert _versions(platform, "clean") == [1]
    assert _job_of(platform, run_id).result == {"run": run_id, "dataset": "clean", "version": 1}


class _MeetingContext(JobContext):
    """Both attempts read everything before either publishes (a barrier at first progress)."""

    meet: threading.Barrier

    def progress(self, done: int, total: int | None = None) -> None:
        super().progress(done, total)
        if done > 0 and not getattr(self, "_met", False):
            self._met = True
            self.meet.wait(timeout=60)


def test_two_attempts_racing_publish_one_version(platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    run_id = _submit(platform, "raw@1", "clean")
    job = claim(platform.session, "first", [KIND])
    assert job is not None
    handler = corpus_run_handler(platform)
    barrier = threading.Barrier(2)
    results: list[dict[str, Any] | None] = []
    errors: list[str] = []

    def attempt(owner: str) -> None:
        ctx = _MeetingContext(Claimed(job.id, KIND, job.payload, 1, 3, owner), platform.session)
        ctx.meet = barrier
        try:
            results.append(handler(ctx))
        except BaseException as exc:  # shown by the assertion below, not lost in a thread
            errors.append(f"{owner}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=attempt, args=(o,)) for o in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert results == [{"run": run_id, "dataset": "clean", "version": 1}] * 2
    assert _versions(platform, "clean") == [1]


def test_cancelling_a_running_run_publishes_nothing(platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    run_id = _submit(platform, "raw@1", "clean")
    seen: list[str] = []

    def cancel_then_run(ctx: JobContext) -> Any:
        ctx.stop("cancelled")  # as the heartbeat does when someone cancels
        seen.append("started")
        return corpus_run_handler(platform)(ctx)

    worker = JobWorker(platform.session, {KIND: cancel_then_run})
    assert worker.run_one() is JobStatus.CANCELLED
    run = _run(platform, run_id)
    assert (run.status, run.error, seen) == (RunStatus.FAILED, "cancelled", ["started"])
    assert _versions(platform, "clean") == []


def test_a_domain_error_fails_the_run_without_retrying(platform: Platform) -> None:
    make_dataset(platform, name="nums", rows=[{"id": "a", "n": 1}])
    run_id = _submit(platform, "nums@1", "out")
    worker = JobWorker(platform.session, {KIND: corpus_run_handler(platform)})
    assert worker.run_one() is JobStatus.FAILED
    run, job = _run(platform, run_id), _job_of(platform, run_id)
    assert run.status is RunStatus.FAILED and "no 'text' column" in run.error
    assert (job.attempts, job.status) == (1, JobStatus.FAILED)


def test_the_embedded_worker_queues_runs_left_without_a_job(platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    with platform.session() as s:  # recorded, but the server died before queueing its job
        run_id = submit(s, get_version(s, "raw", 1), RunRequest(RECIPE, "raw@1", "clean"),
                        actor="alice").id
    worker = EmbeddedWorker(platform, threads=1, poll_s=0.05)
    try:
        assert worker.start() == [run_id]
        _wait(lambda: _run(platform, run_id).status is RunStatus.SUCCEEDED)
    finally:
        worker.close()
    assert worker.enqueue(run_id) == _job_of(platform, run_id).id  # queued once only
    assert _versions(platform, "clean") == [1]


def _wait(done: Callable[[], bool], timeout_s: float = 300.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting {what}"
        time.sleep(0.1)


def _worker(platform: Platform, lease_s: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "JINGSHU_DATABASE_URL": platform.settings.database_url,
           "JINGSHU_STORAGE_ROOT": platform.settings.storage_root,
           "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "jingshu.cli.main", "--home", str(platform.settings.home),
         "worker", "--lease", str(lease_s), "--poll", "0.1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


SLOW = """
name: slow
steps:
  - op: mojibake_repair
  - op: text_length
    params: {min_chars: 5}
"""


def test_a_worker_killed_mid_run_is_taken_over_and_publishes_once(platform: Platform) -> None:
    rows = [{"id": f"r{i}", "text": f"第{i}号：数据要素市场建设稳步推进，联系张伟 "
             f"1381234{i % 10000:04d}，地址北京市海淀区中关村大街{i % 97}号。"}
            for i in range(3 * 8192)]
    make_dataset(platform, name="raw", rows=rows)
    run_id = _submit(platform, "raw@1", "clean", SLOW)
    # a lease of 10 s: on a loaded machine (8 test sessions on 2 cores) heartbeats every
    # 2 s of a 2 s lease came late, and the taking-over worker lost its own lease
    first = _worker(platform, lease_s=10.0)
    try:
        _wait(lambda: _run(platform, run_id).progress > 0, what="for the first worker to read")
        assert _run(platform, run_id).status is RunStatus.RUNNING
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert _versions(platform, "clean") == []
    second = _worker(platform, lease_s=10.0)
    try:
        _wait(lambda: _job_of(platform, run_id).status in FINISHED or second.poll() is not None,
              what="for the second worker to take over and finish")
    finally:
        second.terminate()
        err = second.communicate(timeout=60)[1].decode()
    run, job = _run(platform, run_id), _job_of(platform, run_id)
    assert (run.status, run.error) == (RunStatus.SUCCEEDED, ""), (job.status, job.error, err)
    assert job.attempts == 2, err
    assert not (platform.settings.home / "work" / f"corpus-run-{run_id}").exists()
    assert _versions(platform, "clean") == [1]
    expected, _report = run_recipe_on_dataset(platform, resolve_recipe(SLOW), "raw@1", "expected",
                                              creator="test", progress=False)
    assert _rows(platform, "clean@1") == _rows(platform, f"expected@{expected.number}")



class _DyingContext(JobContext):
    """An attempt that dies (as if killed) once it has read ``die_at`` documents."""

    die_at = 0

    def progress(self, done: int, total: int | None = None) -> None:
        super().progress(done, total)
        if self.die_at and done >= self.die_at:
            raise RuntimeError("the worker died")


def test_a_later_attempt_resumes_from_the_shards_an_earlier_one_finished(
        platform: Platform) -> None:
    rows = [{"id": f"r{i}", "text": f"第{i % 150}号：数据要素市场建设稳步推进，&amp;高质量中文语料"}
            for i in range(600)]
    publish_sharded(platform, "raw", rows, shard_rows=200)
    run_id = _submit(platform, "raw@1", "clean")
    job = claim(platform.session, "first", [KIND])
    assert job is not None
    handler = corpus_run_handler(platform)
    dying = _DyingContext(job, platform.session)
    dying.die_at = 400  # told at the end of reading each 200-row shard: the second one
    try:
        handler(dying)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the first attempt should have died")
    runs_work = platform.settings.home / "work" / f"corpus-run-{run_id}"
    (first_out,) = runs_work.glob("out-*")
    assert sorted(p.name for p in (first_out / ".done").iterdir()) == ["00000.json"]
    assert _run(platform, run_id).status is RunStatus.QUEUED
    second = JobContext(Claimed(job.id, KIND, job.payload, 2, 3, "second"), platform.session)
    assert handler(second) == {"run": run_id, "dataset": "clean", "version": 1,
                               "resumed_shards": 1}
    assert second.done == 600  # the resumed shard's documents count as done
    assert not runs_work.exists()
    run_recipe_on_dataset(platform, resolve_recipe(RECIPE), "raw@1", "expected",
                          creator="test", progress=False)
    assert _shard_hashes(platform, "clean@1") == _shard_hashes(platform, "expected@1")
    assert _rows(platform, "clean@1") == _rows(platform, "expected@1")
    assert len(_rows(platform, "clean@1")) == 3 * 150


NEAR = """
name: near
steps:
  - op: text_length
    params: {min_chars: 5}
  - op: near_dedup
    params: {threshold: 0.7}
"""


def test_which_finished_shards_of_earlier_attempts_are_reused(platform: Platform) -> None:
    rows = [{"id": f"r{i}", "text": f"第{i}号：数据要素市场建设稳步推进"} for i in range(40)]
    publish_sharded(platform, "raw", rows, shard_rows=20)
    with platform.session() as s:
        stored = open_version(platform.store, get_version(s, "raw", 1))
    from jingshu.jobs.dataset_run import _export, reuse_finished

    work = platform.settings.home / "work" / "x"
    source = _export(stored, work / "source")
    other = resolve_recipe(SLOW)
    run_recipe_on_dataset(platform, other, "raw@1", "one", creator="test", progress=False,
                          work_dir=work)
    earlier = list(work.glob("out-*"))
    assert len(earlier) == 1
    second = earlier[0] / ".done" / "00001.json"
    marker = second.read_text("utf-8")
    second.unlink()  # as if killed before the second shard
    assert reuse_finished(resolve_recipe(RECIPE), source, work / "out-new", earlier) == (0, 0)
    assert not (work / "out-new").exists()
    assert reuse_finished(other, source, work / "out-new", earlier) == (1, 20)
    assert sorted(p.name for p in (work / "out-new" / ".done").iterdir()) == ["00000.json"]
    # an attempt that finished every shard may have been deduplicating them: not reused
    second.write_text(marker, "utf-8")
    assert reuse_finished(other, source, work / "out-all", earlier) == (2, 40)
    # with whole-dataset steps, an attempt that finished every shard may have been
    # deduplicating them: nothing of it is reused
    dedup = resolve_recipe(NEAR)
    run_recipe_on_dataset(platform, dedup, "raw@1", "two", creator="test", progress=False,
                          work_dir=work)
    (finished,) = set(work.glob("out-*")) - set(earlier) - {work / "out-new", work / "out-all"}
    assert (finished / ".done" / "00001.json").exists()
    assert reuse_finished(dedup, source, work / "out-none", [finished]) == (0, 0)
    assert not (work / "out-none").exists()


def test_an_export_racing_another_attempts_keeps_the_finished_one(
        platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    with platform.session() as s:
        stored = open_version(platform.store, get_version(s, "raw", 1))
    from jingshu.jobs.dataset_run import _EXPORTED, _export

    folder = platform.settings.home / "work" / "race" / "source"
    _export(stored, folder)  # the other attempt's export, renamed into place
    (shard,) = folder.glob("*.parquet")
    being_read = shard.read_bytes()
    (folder / "being-read").write_text("the other attempt reads these files")
    marker, real_exists, looked = folder / _EXPORTED, Path.exists, []

    def exists(path: Path, *args: Any, **kwargs: Any) -> bool:
        if path == marker and not looked:  # this attempt looked just before that rename
            looked.append(path)
            return False
        return real_exists(path, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", exists)
    assert _export(stored, folder) == folder
    assert looked and (folder / "being-read").exists()  # not deleted under the other one
    assert shard.read_bytes() == being_read
    assert sorted(p.name for p in folder.parent.iterdir()) == ["source"]
