"""How many statements an annotator's requests cost, and that answers skip the audit chain.

These counts are the point of issue 4 (the annotation API under load): a regression
that adds a query per request shows up here before it shows up in the load bench.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, select

from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item
from jingshu.audit import AuditEntry
from jingshu.platform import Platform
from tests.annotate.conftest import join
from tests.factories import make_project


@contextmanager
def statements(platform: Platform) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(sql.split()[0].upper())

    event.listen(platform.db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(platform.db.engine, "before_cursor_execute", note)


def test_next_and_answer_take_a_handful_of_statements(platform: Platform) -> None:
    name = make_project(platform, overlap=2)
    join(platform, name, "a")
    with platform.session() as s:  # warm the per-process project cache
        first = next_item(s, name, "a")
        assert first is not None
        submit_answer(s, name, "a", first.lease_id, "正面")
    with platform.session() as s, statements(platform) as seen:
        got = next_item(s, name, "a")
        assert got is not None
        fetch = list(seen)
        seen.clear()
        submit_answer(s, name, "a", got.lease_id, "负面")
        answer = list(seen)
    if platform.db.dialect == "postgresql":
        # lock member (+ held lease, expired?) · choose-and-take item · one WITH: served + 1
        # and the lease
        assert fetch == ["UPDATE", "UPDATE", "WITH"], fetch
        # lock member · lease with item locked · one WITH: answer, close lease, values · item
        assert answer == ["UPDATE", "SELECT", "WITH", "UPDATE"], answer
    else:
        # lock member (+ held lease, expired?) · choose-and-take item · served + 1 · lease
        assert fetch == ["UPDATE", "UPDATE", "UPDATE", "INSERT"], fetch
        # lock member · lease with item locked · answer · close lease · values · item
        assert answer == ["UPDATE", "SELECT", "INSERT", "UPDATE", "SELECT", "UPDATE"], answer


def test_answers_are_not_appended_to_the_audit_chain(platform: Platform) -> None:
    name = make_project(platform, overlap=1)
    join(platform, name, "a")
    with platform.session() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
        got = next_item(s, name, "a")
        assert got is not None
        submit_answer(s, name, "a", got.lease_id, "正面")
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
