"""Several processes over one PostgreSQL database: 2 ``jingshu serve``, 2 ``jingshu worker``.

Two server processes (different ports, ``--no-worker``) and two worker processes share
the test's database, home and store. Corpus runs are submitted over HTTP to both
servers while annotators work through a project, each sending its ``next`` and
``answers`` requests to the two servers in turn; the worker running the sharded run is
killed with SIGKILL once that run has finished a shard. Afterwards:

* every run succeeded once: one version of its target (one folder in the store), its
  job succeeded and was published once; the killed run's job took two attempts and the
  second resumed from the shards the first had finished;
* every published version's shards are byte-identical (sha256) to those of the same
  recipe run in this process over the same source;
* every answer a client saw accepted is stored, and no item was given twice to one
  annotator; every item has exactly its overlap of answers;
* a browser session made on one server holds on the other, failed logins are counted
  across servers, and a token revoked on one server is refused by the other within
  ``TOKEN_CACHE_SECONDS``.

Runs only with ``JINGSHU_TEST_DATABASE_URL`` (the PostgreSQL part of ``scripts/test.sh``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from jingshu.accounts.models import Role
from jingshu.annotate.models import Answer, AnswerState, Item, Lease
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.service import get_version
from jingshu.jobs import Job, JobStatus
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.jobs.runs import CorpusRun, RunStatus, resolve_recipe
from jingshu.platform import Platform
from jingshu.sample import SAMPLE_PATH
from jingshu.store import Manifest
from jingshu.web.token_cache import TOKEN_CACHE_SECONDS
from tests.conftest import PG_URL
from tests.factories import PASSWORD, make_org, make_project, make_user
from tests.jobs.test_corpus_runs import publish_sharded
from tests.web.helpers import bearer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL: set JINGSHU_TEST_DATABASE_URL "
                       "(scripts/test.sh does, from scripts/start-postgres.sh)"),
]

REPO = Path(__file__).resolve().parents[2]
LEASE_S = 10.0
SAMPLE_RECIPE = """
name: sample-clean
steps:
  - op: html_entities
  - op: whitespace
  - op: text_length
    params: {min_chars: 50}
  - op: exact_dedup
  - op: near_dedup
    params: {threshold: 0.7}
"""
SHARDED_RECIPE = """
name: sharded-clean
steps:
  - op: mojibake_repair
  - op: text_length
    params: {min_chars: 5}
"""
SHARDS, SHARD_ROWS = 4, 500
ITEMS, OVERLAP, ANNOTATORS = 40, 2, 4
LABELS = ["正面", "负面"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(done: Callable[[], Any], what: str, timeout_s: float = 240.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        value = done()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting {what}"
        time.sleep(0.1)


@dataclass
class Processes:
    """The started processes, their logs, and how to stop them all."""

    logs: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-m", "jingshu.cli.main", *args], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.procs[name] = proc
        return proc

    def tails(self) -> str:
        """The end of every log, for an assertion's message."""
        return "\n".join(f"--- {name} (rc {p.poll()})\n"
                         + (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]
                         for name, p in self.procs.items())

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def _cluster(platform: Platform, logs: Path) -> Iterator[tuple[Processes, list[str]]]:
    """2 servers (their base URLs) and 2 workers over ``platform``'s database and home."""
    env = {**os.environ, "JINGSHU_DATABASE_URL": platform.settings.database_url,
           "JINGSHU_STORAGE_ROOT": platform.settings.storage_root,
           "JINGSHU_SECRET_KEY": "test-secret", "PYTHONPATH": str(REPO / "src")}
    home = ["--home", str(platform.settings.home)]
    procs = Processes(logs)
    bases = []
    try:
        for name in ("server-a", "server-b"):
            port = _free_port()
            procs.start(name, env, *home, "serve", "--no-worker", "--bind", f"127.0.0.1:{port}")
            bases.append(f"http://127.0.0.1:{port}")
        for name in ("worker-1", "worker-2"):
            procs.start(name, env, *home, "worker", "--lease", str(LEASE_S), "--poll", "0.2")
        for base in bases:
            _wait(partial(_answers, base), f"for {base} to answer\n{procs.tails()}", 120)
        yield procs, bases
    finally:
        procs.stop()


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/v1/organizations", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _sample_rows() -> list[dict[str, Any]]:
    docs = [json.loads(line) for line in SAMPLE_PATH.read_text("utf-8").splitlines()]
    return [{"id": str(d["id"]), "text": d["text"]} for d in docs]


@dataclass
class Tally:
    """What the annotators saw."""

    accepted: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _annotate(bases: list[str], token: str, project: str, first: int, tally: Tally) -> None:
    """Lease and answer until nothing is left, each request to the next server in turn."""
    clients = [httpx.Client(base_url=f"{b}/api/v1", timeout=60,
                            headers={"Authorization": f"Bearer {token}"}) for b in bases]
    turn = first
    try:
        joined = clients[turn % 2].post(f"/projects/{project}/join")
        if joined.status_code != 200:
            with tally.lock:
                tally.errors.append(f"join {joined.status_code} {joined.text[:200]}")
            return
        for step in range(ITEMS + 5):
            turn += 1
            got = clients[turn % 2].post(f"/projects/{project}/next")
            if got.status_code == 204:
                return
            if got.status_code != 200:
                with tally.lock:
                    tally.errors.append(f"next {got.status_code} {got.text[:200]}")
                return
            turn += 1
            lease = got.json()["lease_id"]
            sent = clients[turn % 2].post(f"/projects/{project}/answers",
                                          json={"lease_id": lease, "value": LABELS[step % 2]})
            with tally.lock:
                if sent.status_code == 201:
                    tally.accepted += 1
                else:
                    tally.errors.append(f"answer {sent.status_code} {sent.text[:200]}")
    finally:
        for client in clients:
            client.close()


def _submit(base: str, headers: dict[str, str], recipe: str, source: str,
            target: str) -> int:
    sent = httpx.post(f"{base}/api/v1/corpus/runs", headers=headers, timeout=60,
                      json={"recipe": recipe, "source": source, "target": target})
    assert sent.status_code == 202, sent.text
    run_id: int = sent.json()["id"]
    return run_id


def _run_and_job(platform: Platform, run_id: int) -> tuple[CorpusRun, Job | None]:
    with platform.session() as s:
        run = s.get(CorpusRun, run_id)
        assert run is not None
        return run, None if run.job_id is None else s.get(Job, run.job_id)


def _done_shards(platform: Platform, run_id: int) -> int:
    """Shards an attempt of run ``run_id`` finished, as its work folder shows."""
    work = platform.settings.home / "work" / f"corpus-run-{run_id}"
    return len(list(work.glob("out-*/.done/[!_]*.json")))


def _shards(platform: Platform, ref: tuple[str, int]) -> list[str]:
    with platform.session() as s:
        version = get_version(s, *ref)
        return [shard.sha256 for shard in Manifest.from_json(version.manifest).shards]


def _rows(platform: Platform, name: str) -> list[dict[str, Any]]:
    return [row for batch in platform.read(name) for row in batch.to_pylist()]


def _check_sessions(bases: list[str], username: str) -> None:
    """A session cookie made on one server holds on the other; failed logins add up."""
    a, b = bases
    login = httpx.post(f"{a}/api/v1/auth/login", timeout=30,
                       json={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    me = httpx.get(f"{b}/api/v1/auth/me", cookies=login.cookies, timeout=30)
    assert (me.status_code, me.json().get("username")) == (200, username), me.text
    for n in range(5):  # ACCOUNT_LIMIT failures, spread over both servers
        wrong = httpx.post(f"{bases[n % 2]}/api/v1/auth/login", timeout=30,
                           json={"username": username, "password": "wrong password"})
        assert wrong.status_code == 401, wrong.text
    for base in bases:
        refused = httpx.post(f"{base}/api/v1/auth/login", timeout=30,
                             json={"username": username, "password": PASSWORD})
        assert refused.status_code == 429, (base, refused.text)


def _check_revocation(platform: Platform, bases: list[str], username: str) -> None:
    """A token revoked on one server is refused by the other within the cache's time."""
    a, b = bases
    headers = bearer(platform, username)
    assert httpx.get(f"{b}/api/v1/auth/me", headers=headers, timeout=30).status_code == 200
    mine = httpx.get(f"{a}/api/v1/auth/tokens", headers=headers, timeout=30).json()
    for token in mine:
        gone = httpx.delete(f"{a}/api/v1/auth/tokens/{token['id']}", headers=headers,
                            timeout=30)
        assert gone.status_code == 204, gone.text
    assert httpx.get(f"{a}/api/v1/auth/me", headers=headers, timeout=30).status_code == 401
    revoked = time.monotonic()
    _wait(lambda: httpx.get(f"{b}/api/v1/auth/me", headers=headers,
                            timeout=30).status_code == 401,
          "for the other server to refuse the revoked token", TOKEN_CACHE_SECONDS + 30)
    assert time.monotonic() - revoked < TOKEN_CACHE_SECONDS + 10  # slow answers on a busy CI


def test_two_servers_two_workers_one_killed(platform: Platform, tmp_path: Path) -> None:
    make_org(platform, "pub-org")
    publisher = make_user(platform, Role.PUBLISHER, name="pub", organization="pub-org")
    headers = bearer(platform, publisher)
    sample = _sample_rows()
    publish_sharded(platform, "sample", sample, shard_rows=len(sample), organization="pub-org")
    big = [{"id": f"{r['id']}-{k}", "text": r["text"]}
           for k in range(SHARDS * SHARD_ROWS // len(sample) + 1) for r in sample]
    publish_sharded(platform, "sharded", big[:SHARDS * SHARD_ROWS], shard_rows=SHARD_ROWS,
                    organization="pub-org")
    project = make_project(platform, rows=[{"id": f"r{i}", "text": f"第{i}条评论：物流很快。"}
                                           for i in range(ITEMS)], overlap=OVERLAP)
    tokens = []
    for n in range(ANNOTATORS):
        user = make_user(platform, Role.ANNOTATOR, name=f"annotator-{n}")
        tokens.append(bearer(platform, user)["Authorization"].removeprefix("Bearer "))
    make_user(platform, Role.CONSUMER, name="reader")
    make_user(platform, Role.CONSUMER, name="revoker")
    logs = tmp_path / "logs"
    logs.mkdir()
    started = time.monotonic()
    with _cluster(platform, logs) as (procs, (a, b)):
        sharded = _submit(a, headers, SHARDED_RECIPE, "sharded@1", "sharded-clean")
        runs = {sharded: (SHARDED_RECIPE, "sharded"),
                _submit(b, headers, SAMPLE_RECIPE, "sample@1", "sample-b"): (SAMPLE_RECIPE,
                                                                          "sample"),
                _submit(a, headers, SAMPLE_RECIPE, "sample@1", "sample-a"): (SAMPLE_RECIPE,
                                                                          "sample")}
        tally = Tally()
        annotators = [threading.Thread(target=_annotate, args=([a, b], t, project, n, tally))
                      for n, t in enumerate(tokens)]
        for t in annotators:
            t.start()
        # the worker holding the sharded run dies once that run finished a shard
        _wait(lambda: _done_shards(platform, sharded) >= 1,
              f"for the sharded run to finish a shard\n{procs.tails()}")
        run, job = _run_and_job(platform, sharded)
        assert job is not None and job.status is JobStatus.RUNNING, procs.tails()
        pid = int(job.lease_owner.split(":")[1])
        victim = next(name for name, p in procs.procs.items() if p.pid == pid)
        assert victim.startswith("worker-"), job.lease_owner
        procs.procs[victim].send_signal(signal.SIGKILL)
        procs.procs[victim].wait()
        killed_after = _done_shards(platform, sharded)
        assert killed_after < SHARDS, "the run finished before its worker was killed"

        def all_finished() -> bool:
            return all(j is not None and j.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
                       for _r, j in (_run_and_job(platform, i) for i in runs))

        _wait(all_finished, f"for every run to finish\n{procs.tails()}")
        for t in annotators:
            t.join(timeout=240)
        _check_sessions([a, b], "reader")
        _check_revocation(platform, [a, b], "revoker")
        survivor = next(p for name, p in procs.procs.items()
                        if name.startswith("worker-") and name != victim)
        assert survivor.poll() is None, procs.tails()
        logs_text = procs.tails()
    elapsed = time.monotonic() - started

    # every run finished exactly once
    made: set[str] = set()
    for run_id, (recipe, source) in runs.items():
        run, job = _run_and_job(platform, run_id)
        assert job is not None
        assert (run.status, run.error, run.version_number) == (RunStatus.SUCCEEDED, "", 1), \
            (job.status, job.error, logs_text)
        assert job.status is JobStatus.SUCCEEDED and job.published_at is not None
        assert job.attempts == (2 if run_id == sharded else 1), (run_id, job.attempts)
        assert job.result == {"run": run_id, "dataset": run.target_name, "version": 1} | (
            {"resumed_shards": killed_after} if run_id == sharded else {}), job.result
        with platform.session() as s:
            numbers = list(s.scalars(select(DatasetVersion.number).join(Dataset)
                                     .where(Dataset.name == run.target_name)))
        assert numbers == [1], (run.target_name, numbers)
        folders = list((Path(platform.settings.storage_root) / "datasets"
                        / run.target_name).iterdir())
        assert len(folders) == 1, folders
        # byte-identical to the same recipe run here, in one process
        expected = f"expected-{source}"
        if expected not in made:
            run_recipe_on_dataset(platform, resolve_recipe(recipe), f"{source}@1", expected,
                                  creator="test", progress=False)
            made.add(expected)
        assert _shards(platform, (run.target_name, 1)) == _shards(platform, (expected, 1))
        assert _rows(platform, f"{run.target_name}@1") == _rows(platform, f"{expected}@1")
    assert not (platform.settings.home / "work" / f"corpus-run-{sharded}").exists()

    # 0 answers lost, 0 items given twice to one annotator, overlap exactly as asked
    assert tally.errors == [], tally.errors
    with platform.session() as s:
        stored = s.scalar(select(func.count()).select_from(Answer))
        pairs = s.execute(select(Lease.item_id, Lease.annotator)).all()
        counted = Counter(s.scalars(select(Answer.item_id)
                                    .where(Answer.state == AnswerState.COUNTED)))
        items = s.scalar(select(func.count()).select_from(Item))
    assert stored == tally.accepted == ITEMS * OVERLAP, (stored, tally.accepted)
    assert len(pairs) == len(set(pairs)), Counter(pairs).most_common(3)
    assert len(counted) == items and set(counted.values()) == {OVERLAP}
    print(f"multi-process test: {elapsed:.1f} s with the cluster up")
