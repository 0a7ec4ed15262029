from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item, skip_item
from jingshu.annotate.models import Answer, Item, Lease
from jingshu.annotate.projects import get_project, progress
from jingshu.db.base import utcnow
from jingshu.errors import ConflictError, PermissionDenied
from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.factories import make_project


def test_overlap_k_and_never_the_same_item_twice(platform: Platform) -> None:
    name = make_project(platform, overlap=3)
    annotators = [f"a{i}" for i in range(5)]
    join(platform, name, *annotators)
    given = {a: label_all(platform, name, a) for a in annotators}
    assert sum(given.values()) == 30
    assert max(given.values()) - min(given.values()) <= 10  # everyone gets work
    with platform.session() as s:
        counts = Counter(s.scalars(select(Answer.item_id)))
        assert set(counts.values()) == {3}
        pairs = s.execute(select(Answer.item_id, Answer.annotator)).all()
        assert len(pairs) == len(set(pairs))
        assert progress(s, get_project(s, name)).done == 10


def test_a_non_member_gets_no_item(platform: Platform) -> None:
    name = make_project(platform)
    with platform.session() as s, pytest.raises(PermissionDenied, match="not a member"):
        next_item(s, get_project(s, name), "stranger")


def test_next_returns_the_held_lease_until_it_expires(platform: Platform) -> None:
    name = make_project(platform, overlap=1, lease_seconds=60)
    join(platform, name, "a", "b")
    with platform.session() as s:
        p = get_project(s, name)
        first = next_item(s, p, "a")
        assert first is not None
        again = next_item(s, p, "a")
        assert again is not None and again.lease_id == first.lease_id
    later = utcnow() + timedelta(seconds=61)
    with platform.session() as s:  # a's lease expired: b gets the same item from the pool
        p = get_project(s, name)
        b_item = next_item(s, p, "b", now=later)
        assert b_item is not None and b_item.item_id == first.item_id
        with pytest.raises(ConflictError, match="expired"):
            submit_answer(s, p, "a", first.lease_id, "正面", now=later)


def test_skip_returns_the_item_to_others(platform: Platform) -> None:
    name = make_project(platform, overlap=1, rows=[{"id": "x", "text": "唯一一条"}])
    join(platform, name, "a", "b")
    with platform.session() as s:
        p = get_project(s, name)
        got = next_item(s, p, "a")
        assert got is not None
        with pytest.raises(ConflictError, match="reason"):
            skip_item(s, p, "a", got.lease_id, " ")
        skip_item(s, p, "a", got.lease_id, "看不懂")
        assert next_item(s, p, "a") is None
        assert next_item(s, p, "b") is not None


def test_gold_items_are_mixed_in_at_the_rate(platform: Platform) -> None:
    rows = [{"id": f"r{i}", "text": f"文本{i}"} for i in range(40)]
    gold = {f"r{i}": "正面" for i in range(10)}
    name = make_project(platform, rows=rows, overlap=1, gold=gold, gold_rate=0.2)
    join(platform, name, "a")
    assert label_all(platform, name, "a") == 30 + 8  # 30 regular; 20 % of 38 served are gold
    with platform.session() as s:
        assert s.scalar(select(func.count()).where(Answer.is_gold.is_(True))) == 8


def test_each_annotator_meets_the_gold_items_in_an_order_of_their_own(
        platform: Platform) -> None:
    rows = [{"id": f"r{i}", "text": f"文本{i}"} for i in range(12)]
    gold = {f"r{i}": "正面" for i in range(10)}
    name = make_project(platform, rows=rows, overlap=1, gold=gold, gold_rate=0.9)
    orders = {}
    for who in ("a", "b", "c"):
        join(platform, name, who)
        seen = []
        with platform.session() as s:
            while len(seen) < 10 and (got := next_item(s, name, who)) is not None:
                if got.row_key in gold:
                    seen.append(got.row_key)
                submit_answer(s, name, who, got.lease_id, "正面")
        assert len(seen) >= 8 and len(set(seen)) == len(seen)  # each gold item at most once
        orders[who] = tuple(seen)
    assert len(set(orders.values())) == 3, orders  # and in a different order


def _worker(platform: Platform, project: str, annotator: str, errors: list[BaseException],
            refused: list[str]) -> None:
    """Fetch and answer until done; two sessions of one annotator may race for one lease."""
    try:
        while True:
            with platform.session() as s:
                p = get_project(s, project)
                got = next_item(s, p, annotator)
            if got is None:
                return
            try:
                with platform.session() as s:
                    submit_answer(s, get_project(s, project), annotator, got.lease_id, "正面")
            except ConflictError as exc:
                refused.append(exc.message)
    except BaseException as exc:  # pragma: no cover - reported by the test
        errors.append(exc)


def test_many_concurrent_annotators_keep_the_invariants(platform: Platform) -> None:
    """16 threads (8 annotators × 2 sessions each) race for 40 items with overlap 3."""
    rows = [{"id": f"r{i}", "text": f"并发{i}"} for i in range(40)]
    name = make_project(platform, rows=rows, overlap=3)
    annotators = [f"c{i}" for i in range(8)]
    join(platform, name, *annotators)
    errors: list[BaseException] = []
    refused: list[str] = []
    threads = [threading.Thread(target=_worker, args=(platform, name, a, errors, refused))
               for a in annotators for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert all("already answered" in m for m in refused)  # a double submit, never counted
    with platform.session() as s:
        per_item = Counter(s.scalars(select(Answer.item_id)))
        assert len(per_item) == 40 and set(per_item.values()) == {3}
        pairs = s.execute(select(Lease.item_id, Lease.annotator)).all()
        assert len(pairs) == len(set(pairs))
        items = s.scalars(select(Item)).all()
        assert all(i.taken == i.answers == i.needed == 3 and i.done for i in items)
