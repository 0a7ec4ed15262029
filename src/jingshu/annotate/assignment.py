"""The assignment engine: which item an annotator labels next, under a lease.

Rules, in order:

1. Every call first locks the member's row (:func:`jingshu.annotate.work.start_work`,
   one statement): on PostgreSQL one annotator's concurrent requests run one at a time;
   on SQLite the write takes the database's write lock, so every assignment is
   serialized (the embedded default trades throughput for simplicity).
2. An annotator holding an open, unexpired lease gets that same item back.
3. Expired leases are returned to the pool (their item's ``taken`` drops by one),
   only for items whose row can be locked without waiting; the locking statement says
   whether there are any, so a project without expired leases pays nothing for this.
4. Gold items are mixed in at the project's rate; members answering the
   qualification test get only gold items.
5. A regular item is chosen by one ``SELECT … FOR UPDATE SKIP LOCKED`` among those with
   ``taken < needed`` that the annotator has never leased, fewest ``taken`` first
   (breadth-first, so work spreads evenly): concurrent annotators never wait on each
   other and never take the same slot. In the same transaction its ``taken`` goes up by
   one and the lease is inserted. ``taken`` only changes while the item's row is locked,
   so overlap is exactly ``needed``; the unique ``(item_id, annotator)`` constraint
   makes "never the same item twice" hold even against a bug here.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import BigInteger, Table, bindparam, exists, insert, select, type_coerce, update
from sqlalchemy.orm import Session

from jingshu.annotate.access import shown
from jingshu.annotate.models import (
    AnnotationProject,
    Item,
    Lease,
    LeaseState,
    Member,
    MemberState,
)
from jingshu.annotate.work import (
    MemberView,
    ProjectRules,
    Work,
    check_can_work,
    member_of,
    start_work,
)
from jingshu.db.base import bound, bound_insert, utcnow
from jingshu.errors import ConflictError

__all__ = ["Assignment", "lease_next", "next_item", "release_expired", "skip_item"]

SWEEP_LIMIT = 50


@dataclass(frozen=True)
class Assignment:
    """An item handed to an annotator (whether it is gold is not said); ``data`` holds
    only the columns the label schema shows (:func:`jingshu.annotate.access.shown`)."""

    lease_id: int
    item_id: int
    row_key: str
    data: dict[str, Any]
    expires_at: datetime


def release_expired(session: Session, project: AnnotationProject | ProjectRules,
                    now: datetime) -> int:
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


_items, _leases, _members = (cast(Table, m.__table__) for m in (Item, Lease, Member))
# The hot path's statements, built once with bound parameters (Core tables: executing a
# prebuilt Core statement costs a cache lookup; building ORM statements per request
# cost most of a request's CPU). They run on the session's connection: the ORM's execution
# layer has nothing to add to a Core statement.
_HELD = (select(_leases.c.id, _items.c.id, _items.c.row_key, _items.c.data,
                _leases.c.expires_at)
         .join(_items, _items.c.id == _leases.c.item_id)
         .where(_leases.c.id == bindparam("lease")))
_UNSEEN = ~exists().where(_leases.c.item_id == _items.c.id,
                          _leases.c.annotator == bindparam("annotator"))
# Gold items come in an order of the annotator's own (ids multiplied modulo a prime by a
# number drawn from the name: a permutation): in one order for all, every annotator
# answered the same gold item at the same time and waited on its row lock, and
# annotators comparing notes could tell gold items from their place.
_PRIME = 2_147_483_647
_GOLD = select(_items.c.id, _items.c.row_key, _items.c.data).where(
    _items.c.id == select(_items.c.id)
    .where(_items.c.project_id == bindparam("project"), _items.c.is_gold.is_(True), _UNSEEN)
    .order_by(type_coerce(_items.c.id, BigInteger) * bindparam("spread", type_=BigInteger) % _PRIME,
              _items.c.id)
    .limit(1).scalar_subquery())
# A regular item is chosen by ``SELECT … FOR UPDATE SKIP LOCKED`` inside the ``UPDATE``
# that adds one to its ``taken``, so choosing and taking are one round trip. The lock is
# PostgreSQL's ``FOR NO KEY UPDATE`` (what an UPDATE of non-key columns takes anyway): it
# does not block the ``FOR KEY SHARE`` of other transactions' foreign-key checks (a lease
# or an answer inserted for the item), where ``FOR UPDATE`` made them wait.
_REGULAR = (update(_items).where(_items.c.id == select(_items.c.id).where(
    _items.c.project_id == bindparam("project"), _items.c.is_gold.is_(False), _UNSEEN,
    _items.c.done.is_(False), _items.c.taken < _items.c.needed)
    .order_by(_items.c.taken, _items.c.id).limit(1)
    .with_for_update(skip_locked=True, key_share=True).scalar_subquery())
    .values(taken=_items.c.taken + 1).returning(_items.c.id, _items.c.row_key, _items.c.data))
_SERVED = (update(_members).where(_members.c.id == bindparam("member"))
           .values(served=_members.c.served + 1))
_LEASE = insert(_leases).returning(_leases.c.id)


def _lease_and_count() -> Any:
    """PostgreSQL: insert the lease and count it on the member in one statement (a
    data-modifying CTE), where SQLite takes two. The item is picked by a statement of its
    own: picked inside the same statement, ``FOR UPDATE SKIP LOCKED`` came back empty
    under load while thousands of items were free (measured with 200 annotators)."""
    served = (update(_members).where(_members.c.id == bindparam("member"))
              .values(served=_members.c.served + 1).returning(_members.c.id).cte("served"))
    return bound_insert(_leases).returning(_leases.c.id).add_cte(served)


_LEASE_COUNTED = _lease_and_count()


def _held(session: Session, rules: ProjectRules, lease_id: int) -> Assignment:
    lease, item, key, data, expires = session.connection().execute(_HELD, {"lease": lease_id}).one()
    return Assignment(lease, item, key, shown(rules.schema, data), expires)


def _pick(session: Session, rules: ProjectRules, annotator: str, gold: bool) -> Any:
    """One statement: the next item for ``annotator`` (a regular one is also taken)."""
    params = {"project": rules.id, "annotator": annotator}
    if gold:
        return session.connection().execute(_GOLD, {**params, "spread": _spread(annotator)}
                                            ).first()
    return session.connection().execute(_REGULAR, params).first()


def _spread(annotator: str) -> int:
    """The annotator's multiplier for the order of gold items: 1 … _PRIME - 1."""
    return zlib.crc32(annotator.encode()) % (_PRIME - 1) + 1


def _wants_gold(rules: ProjectRules, member: MemberView) -> bool:
    if member.state is MemberState.QUALIFYING:
        return True
    return rules.gold_rate > 0 and member.gold_seen < rules.gold_rate * (member.served + 1)


def _choose(session: Session, work: Work, annotator: str, member: MemberView) -> Any:
    rules = work.rules
    row = _pick(session, rules, annotator, gold=True) if _wants_gold(rules, member) else None
    if row is not None or member.state is MemberState.QUALIFYING:
        return row
    return _pick(session, rules, annotator, gold=False)


def _lease(session: Session, work: Work, annotator: str, member: MemberView,
           row: Any) -> Assignment:
    item_id, row_key, data = row  # a regular item's taken is already counted (_pick)
    expires = work.now + timedelta(seconds=work.rules.lease_seconds)
    lease = {"project_id": work.rules.id, "item_id": item_id, "annotator": annotator,
             "state": LeaseState.OPEN, "leased_at": work.now, "expires_at": expires,
             "skip_reason": ""}
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        lease_id = connection.execute(_LEASE_COUNTED,
                                      {"member": member.id, **bound(lease)}).scalar_one()
    else:
        connection.execute(_SERVED, {"member": member.id})
        lease_id = connection.execute(_LEASE, lease).scalar_one()
    return Assignment(lease_id, item_id, row_key, shown(work.rules.schema, data), expires)


def lease_next(session: Session, work: Work, annotator: str) -> Assignment | None:
    """Lease the next item once the member is locked (see :func:`start_work`)."""
    member = check_can_work(work, annotator)
    if work.held_lease is not None:
        return _held(session, work.rules, work.held_lease)
    if work.expired_leases:
        release_expired(session, work.rules, work.now)
    row = _choose(session, work, annotator, member)
    if row is None:  # the test is answered (its result came with the last answer), or no work
        return None
    return _lease(session, work, annotator, member, row)


def next_item(session: Session, project: AnnotationProject | ProjectRules | str, annotator: str,
              now: datetime | None = None) -> Assignment | None:
    """Lease the next item to ``annotator``; ``None`` when nothing is left for them."""
    work = start_work(session, project, annotator, now or utcnow(), held=True)
    return lease_next(session, work, annotator)


def skip_item(session: Session, project: AnnotationProject | ProjectRules | str, annotator: str,
              lease_id: int, reason: str, now: datetime | None = None) -> None:
    """Give an item back with a reason; the annotator will not be offered it again."""
    if not reason.strip():
        raise ConflictError("skipping an item needs a reason",
                            hint="e.g. 看不懂 / not Chinese / offensive content")
    work = start_work(session, project, annotator, now or utcnow())
    rules = work.rules
    member_of(work, annotator)
    lease = session.get(Lease, lease_id)
    if lease is None or lease.project_id != rules.id or lease.annotator != annotator:
        raise ConflictError(f"item lease {lease_id} is not yours in project {rules.name!r}",
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
