"""A write that finds the database busy past its timeout is a 409 to retry, not a 500."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from jingshu.web.errors import is_write_conflict
from tests.conftest import PG_URL
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, as_role, error_of


@pytest.mark.skipif(bool(PG_URL), reason="holds SQLite's write lock from another connection")
def test_patch_while_another_writer_holds_the_lock_is_409(platform: Platform,
                                                          client: TestClient) -> None:
    org = make_org(platform)
    make_dataset(platform, name="news", organization=org.name)
    headers = as_role(platform, Role.PUBLISHER, organization=org.name)

    def short_wait(conn: Any, _record: Any) -> None:
        conn.execute("PRAGMA busy_timeout=200")  # after the platform's 30 s default

    assert client.get(f"{API}/auth/me", headers=headers).status_code == 200  # token cached
    event.listen(platform.db.engine, "connect", short_wait)
    platform.db.engine.dispose()
    blocker = sqlite3.connect(Path(platform.settings.home) / "jingshu.db", timeout=5)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        response = client.patch(f"{API}/datasets/news", headers=headers,
                                json={"title": "新标题"})
    finally:
        blocker.rollback()
        blocker.close()
    assert response.status_code == 409, response.text
    assert response.headers["Retry-After"] == "1"
    assert "busy" in str(error_of(response)["message"])
    again = client.patch(f"{API}/datasets/news", headers=headers, json={"title": "新标题"})
    assert again.status_code == 200


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("conflict")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("orig", "retry"), [
    (sqlite3.OperationalError("database is locked"), True),
    (_PgError("40P01"), True),  # deadlock detected
    (_PgError("40001"), True),  # serialization failure
    (sqlite3.OperationalError("no such table: datasets"), False),
    (_PgError("08006"), False),  # connection failure
])
def test_which_database_errors_are_write_conflicts(orig: Exception, retry: bool) -> None:
    assert is_write_conflict(OperationalError("UPDATE …", {}, orig)) is retry
