"""``JINGSHU_RAY_ADDRESS``: corpus runs and dedup on an existing two-node Ray cluster.

The module starts a real cluster on 127.0.0.1 with the ``ray start`` command (a head
and one more node, one CPU each, ``--block`` so that each node lives as long as its
``ray start`` process), sends work to it from ``jingshu`` processes that only have the
setting, and checks the output bytes against the local executor's. Ray's session
files go to a temporary folder, so the cluster is not the one a plain ``ray.init()``
elsewhere on the machine would find.

Teardown stops only the nodes started here (SIGTERM to each ``ray start --block``
process group, SIGKILL after a grace period, then any leftover process whose command
line names this cluster's temporary folder): ``ray stop`` would stop every Ray on the
machine, other users' and other tests' included.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from jingshu.catalog.service import get_version, open_version, parse_ref
from jingshu.corpus.dedup import NearDedupConfig, dedup_files
from jingshu.corpus.executor import run_files
from jingshu.jobs.corpus_runs import submit_run
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.jobs.runs import RunRequest, resolve_recipe
from jingshu.platform import Platform
from tests.corpus.dedup.test_api import ORIGINALS, shards  # noqa: F401  (fixture)
from tests.factories import make_dataset

pytestmark = [
    pytest.mark.ray,
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("ray") is None,
        reason="ray is not installed (pip install 'jingshu[ray]')",
    ),
]

REPO = Path(__file__).resolve().parents[2]
RAY = Path(sys.executable).parent / "ray"
START_TIMEOUT_S = 120
RUN_TIMEOUT_S = 240
STOP_GRACE_S = 20

RECIPE = """name: cluster
steps:
  - op: whitespace
  - op: text_length
    params: {min_chars: 4}
  - op: near_dedup
    params: {threshold: 0.5, verify: true, line_min_docs: 5}
  - op: exact_dedup
    params: {scope: dataset}
"""


@dataclass(frozen=True)
class Cluster:
    """A running local cluster: its GCS address and its session folder."""

    address: str
    temp_dir: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ray_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAY_", "JINGSHU_RAY"))}
    # no token authentication: a local ray.init() elsewhere writes ~/.ray/auth_token, and a
    # head started later would then require the token from every client
    return {
        **env,
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_AUTH_MODE": "disabled",
        "PYTHONPATH": str(REPO / "src"),
    }


def _start_node(temp_dir: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    """``ray start --block`` in its own process group (stopped as a group)."""
    command = [
        str(RAY),
        "start",
        "--block",
        "--node-ip-address=127.0.0.1",
        "--num-cpus=1",
        f"--temp-dir={temp_dir}",
        "--object-store-memory=80000000",
        f"--dashboard-agent-listen-port={_free_port()}",
        "--disable-usage-stats",
        *args,
    ]
    with log.open("wb") as sink:
        return subprocess.Popen(
            command, env=_ray_env(), stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop_node(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)  # the --block process stops its node's processes
    try:
        proc.wait(STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(STOP_GRACE_S)


def _kill_leftovers(temp_dir: Path) -> None:
    """SIGKILL this user's processes whose command line names ``temp_dir`` (ours only)."""
    marker = str(temp_dir).encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if entry.stat().st_uid == os.getuid() and marker in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)


def _connected(address: str) -> Any:
    import ray

    ray.init(address=address, include_dashboard=False, log_to_driver=False)
    return ray


def _listening(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    with socket.socket() as s:
        s.settimeout(1.0)
        return s.connect_ex((host, int(port))) == 0


def _alive_nodes(address: str) -> int:
    ray = _connected(address)
    try:
        return sum(1 for n in ray.nodes() if n["Alive"])
    finally:
        ray.shutdown()


def _wait_for_nodes(
    address: str, count: int, nodes: list[subprocess.Popen[bytes]], logs: list[Path]
) -> None:
    """Until ``count`` nodes are alive; fails at once when a ``ray start`` has exited."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        exited = [n.args for n in nodes if n.poll() is not None]
        late = time.monotonic() > deadline
        if exited or late:
            tails = "\n".join(p.read_text(errors="replace")[-2000:] for p in logs if p.exists())
            what = f"exited: {exited}" if exited else f"not up in {START_TIMEOUT_S} s"
            raise RuntimeError(f"Ray cluster of {count} node(s) {what}\n{tails}")
        if _listening(address) and _alive_nodes(address) >= count:
            return
        time.sleep(1.0)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A head and one worker node on 127.0.0.1, one CPU each; stopped however the tests end."""
    temp_dir = Path(tempfile.mkdtemp(prefix="jsray", dir="/tmp"))  # short: socket paths
    port = _free_port()
    address = f"127.0.0.1:{port}"
    logs = [temp_dir.with_name(temp_dir.name + f".{n}.log") for n in ("head", "node")]
    nodes: list[subprocess.Popen[bytes]] = []
    patch = pytest.MonkeyPatch()
    patch.setenv("RAY_AUTH_MODE", "disabled")  # this process's driver, as the nodes
    try:
        nodes.append(
            _start_node(
                temp_dir,
                logs[0],
                "--head",
                f"--port={port}",
                "--include-dashboard=false",
                f"--dashboard-port={_free_port()}",
            )
        )
        _wait_for_nodes(address, 1, nodes, logs)
        nodes.append(_start_node(temp_dir, logs[1], f"--address={address}"))
        _wait_for_nodes(address, 2, nodes, logs)
        yield Cluster(address, temp_dir)
    finally:
        for node in reversed(nodes):
            _stop_node(node)
        _kill_leftovers(temp_dir)
        shutil.rmtree(temp_dir, ignore_errors=True)
        for log in logs:
            log.unlink(missing_ok=True)
        patch.undo()


@dataclass(frozen=True)
class Done:
    """A finished ``jingshu`` process."""

    pid: int
    stdout: str
    stderr: str


def _jingshu(cluster: Cluster, home: Path, *args: str, env: dict[str, str] | None = None) -> Done:
    """A ``jingshu`` process that knows the cluster only from ``JINGSHU_RAY_ADDRESS``."""
    environment = {**_ray_env(), **(env or {}), "JINGSHU_RAY_ADDRESS": cluster.address}
    with subprocess.Popen(
        [sys.executable, "-m", "jingshu.cli.main", "--home", str(home), *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"jingshu {' '.join(args[:2])} took over {RUN_TIMEOUT_S} s: {err[-3000:]}")
    assert proc.returncode == 0, err[-3000:]
    return Done(proc.pid, out, err)


def _driver_pids(cluster: Cluster) -> set[int]:
    """Process ids of every driver that has connected to the cluster."""
    ray = _connected(cluster.address)
    try:
        from ray._private.state import jobs

        return {int(job["DriverPid"]) for job in jobs()}  # type: ignore[no-untyped-call]
    finally:
        ray.shutdown()


def _shards(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.jsonl.gz"))}


def _ids(folder: Path) -> set[str]:
    ids: set[str] = set()
    for path in folder.glob("*.jsonl.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            ids |= {json.loads(line)["id"] for line in fh}
    return ids


def test_a_file_run_and_dedup_on_the_cluster_give_the_local_bytes(
    cluster: Cluster,
    shards: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    recipe = tmp_path / "cluster.yaml"
    recipe.write_text(RECIPE, encoding="utf-8")
    local = run_files(recipe, shards, tmp_path / "local", progress=False)
    run = _jingshu(
        cluster,
        tmp_path / "home",
        "corpus",
        "run",
        str(recipe),
        "--input",
        str(shards),
        "--output",
        str(tmp_path / "remote"),
        "--json",
    )
    remote = json.loads(run.stdout)["report"]
    assert _shards(tmp_path / "remote") == _shards(tmp_path / "local")
    assert len(_shards(tmp_path / "local")) == 2
    assert (remote["docs_in"], remote["docs_out"]) == (local.docs_in, local.docs_out)
    near = next(op for op in remote["operators"] if op["name"] == "near_dedup")
    assert near["drops"] == local.operators[2].drops and near["drops"]  # dedup did remove

    config = NearDedupConfig(threshold=0.5, verify=True, line_min_docs=5)
    expected = dedup_files(shards, tmp_path / "dedup-local", config, progress=False)
    dedup = _jingshu(
        cluster,
        tmp_path / "home",
        "corpus",
        "dedup",
        "--input",
        str(shards),
        "--output",
        str(tmp_path / "dedup-remote"),
        "--threshold",
        "0.5",
        "--verify",
        "--line-min-docs",
        "5",
    )
    assert _shards(tmp_path / "dedup-remote") == _shards(tmp_path / "dedup-local")
    assert len(_ids(tmp_path / "dedup-remote")) == expected.docs_out < expected.docs_in
    assert {run.pid, dedup.pid} <= _driver_pids(cluster)  # both ran as the cluster's drivers


def test_a_queued_dataset_run_on_the_cluster_publishes_the_local_rows(
    cluster: Cluster, platform: Platform
) -> None:
    rows = [{"id": f"d{i}", "text": ORIGINALS[i % 6]} for i in range(30)]
    make_dataset(platform, name="raw", rows=rows)
    with platform.session() as s:
        source = get_version(s, *parse_ref("raw@1"))
        submit_run(s, source, RunRequest(RECIPE, "raw@1", "clean"), actor="alice")
    settings = platform.settings
    worker = _jingshu(
        cluster,
        settings.home,
        "worker",
        "--once",
        env={
            "JINGSHU_DATABASE_URL": settings.database_url,
            "JINGSHU_STORAGE_ROOT": settings.storage_root,
            "JINGSHU_SECRET_KEY": settings.secret_key,
        },
    )
    # raw@1's profile, the run, and the profile of the version it published
    assert "ran 3 job(s)" in worker.stdout, worker.stderr[-3000:]
    expected, _ = run_recipe_on_dataset(
        platform, resolve_recipe(RECIPE), "raw@1", "expected", creator="test", progress=False
    )
    with platform.session() as s:
        made = open_version(platform.store, get_version(s, "clean", 1))
        local = open_version(platform.store, get_version(s, "expected", expected.number))
    kept = [r for b in made.iter_batches() for r in b.to_pylist()]
    assert kept == [r for b in local.iter_batches() for r in b.to_pylist()]
    assert [r["id"] for r in kept] == [f"d{i}" for i in range(6)]  # 6 distinct texts
    assert worker.pid in _driver_pids(cluster)
