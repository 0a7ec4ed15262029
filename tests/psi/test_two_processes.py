"""``jingshu psi serve`` and ``jingshu psi join`` as two processes on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from jingshu.catalog.service import get_version
from jingshu.platform import Platform
from jingshu.settings import load_settings

JINGSHU = [sys.executable, "-m", "jingshu.cli.main"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("the PSI server did not start")


def test_serve_and_join_between_two_processes(tmp_path: Path) -> None:
    hospital, insurer = tmp_path / "hospital.txt", tmp_path / "insurer.txt"
    hospital.write_text("".join(f"{i:017d}x\n" for i in range(500)), encoding="utf-8")
    insurer.write_text("".join(f"{i:017d}X\n" for i in range(450, 1000)), encoding="utf-8")
    port = _free_port()
    env = os.environ | {"JINGSHU_HOME": str(tmp_path / "home"), "JINGSHU_SECRET_KEY": "t"}
    env.pop("JINGSHU_DATABASE_URL", None)
    server = subprocess.Popen([*JINGSHU, "psi", "serve", "--file", str(hospital), "--port",
                               str(port), "--workers", "1"], env=env, stderr=subprocess.PIPE)
    try:
        _wait(port, server)
        peer = f"http://127.0.0.1:{port}"
        done = subprocess.run([*JINGSHU, "psi", "join", "--file", str(insurer), "--peer", peer,
                               "--workers", "1", "--save-as", "shared-patients"],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert (out["intersection_size"], out["size_self"], out["size_peer"]) == (50, 550, 500)
        size = subprocess.run([*JINGSHU, "psi", "join", "--file", str(insurer), "--peer", peer,
                               "--size-only", "--workers", "1"],
                              env=env, capture_output=True, text=True, timeout=120)
        assert json.loads(size.stdout)["intersection_size"] == 50
        other = subprocess.run([*JINGSHU, "psi", "join", "--file", str(insurer), "--peer", peer,
                                "--suite", "ristretto255"],
                               env=env, capture_output=True, text=True, timeout=120)
        assert other.returncode == 2 and "--suite x25519" in other.stderr
        bad = tmp_path / "bad.txt"
        bad.write_text("110105194912310021\n1234\n", encoding="utf-8")
        refused = subprocess.run([*JINGSHU, "psi", "join", "--file", str(bad), "--peer", peer],
                                 env=env, capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2 and "line 2" in refused.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
    platform = Platform(load_settings(home=str(tmp_path / "home")))
    try:
        with platform.session() as s:
            assert get_version(s, "shared-patients").rows == 50
    finally:
        platform.close()
