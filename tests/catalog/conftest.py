"""Fixtures for catalog tests: a migrated database (SQLite, and PostgreSQL when reachable)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from jingshu.db import Database

POSTGRES_ENV = "JINGSHU_TEST_POSTGRES_URL"


def _sqlite_database(tmp_path: os.PathLike[str]) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path}/jingshu.db")
    db.migrate()
    yield db
    db.dispose()


def _postgres_database() -> Iterator[Database]:
    """A fresh schema of its own in the test database, dropped afterwards."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql+psycopg://...)")
    schema = f"jingshu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {exc.orig}")
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    db = Database(scoped.render_as_string(hide_password=False))
    try:
        db.migrate()
        yield db
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> Iterator[Database]:
    """A migrated :class:`Database`: SQLite in ``tmp_path``, or an isolated PostgreSQL schema."""
    if request.param == "sqlite":
        yield from _sqlite_database(tmp_path)
    else:
        yield from _postgres_database()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A session on ``db`` that commits when the test passes."""
    with db.session() as s:
        yield s
