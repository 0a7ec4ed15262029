"""The audit log: every write and every download, each entry chained to the one before.

Entry *n* stores ``prev_hash`` (entry *n-1*'s hash) and ``hash`` = sha256 over its own
canonical content and ``prev_hash``. :func:`verify_chain` walks the log and reports the
first entry edited, inserted or deleted behind the application's back. Appends are
serialized through the one-row ``audit_head`` table (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite serializes writers itself), so concurrent writers cannot fork it.

A chain that is intact but shorter than what was confirmed (an older copy of the
database restored, or rows deleted together with ``audit_head``) is found by comparing
with the head anchored outside the database (:mod:`jingshu.audit.anchor`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from jingshu.audit.anchor import PENDING_HEAD, AnchorState, AuditAnchor
from jingshu.db.base import Base, utcnow
from jingshu.errors import IntegrityError

__all__ = ["AuditEntry", "AuditHead", "ChainProblem", "record", "verify_chain"]

GENESIS = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the id and hash of the newest entry (the lock appends take)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


def _digest(seq: int, at: datetime, actor: str, action: str, target: str, detail: str,
            prev: str) -> str:
    body = json.dumps([seq, at.isoformat(), actor, action, target, detail, prev],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def record(session: Session, actor: str, action: str, target: str,
           detail: Mapping[str, Any] | None = None) -> AuditEntry:
    """Append an entry in the caller's transaction (committed with the change it records)."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar()
    if head is None:
        head = AuditHead(id=1, last_id=0, last_hash=GENESIS)
        session.add(head)
    text = json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True, default=str)
    seq = head.last_id + 1
    at = utcnow()
    entry = AuditEntry(id=seq, at=at, actor=actor, action=action, target=target, detail=text,
                       prev_hash=head.last_hash)
    entry.hash = _digest(seq, at, actor, action, target, text, head.last_hash)
    head.last_id, head.last_hash = seq, entry.hash
    session.add(entry)
    session.flush()
    session.info[PENDING_HEAD] = (seq, entry.hash)  # anchored after the commit
    return entry


@dataclass(frozen=True)
class ChainProblem:
    """The first place the chain breaks."""

    entry_id: int
    kind: str  # "edited" | "inserted" | "deleted" | "truncated" | "lost" | "rewritten" | "anchor"
    message: str


def verify_chain(session: Session, anchor: AuditAnchor | None = None,
                 ) -> tuple[int, ChainProblem | None]:
    """Walk the whole log; return (entries checked, first problem or None).

    With ``anchor``, also check that the log still holds the newest entry a commit
    confirmed (problem kinds ``lost`` and ``rewritten``; ``anchor`` when the anchor file
    itself was edited or cannot be read).
    """
    anchored, anchor_problem = None, None
    try:
        anchored = anchor.load() if anchor is not None else None
    except IntegrityError as exc:
        anchor_problem = ChainProblem(0, "anchor", exc.message)
    anchored_hash: str | None = None
    prev_hash, expected_id, count = GENESIS, 1, 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for e in rows:
        count += 1
        own = _digest(e.id, e.at, e.actor, e.action, e.target, e.detail, e.prev_hash)
        if e.id != expected_id and e.prev_hash != prev_hash:
            return count, ChainProblem(expected_id, "deleted",
                                       f"entry {expected_id} is missing: entry {e.id} follows "
                                       f"entry {expected_id - 1}")
        if own != e.hash:
            return count, ChainProblem(e.id, "edited",
                                       f"entry {e.id} ({e.action} {e.target}) was edited: its "
                                       "content no longer matches its hash")
        if e.prev_hash != prev_hash or e.id != expected_id:
            return count, ChainProblem(e.id, "inserted",
                                       f"entry {e.id} ({e.action} {e.target}) was inserted: it "
                                       f"does not chain to entry {expected_id - 1}")
        if anchored is not None and e.id == anchored.last_id:
            anchored_hash = e.hash
        prev_hash, expected_id = e.hash, e.id + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_id != expected_id - 1 or head.last_hash != prev_hash):
        return count, ChainProblem(expected_id, "truncated",
                                   f"the log ends at entry {expected_id - 1} but "
                                   f"{head.last_id} were written: the newest entries were deleted")
    if anchor_problem is not None:
        return count, anchor_problem
    if anchored is not None:
        return count, _against_anchor(anchored, anchored_hash, expected_id - 1, anchor)
    return count, None


def _against_anchor(anchored: AnchorState, found_hash: str | None, last: int,
                    anchor: AuditAnchor | None) -> ChainProblem | None:
    where = anchor.path if anchor is not None else "the anchor"
    if found_hash is None:
        return ChainProblem(last + 1, "lost",
                            f"the log ends at entry {last}, but entry {anchored.last_id} was "
                            f"confirmed at {anchored.at} (anchored in {where}): "
                            f"{anchored.last_id - last} confirmed entries and the writes they "
                            "record are gone (an older copy of the database was restored, "
                            "or rows were deleted together with the audit head)")
    if found_hash != anchored.last_hash:
        return ChainProblem(anchored.last_id, "rewritten",
                            f"entry {anchored.last_id} is not the one confirmed at "
                            f"{anchored.at} (anchored in {where}): the log was rewritten "
                            "from there on")
    return None
