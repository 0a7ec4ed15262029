"""Metadata database: engine, sessions, the shared declarative ``Base`` and migrations.

Base layer: imports :mod:`jingshu.errors` only. The domains' models are gathered by
:mod:`jingshu.tables` for the migrations environment, never by ``db``.
"""

from jingshu.db.base import Base, utcnow
from jingshu.db.engine import Database

__all__ = ["Base", "Database", "utcnow"]
