"""``jingshu audit``: verify catches tampering in the database; log reads it."""

from __future__ import annotations

from sqlalchemy import delete, update

from jingshu.audit import AuditEntry, AuditHead
from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset, make_org


def _some_history(platform: Platform) -> None:
    make_org(platform, "bj-data")
    make_dataset(platform, name="zh-a")
    make_dataset(platform, name="zh-b")


def test_verify_intact(invoke: Invoke, platform: Platform) -> None:
    _some_history(platform)
    out = invoke("audit", "verify").stdout.strip()
    assert out.startswith("audit log intact: 5 entries; matches the head anchored at entry 5")
    checked = as_json(invoke("audit", "verify", "--json"))
    assert checked["anchor"]["entry"] == 5
    assert {k: checked[k] for k in ("intact", "entries", "problem")} == {
        "intact": True, "entries": 5, "problem": None}


def test_verify_catches_an_edit(invoke: Invoke, platform: Platform) -> None:
    _some_history(platform)
    with platform.session() as s:
        s.execute(update(AuditEntry).where(AuditEntry.id == 3).values(actor="mallory"))
    result = invoke("audit", "verify", code=1)
    assert "entry 3" in result.stderr and "edited" in result.stderr
    problem = as_json(invoke("audit", "verify", "--json", code=1))["problem"]
    assert (problem["entry"], problem["kind"]) == (3, "edited")


def test_verify_catches_a_deletion_and_truncation(invoke: Invoke, platform: Platform) -> None:
    _some_history(platform)
    with platform.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id == 5))
    assert "(truncated)" in invoke("audit", "verify", code=1).stderr
    with platform.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id == 2))
    assert "entry 2 (deleted)" in invoke("audit", "verify", code=1).stderr


def test_log(invoke: Invoke, platform: Platform) -> None:
    _some_history(platform)
    entries = as_json(invoke("audit", "log", "-n", "2", "--json"))
    assert [e["id"] for e in entries] == [4, 5]
    assert entries[-1]["action"] == "version.publish"
    assert "organization.create" in invoke("audit", "log").stdout


def test_verify_catches_confirmed_entries_lost_with_the_head(invoke: Invoke,
                                                             platform: Platform) -> None:
    """Rows deleted together with the head row: the chain is intact, the anchor is not."""
    _some_history(platform)
    with platform.session() as s:
        keep = s.get_one(AuditEntry, 3)
        s.execute(delete(AuditEntry).where(AuditEntry.id > 3))
        s.execute(update(AuditHead).values(last_id=3, last_hash=keep.hash))
    result = invoke("audit", "verify", code=1)
    assert "(lost)" in result.stderr and "entry 5 was confirmed" in result.stderr
    problem = as_json(invoke("audit", "verify", "--json", code=1))["problem"]
    assert (problem["entry"], problem["kind"]) == (4, "lost")
