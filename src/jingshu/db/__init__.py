"""Metadata database: engine, sessions, the shared declarative ``Base`` and migrations."""

from jingshu.db.base import Base, utcnow
from jingshu.db.engine import Database

__all__ = ["Base", "Database", "utcnow"]
