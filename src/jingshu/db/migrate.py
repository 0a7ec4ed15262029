"""Run Alembic migrations from code (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

__all__ = ["alembic_config", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Upgrade the database behind ``engine`` to ``revision`` (every branch head).

    Each domain adds its tables on its own branch from ``0001`` (``branch_labels``
    named for the domain), so domains can change their tables independently.
    """
    command.upgrade(alembic_config(engine), revision)
