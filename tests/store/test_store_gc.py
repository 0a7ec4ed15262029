"""Leftovers of ``kill -9`` are swept after a grace period; writes in progress never are."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jingshu.platform import Platform
from jingshu.store import DatasetStore
from jingshu.store.shard_writer import ROW_GROUP_ROWS
from jingshu.web.app import create_app
from tests.factories import make_dataset
from tests.store.conftest import IMPORT, numbers

HOUR = 3600.0

WRITER = """
import sys, time
import pyarrow as pa
from jingshu.store import DatasetStore, Provenance
w = DatasetStore(sys.argv[1]).writer("news", creator="t", made_by=Provenance("import", "x"),
                                     shard_rows=2)
w.write_batch(pa.record_batch({"id": [1, 2, 3], "text": ["甲", "乙", "丙"]}))
print("ready", flush=True)
time.sleep(600)
"""


def _age(path: Path, seconds: float) -> None:
    """Make ``path`` and everything under it look ``seconds`` old."""
    then = time.time() - seconds
    for parent, dirs, files in os.walk(path):
        for name in (*dirs, *files):
            os.utime(os.path.join(parent, name), (then, then))
    os.utime(path, (then, then))


def _killed_writer(root: Path) -> Path:
    """Run a writer in another process and kill -9 it mid-write; its staging folder."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(root)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    [staging] = list((root / ".tmp").iterdir())
    return staging


@pytest.fixture
def system_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private stand-in for the system's temporary folder."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_killed_writers_staging_folder_goes_after_the_grace_period(platform: Platform,
                                                                     system_tmp: Path) -> None:
    root = Path(platform.settings.storage_root)
    staging = _killed_writer(root)
    assert platform.collect_garbage(HOUR).count == 0  # young: could be a live write
    _age(staging, 2 * HOUR)
    report = platform.collect_garbage(HOUR)
    assert report.staging == [f".tmp/{staging.name}"] and not staging.exists()


def test_a_live_writer_is_never_swept(platform: Platform, system_tmp: Path) -> None:
    root = Path(platform.settings.storage_root)
    old = _killed_writer(root)
    _age(old, 2 * HOUR)
    with platform.store.writer("live", creator="t", made_by=IMPORT) as live:
        live.write_batch(numbers(0, ROW_GROUP_ROWS))  # a row group into the first shard
        staging_folders = {p.name for p in (root / ".tmp").iterdir()}
        _age(root / ".tmp" / (staging_folders - {old.name}).pop(), 2 * HOUR)
        # the next row group goes into the same shard file: the folder's own mtime stays
        # old, but the shard is fresh, so the folder counts as fresh
        live.write_batch(numbers(ROW_GROUP_ROWS, ROW_GROUP_ROWS))
        report = platform.collect_garbage(60)
        assert report.staging == [f".tmp/{old.name}"]
        location, _manifest = live.commit()
    assert platform.store.open(location).manifest.rows == 2 * ROW_GROUP_ROWS


def test_unrecorded_versions_and_temp_folders_are_swept(platform: Platform,
                                                        system_tmp: Path) -> None:
    make_dataset(platform, name="kept")
    with platform.store.writer("kept", creator="t", made_by=IMPORT) as w:
        w.write_batch(numbers(0, 2))
        orphan, _ = w.commit()  # committed in the store, never recorded in the catalog
    upload = system_tmp / "jingshu-upload-abc"
    upload.mkdir()
    (upload / "news.jsonl").write_text("{}\n")
    fresh = system_tmp / "jingshu-download-new"
    fresh.mkdir()
    other = system_tmp / "someone-else"
    other.mkdir()
    home_tmp = Path(platform.settings.home) / "tmpq1w2e3"
    home_tmp.mkdir()
    spooled = Path(platform.settings.home) / "artefacts" / "tmp" / "tmpa8b7c6"
    spooled.parent.mkdir(parents=True)
    spooled.write_bytes(b"half an upload")
    for path in (Path(platform.settings.storage_root) / orphan, upload, other, home_tmp, spooled):
        _age(path, 2 * HOUR)
    dry = platform.collect_garbage(HOUR, dry_run=True)
    assert dry.orphans == [orphan] and upload.exists()
    report = platform.collect_garbage(HOUR)
    assert report.orphans == [orphan]
    assert report.temp == sorted([str(upload), str(home_tmp), str(spooled)])
    assert fresh.exists() and other.exists() and not upload.exists()
    with platform.session():
        assert [v for v in platform.store.locations() if "kept" in v]  # the recorded one


def test_the_server_sweeps_at_start(platform: Platform, system_tmp: Path) -> None:
    staging = _killed_writer(Path(platform.settings.storage_root))
    _age(staging, 2 * HOUR)
    with TestClient(create_app(platform)):
        pass
    assert not staging.exists()


def test_store_sweep_orphans_dry_run_lists_only(store: DatasetStore) -> None:
    with store.writer("ds", creator="t", made_by=IMPORT) as w:
        w.write_batch(numbers(0, 1))
        location, _ = w.commit()
    assert store.sweep_orphans(set(), dry_run=True) == [location]
    assert store.locations() == [location]
