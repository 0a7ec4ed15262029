"""The audit chain's head anchored outside the database finds confirmed writes that vanished."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from tests.conftest import PG_URL
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, as_role

from jingshu.accounts.models import Role
from jingshu.audit import AuditEntry, AuditHead, record, verify_chain
from jingshu.audit.anchor import AuditAnchor
from jingshu.errors import IntegrityError
from jingshu.platform import Platform
from jingshu.web.app import create_app


def _verify(platform: Platform, anchored: bool = True) -> tuple[str | None, int | None]:
    with platform.session() as s:
        _count, problem = verify_chain(s, platform.audit_anchor if anchored else None)
    return (problem.kind, problem.entry_id) if problem else (None, None)


def _last_id(platform: Platform) -> int:
    head = platform.audit_anchor.load()
    assert head is not None
    return head.last_id


def test_each_commit_advances_the_anchor(platform: Platform) -> None:
    assert platform.audit_anchor.load() is None
    make_org(platform)
    first = _last_id(platform)
    make_dataset(platform)
    assert _last_id(platform) > first
    assert _verify(platform) == (None, None)


def test_a_rolled_back_write_does_not_advance_it(platform: Platform) -> None:
    make_org(platform)
    before = _last_id(platform)
    with pytest.raises(RuntimeError), platform.session() as s:
        record(s, "x", "dataset.update", "dataset:x")
        raise RuntimeError("abort")
    assert _last_id(platform) == before
    make_org(platform)  # the next commit reuses the id the rollback gave back
    assert _verify(platform) == (None, None)


def test_rows_deleted_with_the_head_are_reported_lost(platform: Platform) -> None:
    for _ in range(3):
        make_dataset(platform)
    confirmed = _last_id(platform)
    with platform.session() as s:  # delete the newest entries and rewind the head to match
        keep = s.get_one(AuditEntry, 2)
        s.execute(delete(AuditEntry).where(AuditEntry.id > 2))
        s.execute(update(AuditHead).values(last_id=2, last_hash=keep.hash))
    assert _verify(platform, anchored=False) == (None, None)  # the chain alone cannot tell
    kind, entry = _verify(platform)
    assert (kind, entry) == ("lost", 3)
    with platform.session() as s:
        _count, problem = verify_chain(s, platform.audit_anchor)
    assert problem is not None and f"{confirmed - 2} confirmed entries" in problem.message


def test_a_rewritten_tail_is_reported(platform: Platform) -> None:
    for _ in range(2):
        make_dataset(platform)
    confirmed = _last_id(platform)
    with platform.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id > 2))
        keep = s.get_one(AuditEntry, 2)
        s.execute(update(AuditHead).values(last_id=2, last_hash=keep.hash))
    with Session(platform.db.engine) as s:  # a forged, well-chained tail of the same length
        for i in range(confirmed - 2):
            record(s, "mallory", "dataset.update", f"dataset:fake{i}")
        s.commit()
    assert _verify(platform, anchored=False) == (None, None)
    assert _verify(platform) == ("rewritten", confirmed)


def test_an_edited_anchor_file_is_an_integrity_error(platform: Platform) -> None:
    make_org(platform)
    path = platform.audit_anchor.path
    body = json.loads(path.read_text("utf-8"))
    body["head"]["last_hash"] = "0" * 64
    path.write_text(json.dumps(body), "utf-8")
    with platform.session() as s:
        _count, problem = verify_chain(s, platform.audit_anchor)
    assert problem is not None and problem.kind == "anchor"
    assert "signature" in problem.message and str(path) in problem.message


def test_the_anchor_only_moves_forward(tmp_path: Path) -> None:
    anchor = AuditAnchor(tmp_path / "a.json", "sqlite:///x", "k")
    anchor.advance(5, "e" * 64)
    anchor.advance(3, "d" * 64)
    head = anchor.load()
    assert head is not None and (head.last_id, head.last_hash) == (5, "e" * 64)
    assert AuditAnchor(tmp_path / "a.json", "sqlite:///x", "other-key").path.exists()
    with pytest.raises(IntegrityError, match="secret key"):
        AuditAnchor(tmp_path / "a.json", "sqlite:///x", "other-key").load()


@pytest.mark.skipif(bool(PG_URL), reason="restores the SQLite database file")
def test_restoring_an_older_database_file_reports_the_lost_posts(platform: Platform) -> None:
    """The issue's reproduction: three POST /datasets answered 201, then the file went back."""
    db_file = Path(platform.settings.home) / "jingshu.db"
    org = make_org(platform)
    make_dataset(platform, name="kept", organization=org.name)
    headers = as_role(platform, Role.PUBLISHER, organization=org.name)
    older = db_file.with_name("older.db")
    live, copy = sqlite3.connect(db_file), sqlite3.connect(older)
    live.backup(copy)
    live.close()
    copy.close()
    with TestClient(create_app(platform)) as client:
        for i in range(3):
            made = client.post(f"{API}/datasets", headers=headers,
                               json={"name": f"lost-{i}", "title": "会丢失的数据集"})
            assert made.status_code == 201, made.text
    platform.db.engine.dispose()
    for suffix in ("-wal", "-shm"):
        db_file.with_name(db_file.name + suffix).unlink(missing_ok=True)
    shutil.copy(older, db_file)
    with platform.session() as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.target == "dataset:lost-0")) \
            is None
    assert _verify(platform, anchored=False) == (None, None)  # what verify said before
    kind, _entry = _verify(platform)
    assert kind == "lost"
