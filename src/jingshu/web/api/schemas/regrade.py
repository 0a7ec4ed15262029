"""Bodies of /regrade-requests: lowering a dataset's protection, and the decision."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from jingshu.catalog.regrade import RegradeRequest, RegradeStatus
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity

__all__ = ["DecisionIn", "RegradeIn", "RegradeRequestOut"]


class RegradeIn(BaseModel):
    """The protection to lower ``dataset`` to (fields left out keep their value)."""

    dataset: str
    open_tier: OpenTier | None = None
    grade: Grade | None = None
    sensitivity: Sensitivity | None = None
    reason: str = Field(min_length=1, max_length=2000)


class DecisionIn(BaseModel):
    """A note with the decision; a rejection needs one."""

    note: str = Field(default="", max_length=2000)


class RegradeRequestOut(BaseModel):
    id: int
    dataset: str
    status: RegradeStatus
    requested_by: str
    reason: str
    from_tier: OpenTier
    from_grade: Grade
    from_sensitivity: Sensitivity
    to_tier: OpenTier
    to_grade: Grade
    to_sensitivity: Sensitivity
    decided_by: str
    decision_note: str
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def of(cls, r: RegradeRequest) -> RegradeRequestOut:
        return cls(id=r.id, dataset=r.dataset.name, status=r.status,
                   requested_by=r.requested_by, reason=r.reason, from_tier=r.from_tier,
                   from_grade=r.from_grade, from_sensitivity=r.from_sensitivity,
                   to_tier=r.to_tier, to_grade=r.to_grade, to_sensitivity=r.to_sensitivity,
                   decided_by=r.decided_by, decision_note=r.decision_note,
                   created_at=r.created_at, decided_at=r.decided_at)
