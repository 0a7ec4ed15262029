"""Fixtures shared by the whole suite.

The database under test is SQLite unless ``JINGSHU_TEST_DATABASE_URL`` names a
PostgreSQL database (``.ci/run`` runs the suite once for each). Each test gets an
empty, migrated database and its own home and store folders.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from jingshu.jobs import queue_profiles_on_publish
from jingshu.platform import Platform
from jingshu.settings import load_settings
from jingshu.tables import Base

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
PG_URL = os.environ.get("JINGSHU_TEST_DATABASE_URL", "")


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _worker_database(worker: str) -> str:
    """Each xdist worker gets its own PostgreSQL database (``…_gw0``), created if needed."""
    url = make_url(PG_URL)
    if worker == "master":
        return PG_URL
    name = f"{url.database}_{worker}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    """A migrated database made once per session (a SQLite file, or a PostgreSQL URL)."""
    if PG_URL:
        url = _worker_database(worker_id)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        platform = Platform(load_settings(home=str(tmp_path_factory.mktemp("pg-home")),
                                          database_url=url))
        platform.close()
        return url
    home = tmp_path_factory.mktemp("template")
    platform = Platform(load_settings(home=str(home)))
    platform.close()
    return str(home / "jingshu.db")


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def fresh_platform(home: Path, template_db: str) -> Platform:
    """A platform in ``home`` over an empty copy of the migrated template database."""
    if PG_URL:
        _empty_postgres(template_db)
        settings = load_settings(home=str(home), database_url=template_db,
                                 secret_key="test-secret")
    else:
        shutil.copy(template_db, home / "jingshu.db")
        settings = load_settings(home=str(home), secret_key="test-secret")
    return Platform(settings, migrate=False)


@pytest.fixture
def platform(tmp_path: Path, _template_db: str) -> Iterator[Platform]:
    """An opened platform over an empty database, a fresh home and store."""
    home = tmp_path / "home"
    home.mkdir()
    p = queue_profiles_on_publish(fresh_platform(home, _template_db))  # as the front doors
    yield p
    p.close()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it ships beside the repo in CI)")
    return SHARED_DATA
