"""Bodies of /audit."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from jingshu.audit import AuditEntry, ChainProblem

__all__ = ["AuditEntryOut", "AuditPageOut", "ChainProblemOut", "VerifyOut"]


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]
    hash: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        try:
            detail = json.loads(entry.detail)
        except ValueError:
            detail = {"unparsable": entry.detail}
        if not isinstance(detail, dict):
            detail = {"value": detail}
        return cls(id=entry.id, at=entry.at, actor=entry.actor, action=entry.action,
                   target=entry.target, detail=detail, hash=entry.hash)


class AuditPageOut(BaseModel):
    """Newest first; pass the last entry's id as ``before`` for the next page."""

    entries: list[AuditEntryOut]
    next_before: int | None


class ChainProblemOut(BaseModel):
    entry_id: int
    kind: str
    message: str

    @classmethod
    def of(cls, problem: ChainProblem) -> ChainProblemOut:
        return cls(entry_id=problem.entry_id, kind=problem.kind, message=problem.message)


class VerifyOut(BaseModel):
    entries: int
    ok: bool
    problem: ChainProblemOut | None
