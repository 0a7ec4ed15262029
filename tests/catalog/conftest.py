"""Fixtures for catalog tests: the migrated database of the ``platform`` fixture.

The root conftest picks SQLite, or PostgreSQL when ``JINGSHU_TEST_DATABASE_URL`` is
set (``scripts/test.sh`` runs the suite once for each).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from jingshu.db import Database
from jingshu.platform import Platform


@pytest.fixture
def db(platform: Platform) -> Database:
    return platform.db


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A session on ``db`` that commits when the test passes."""
    with db.session() as s:
        yield s
