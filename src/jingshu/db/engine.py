"""Engine and session handling for SQLite (embedded, WAL) and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InvalidatePoolError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from jingshu.errors import ConfigError, DependencyMissing

__all__ = ["Database", "unpinged_thread"]

_THREAD = threading.local()


def unpinged_thread() -> None:
    """Check out connections in this thread without the ping (for a thread pool's
    initializer): its callers retry a transaction whose first statement finds the
    connection dropped (see :func:`_ping_on_checkout`)."""
    _THREAD.unpinged = True


def _ping_on_checkout(engine: Engine) -> Any:
    """A pool ``checkout`` listener that pings the connection, as ``pool_pre_ping`` would,
    except in threads marked by :func:`unpinged_thread`.

    A dropped connection (the database restarted) raises :class:`InvalidatePoolError`:
    the pool discards every connection older than now and checks out a fresh one, so
    the request never sees the dead one.
    """
    dialect = engine.dialect

    def ping(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        if getattr(_THREAD, "unpinged", False):
            return
        try:
            dialect.do_ping(dbapi_conn)
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, dbapi_conn, None):
                raise InvalidatePoolError(str(exc)) from exc
            raise

    return ping


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(
            f"JINGSHU_DATABASE_URL is not a database URL: {url!r}",
            hint="use sqlite:///PATH or postgresql+psycopg://USER@HOST:5432/DB",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    try:
        # Room for every request thread (anyio's 40) plus the corpus run workers, so no
        # thread waits for the pool behind threads that wait for it; the 40 are kept
        # open (an overflow connection is closed when returned: under load that meant a
        # new PostgreSQL backend every few requests). Every checkout is pinged (one
        # SELECT 1: a clean reconnect after a database restart, which no request could
        # do), except in the annotation hot path's threads, which retry instead
        # (jingshu.web.hot): there the ping was one round trip in six.
        engine = create_engine(url, pool_size=40, max_overflow=10)
        event.listen(engine, "checkout", _ping_on_checkout(engine))
        return engine
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DependencyMissing(
            "psycopg[binary]", needed_for="a PostgreSQL database", extra="postgres"
        ) from exc


class Database:
    """One database: its engine and a session factory.

    Use cases receive a :class:`Session` and decide when to commit; :meth:`session`
    commits on success and rolls back on error.
    """

    def __init__(self, url: str, *, info: dict[str, object] | None = None) -> None:
        self.url = url
        self.engine = _make_engine(url)
        # ``info`` is copied into every session's ``Session.info`` (the platform puts
        # its home there, for use cases that store files beside the database).
        self._factory = sessionmaker(self.engine, expire_on_commit=False, info=info)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._factory() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic ``upgrade head``)."""
        from jingshu.db.migrate import upgrade

        upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
