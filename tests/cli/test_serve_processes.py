"""``jingshu serve --workers 2``: two real server processes over one database share the
job queue (a corpus run submitted over HTTP is executed and published once)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org
from tests.jobs.test_runs import RECIPE, ROWS
from tests.web.helpers import as_role

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if not path.exists():
        pytest.skip("needs Linux /proc to count the server's processes")
    return [int(p) for p in path.read_text().split()]


def _until(check: Any, timeout_s: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            value = check()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_two_server_processes_share_the_job_queue(platform: Platform) -> None:
    make_org(platform, "pub-org")
    make_dataset(platform, name="raw", rows=ROWS, organization="pub-org")
    headers = as_role(platform, Role.PUBLISHER, organization="pub-org", name="pub")
    port = _free_port()
    env = {**os.environ, "JINGSHU_DATABASE_URL": platform.settings.database_url,
           "JINGSHU_SECRET_KEY": "test-secret", "PYTHONPATH": str(REPO / "src")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jingshu.cli.main", "--home", str(platform.settings.home),
         "serve", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        _until(lambda: httpx.get(f"{base}/organizations", timeout=5).status_code == 200)
        assert len(_until(lambda: len(_children(server.pid)) >= 2 and _children(server.pid),
                          30)) >= 2
        submitted = httpx.post(f"{base}/corpus/runs", headers=headers, timeout=30, json={
            "recipe": RECIPE, "source": "raw@1", "target": "raw-clean"})
        assert submitted.status_code == 202, submitted.text
        run_id = submitted.json()["id"]

        def finished() -> dict[str, Any] | None:
            body: dict[str, Any] = httpx.get(f"{base}/corpus/runs/{run_id}", headers=headers,
                                             timeout=10).json()
            return body if body["status"] in ("succeeded", "failed") else None

        done = _until(finished)
        assert (done["status"], done["version"]) == ("succeeded", 1), done["error"]
        job = httpx.get(f"{base}/jobs/{done['job']}", headers=headers, timeout=10).json()
        assert (job["status"], job["attempts"]) == ("succeeded", 1)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
