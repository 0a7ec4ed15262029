"""Alembic environment: the engine comes from ``config.attributes`` (see db.migrate).

The domains' models are gathered by :mod:`jingshu.tables` (imported here, not by ``db``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from jingshu.tables import Base

engine: Engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
