"""Typed dependency aliases every handler takes: who asks, the session, the platform."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from jingshu.platform import Platform
from jingshu.web.deps import Principal, current, db_session, get_platform

__all__ = ["DbSession", "PlatformDep", "Who"]

Who = Annotated[Principal, Depends(current)]
DbSession = Annotated[Session, Depends(db_session)]
PlatformDep = Annotated[Platform, Depends(get_platform)]
