"""The assignment engine: which item an annotator labels next, under a lease.

Rules, in order:

1. Every call first *touches the member's row* (``UPDATE … SET last_seen``). On
   PostgreSQL that locks it, so one annotator's concurrent requests run one at a
   time; on SQLite the write takes the database's write lock, so every assignment is
   serialized (the embedded default trades throughput for simplicity).
2. An annotator holding an open, unexpired lease gets that same item back.
3. Expired leases are returned to the pool (their item's ``taken`` drops by one),
   only for items whose row can be locked without waiting.
4. Gold items are mixed in at the project's rate; members answering the
   qualification test get only gold items.
5. A regular item is chosen among those with ``taken < needed`` that the annotator has
   never leased, fewest ``taken`` first (breadth-first, so work spreads evenly), with
   ``SELECT … FOR UPDATE SKIP LOCKED``: concurrent annotators never wait on each other
   and never take the same slot. ``taken`` only changes while the item's row is locked,
   so overlap is exactly ``needed``; the unique ``(item_id, annotator)`` constraint
   makes "never the same item twice" hold even against a bug here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from jingshu.annotate.models import (
    AnnotationProject,
    Item,
    Lease,
    LeaseState,
    Member,
    MemberState,
    ProjectState,
)
from jingshu.db.base import utcnow
from jingshu.errors import ConflictError, PermissionDenied

__all__ = ["Assignment", "lock_member", "next_item", "release_expired", "skip_item"]

SWEEP_LIMIT = 50


@dataclass(frozen=True)
class Assignment:
    """An item handed to an annotator (whether it is gold is not said)."""

    lease_id: int
    item_id: int
    row_key: str
    data: dict[str, Any]
    expires_at: datetime


def _of(lease: Lease) -> Assignment:
    return Assignment(lease.id, lease.item_id, lease.item.row_key, lease.item.data,
                      lease.expires_at)


def lock_member(session: Session, project: AnnotationProject, annotator: str,
                now: datetime) -> Member:
    """Lock (PostgreSQL) or write-lock (SQLite) the member's row and return it fresh."""
    touched = session.execute(update(Member).where(
        Member.project_id == project.id, Member.annotator == annotator)
        .values(last_seen=now).execution_options(synchronize_session=False))
    if touched.rowcount == 0:  # type: ignore[attr-defined]
        raise PermissionDenied(f"{annotator} is not a member of project {project.name!r}",
                               hint=f"join it first: POST /api/v1/projects/{project.name}/join")
    member = session.scalars(select(Member).where(
        Member.project_id == project.id, Member.annotator == annotator)
        .execution_options(populate_existing=True)).one()
    return member


def _check_can_work(project: AnnotationProject, member: Member) -> None:
    if project.state is not ProjectState.ACTIVE:
        raise ConflictError(f"project {project.name!r} is closed")
    if member.state in (MemberState.PAUSED, MemberState.FAILED):
        raise PermissionDenied(f"{member.annotator} is {member.state.value} in project "
                               f"{project.name!r}: {member.reason}",
                               hint="ask the project owner to review your answers")


def release_expired(session: Session, project: AnnotationProject, now: datetime) -> int:
    """Return expired leases' items to the pool; items locked elsewhere wait for next time."""
    stale = (select(Lease.item_id).where(Lease.project_id == project.id,
                                         Lease.state == LeaseState.OPEN, Lease.expires_at <= now)
             .distinct().limit(SWEEP_LIMIT))
    items = session.scalars(select(Item).where(Item.id.in_(stale)).order_by(Item.id)
                            .with_for_update(skip_locked=True)
                            .execution_options(populate_existing=True)).all()
    released = 0
    for item in items:
        leases = session.scalars(select(Lease).where(
            Lease.item_id == item.id, Lease.state == LeaseState.OPEN, Lease.expires_at <= now)
            .execution_options(populate_existing=True)).all()
        for lease in leases:
            lease.state = LeaseState.EXPIRED
            if not item.is_gold:
                item.taken -= 1
            released += 1
    session.flush()
    return released


def _open_lease(session: Session, project: AnnotationProject, annotator: str,
                now: datetime) -> Lease | None:
    return session.scalar(select(Lease).where(
        Lease.project_id == project.id, Lease.annotator == annotator,
        Lease.state == LeaseState.OPEN, Lease.expires_at > now))


def _unseen(annotator: str) -> Any:
    return ~exists().where(Lease.item_id == Item.id, Lease.annotator == annotator)


def _pick_gold(session: Session, project: AnnotationProject, annotator: str) -> Item | None:
    return session.scalar(select(Item).where(
        Item.project_id == project.id, Item.is_gold.is_(True), _unseen(annotator))
        .order_by(Item.id).limit(1))


def _pick_regular(session: Session, project: AnnotationProject, annotator: str) -> Item | None:
    query = (select(Item).where(Item.project_id == project.id, Item.is_gold.is_(False),
                                Item.done.is_(False), Item.taken < Item.needed,
                                _unseen(annotator))
             .order_by(Item.taken, Item.id).limit(1)
             .with_for_update(skip_locked=True).execution_options(populate_existing=True))
    return session.scalar(query)


def _wants_gold(project: AnnotationProject, member: Member) -> bool:
    if member.state is MemberState.QUALIFYING:
        return True
    return project.gold_rate > 0 and member.gold_seen < project.gold_rate * (member.served + 1)


def next_item(session: Session, project: AnnotationProject, annotator: str,
              now: datetime | None = None) -> Assignment | None:
    """Lease the next item to ``annotator``; ``None`` when nothing is left for them."""
    now = now or utcnow()
    member = lock_member(session, project, annotator, now)
    _check_can_work(project, member)
    held = _open_lease(session, project, annotator, now)
    if held is not None:
        return _of(held)
    release_expired(session, project, now)
    item = _pick_gold(session, project, annotator) if _wants_gold(project, member) else None
    if item is None and member.state is MemberState.QUALIFYING:
        return None  # the test is answered; its result comes with the last answer
    if item is None:
        item = _pick_regular(session, project, annotator)
    if item is None:
        return None
    if not item.is_gold:
        item.taken += 1
    member.served += 1
    lease = Lease(project_id=project.id, item_id=item.id, annotator=annotator,
                  state=LeaseState.OPEN, leased_at=now,
                  expires_at=now + timedelta(seconds=project.lease_seconds))
    lease.item = item
    session.add(lease)
    session.flush()
    return _of(lease)


def skip_item(session: Session, project: AnnotationProject, annotator: str, lease_id: int,
              reason: str, now: datetime | None = None) -> None:
    """Give an item back with a reason; the annotator will not be offered it again."""
    now = now or utcnow()
    if not reason.strip():
        raise ConflictError("skipping an item needs a reason",
                            hint="e.g. 看不懂 / not Chinese / offensive content")
    lock_member(session, project, annotator, now)
    lease = session.get(Lease, lease_id)
    if lease is None or lease.project_id != project.id or lease.annotator != annotator:
        raise ConflictError(f"item lease {lease_id} is not yours in project {project.name!r}",
                            hint="fetch your next item and skip that")
    item = session.scalars(select(Item).where(Item.id == lease.item_id).with_for_update()
                           .execution_options(populate_existing=True)).one()
    session.refresh(lease)
    if lease.state is not LeaseState.OPEN:
        raise ConflictError(f"item lease {lease_id} is already {lease.state.value}")
    lease.state = LeaseState.SKIPPED
    lease.skip_reason = reason.strip()
    if not item.is_gold:
        item.taken -= 1
    session.flush()
