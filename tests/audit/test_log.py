from __future__ import annotations

from sqlalchemy import text

from jingshu.audit import record, verify_chain
from jingshu.platform import Platform


def _write(platform: Platform, n: int) -> None:
    with platform.session() as s:
        for i in range(n):
            record(s, "alice", "dataset.update", f"dataset:d{i}", {"i": i, "标题": "语料"})


def _verify(platform: Platform) -> tuple[int, str | None, int | None]:
    with platform.session() as s:
        count, problem = verify_chain(s)
    return count, problem.kind if problem else None, problem.entry_id if problem else None


def test_intact_chain_verifies(platform: Platform) -> None:
    _write(platform, 5)
    assert _verify(platform) == (5, None, None)


def test_edited_entry_is_found(platform: Platform) -> None:
    _write(platform, 5)
    with platform.db.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE id = 3"))
    assert _verify(platform)[1:] == ("edited", 3)


def test_deleted_entry_is_found(platform: Platform) -> None:
    _write(platform, 5)
    with platform.db.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log WHERE id = 2"))
    assert _verify(platform)[1:] == ("deleted", 2)


def test_inserted_entry_is_found(platform: Platform) -> None:
    _write(platform, 3)
    with platform.db.engine.begin() as c:
        c.execute(text(
            "INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) "
            "SELECT 4, at, actor, action, target, detail, hash, hash FROM audit_log WHERE id = 3"))
    kind = _verify(platform)[1]
    assert kind in {"edited", "inserted"}


def test_truncated_tail_is_found(platform: Platform) -> None:
    _write(platform, 4)
    with platform.db.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log WHERE id = 4"))
    assert _verify(platform)[1:] == ("truncated", 4)


def test_forged_entry_with_recomputed_hash_breaks_next_link(platform: Platform) -> None:
    """Rewriting an entry and its own hash still breaks the next entry's prev_hash."""
    _write(platform, 4)
    with platform.db.engine.begin() as c:
        # a first character that differs from the stored one (a hash starting with f
        # made the old 'f' || … a no-op, one run in sixteen: failed once in CI)
        c.execute(text("UPDATE audit_log SET hash = CASE WHEN substr(hash, 1, 1) = 'f' "
                       "THEN 'e' ELSE 'f' END || substr(hash, 2) WHERE id = 2"))
    _count, kind, entry = _verify(platform)
    assert kind == "edited" and entry == 2
