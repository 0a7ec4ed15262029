"""The byte progress bar follows a file another piece of code reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingshu.cli import progress
from jingshu.cli.progress import read_progress


def test_bar_follows_the_read_position(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "_POLL_S", 0.01)
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"x" * 100_000)
    with read_progress(str(path)), path.open("rb", buffering=0) as f:
        f.read(50_000)
        assert progress._position(str(path.resolve())) == 50_000
        f.read()


def test_no_bar_for_folders_or_when_disabled(tmp_path: Path) -> None:
    with read_progress(str(tmp_path)):
        pass
    with read_progress(str(tmp_path / "missing.jsonl"), enabled=False):
        pass
    assert progress._position(str(tmp_path / "nothing-open")) is None
