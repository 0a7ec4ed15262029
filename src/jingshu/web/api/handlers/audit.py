"""/audit: the hash-chained log of writes and downloads (administrators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from jingshu.audit import AuditEntry, verify_chain
from jingshu.web.api.schemas.audit import AuditEntryOut, AuditPageOut, ChainProblemOut, VerifyOut
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.audit import AuditPolicy

__all__ = ["router"]

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("")
def list_entries(who: Who, session: DbSession,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 before: Annotated[int | None, Query(ge=1)] = None) -> AuditPageOut:
    """Entries newest first; ``before`` pages back from an entry id."""
    authorize(who, AuditPolicy.read())
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    entries = [AuditEntryOut.of(e) for e in session.scalars(query)]
    next_before = entries[-1].id if len(entries) == limit else None
    return AuditPageOut(entries=entries, next_before=next_before)


@router.get("/verify")
def verify(who: Who, session: DbSession, platform: PlatformDep) -> VerifyOut:
    """Walk the whole chain; report the first entry edited, inserted, deleted or lost.

    Lost: confirmed entries missing against the head anchored outside the database.
    """
    authorize(who, AuditPolicy.read())
    count, problem = verify_chain(session, platform.audit_anchor)
    return VerifyOut(entries=count, ok=problem is None,
                     problem=ChainProblemOut.of(problem) if problem else None)
