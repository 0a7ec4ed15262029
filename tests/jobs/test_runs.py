"""Corpus run records: submit validates, execute publishes or fails, a killed server's runs
are taken over."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.catalog.models import Dataset
from jingshu.catalog.service import get_version, open_version, parse_ref
from jingshu.errors import InputError, RecipeError
from jingshu.jobs import claim
from jingshu.jobs.corpus_runs import KIND
from jingshu.jobs.embedded import EmbeddedWorker, queue_run
from jingshu.jobs.runs import (
    CorpusRun,
    RunRequest,
    RunStatus,
    execute,
    get_run,
    list_runs,
    submit,
)
from jingshu.platform import Platform
from jingshu.store import Manifest
from tests.factories import make_dataset, make_org, make_user

ROWS = [
    {"id": "keep", "text": "数据要素市场建设稳步推进，&amp;高质量中文语料"},
    {"id": "short", "text": "短"},
    {"id": "dup", "text": "数据要素市场建设稳步推进，&amp;高质量中文语料"},
]
RECIPE = """
name: small
steps:
  - op: html_entities
  - op: text_length
    params: {min_chars: 5}
  - op: exact_dedup
"""


def _submit(platform: Platform, request: RunRequest, actor: str = "alice") -> int:
    with platform.session() as s:
        source = get_version(s, *parse_ref(request.source))
        return submit(s, source, request, actor=actor).id


def _run(platform: Platform, run_id: int) -> CorpusRun:
    with platform.session() as s:
        return get_run(s, run_id)


def _wait_until_done(platform: Platform, run_id: int, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while _run(platform, run_id).status in (RunStatus.QUEUED, RunStatus.RUNNING):
        assert time.monotonic() < deadline, f"run {run_id} still not done"
        time.sleep(0.05)


@pytest.fixture
def raw(platform: Platform) -> str:
    make_dataset(platform, name="raw", rows=ROWS)
    return "raw@1"


def test_submit_queues_and_execute_publishes_with_lineage(platform: Platform, raw: str) -> None:
    make_org(platform, "mine")
    make_user(platform, Role.PUBLISHER, name="alice", organization="mine")
    run_id = _submit(platform, RunRequest(RECIPE, raw, "clean"))
    assert _run(platform, run_id).status is RunStatus.QUEUED
    assert execute(platform, run_id) is RunStatus.SUCCEEDED
    run = _run(platform, run_id)
    assert (run.status, run.version_number, run.progress, run.error) == (
        RunStatus.SUCCEEDED, 1, 3, "")
    assert run.report is not None and run.report["docs_out"] == 1
    assert run.started_at is not None and run.finished_at is not None
    with platform.session() as s:
        made, source = get_version(s, "clean", 1), get_version(s, "raw", 1)
        assert made.dataset.organization is not None
        assert made.dataset.organization.name == "mine"  # the submitter's organization
        assert made.creator == "alice"
        rows = open_version(platform.store, made).head(5)
    manifest = Manifest.from_json(made.manifest)
    assert manifest.parents == (source.id,)
    assert "op: exact_dedup" in dict(manifest.made_by.detail)["recipe"]
    assert json.loads(dict(manifest.made_by.detail)["report"])["docs_in"] == 3
    assert [r["id"] for r in rows] == ["keep"]
    assert execute(platform, run_id) is None  # not queued any more: not run twice


def test_a_queued_run_with_two_workers_publishes_what_one_worker_does(platform: Platform,
                                                                    raw: str) -> None:
    """The queue runs the file executor's worker processes (it refused workers != 1)."""
    make_user(platform, Role.PUBLISHER, name="alice")
    for target, workers in (("one", 1), ("two", 2)):
        run_id = _submit(platform, RunRequest(RECIPE, raw, target, workers=workers))
        assert execute(platform, run_id) is RunStatus.SUCCEEDED
    with platform.session() as s:
        rows = [open_version(platform.store, get_version(s, name, 1)).head(10)
                for name in ("one", "two")]
    assert rows[0] == rows[1] and [r["id"] for r in rows[0]] == ["keep"]


@pytest.mark.parametrize(("recipe", "names", "suggests"), [
    ("name: x\nsteps:\n  - op: html_entitys\n", "unknown operator 'html_entitys'",
     "did you mean 'html_entities'?"),
    ("name: x\nsteps:\n  - op: text_length\n    params: {min_char: 5}\n", "min_char",
     "did you mean 'min_chars'?"),
    ("zh-wbe", "'zh-wbe' is not a built-in recipe", "did you mean 'zh-web'?"),
    ("name: x\nsteps: [\n", "not valid YAML", ""),
])
def test_a_bad_recipe_is_refused_before_queueing(platform: Platform, raw: str, recipe: str,
                                                 names: str, suggests: str) -> None:
    with pytest.raises(RecipeError) as caught:
        _submit(platform, RunRequest(recipe, raw, "clean"))
    assert names in caught.value.message
    assert suggests in (caught.value.hint or "")
    with platform.session() as s:
        assert list_runs(s) == []


@pytest.mark.parametrize(("request_", "message"), [
    (RunRequest("zh-sft", "raw@1", "Bad Name"), "dataset name 'Bad Name' is not allowed"),
    (RunRequest("zh-sft", "raw@1", "clean", workers=0), "workers=0"),
    (RunRequest("zh-sft", "raw@1", "clean", workers=99), "workers=99"),
])
def test_bad_target_or_workers_are_refused(platform: Platform, raw: str, request_: RunRequest,
                                           message: str) -> None:
    with pytest.raises(InputError, match=message):
        _submit(platform, request_)


def test_a_failed_run_records_the_error_and_publishes_nothing(platform: Platform) -> None:
    make_dataset(platform, name="nums", rows=[{"id": "a", "n": 1}])
    run_id = _submit(platform, RunRequest(RECIPE, "nums@1", "out"))
    assert execute(platform, run_id) is RunStatus.FAILED
    run = _run(platform, run_id)
    assert run.status is RunStatus.FAILED and "no 'text' column" in run.error
    with platform.session() as s:
        assert s.scalar(select(Dataset).where(Dataset.name == "out")) is None


def test_a_stopping_server_stops_the_run_and_publishes_nothing(platform: Platform,
                                                               raw: str) -> None:
    run_id = _submit(platform, RunRequest(RECIPE, raw, "clean"))
    stop = threading.Event()
    stop.set()
    assert execute(platform, run_id, stop=stop) is RunStatus.FAILED
    assert "interrupted by server shutdown" in _run(platform, run_id).error
    with platform.session() as s:
        assert s.scalar(select(Dataset).where(Dataset.name == "clean")) is None


def test_restart_takes_over_running_runs_and_picks_up_queued_ones(platform: Platform,
                                                                   raw: str) -> None:
    """Runs are jobs in the database: a killed server's running run is taken over once its
    lease expires (it used to be failed with INTERRUPTED_BY_RESTART); a queued run
    recorded without its job gets one at start."""
    killed = _submit(platform, RunRequest(RECIPE, raw, "out-a"))
    waiting = _submit(platform, RunRequest(RECIPE, raw, "out-b"))
    assert queue_run(platform, killed) is not None
    held = claim(platform.session, "killed-server", [KIND], lease_s=0.1)
    assert held is not None
    with platform.session() as s:
        get_run(s, killed).status = RunStatus.RUNNING  # as a killed server leaves it
    worker = EmbeddedWorker(platform, threads=1, poll_s=0.05)
    try:
        assert worker.start() == [waiting]
        _wait_until_done(platform, waiting)
        _wait_until_done(platform, killed)
    finally:
        worker.close()
    assert _run(platform, killed).status is RunStatus.SUCCEEDED
    assert _run(platform, waiting).status is RunStatus.SUCCEEDED
    assert _run(platform, killed).error == ""  # taken over, not failed


def test_list_runs_newest_first_and_per_user(platform: Platform, raw: str) -> None:
    first = _submit(platform, RunRequest(RECIPE, raw, "out-a"), actor="alice")
    second = _submit(platform, RunRequest("zh-sft", raw, "out-b"), actor="bob")
    with platform.session() as s:
        assert [r.id for r in list_runs(s)] == [second, first]
        assert [r.id for r in list_runs(s, created_by="alice")] == [first]
        assert get_run(s, second).recipe_name == "zh-sft"
