"""Bodies of the DP sandbox: declarations and queries in, releases and budgets out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from jingshu.sandbox import Budget, QueryOutcome
from jingshu.sandbox.models import QueryRecord, QueryStatus

__all__ = ["BudgetOut", "QueryRecordOut", "ReleaseOut", "ReleasedValueOut"]


class BudgetOut(BaseModel):
    dataset: str
    epsilon_total: float
    epsilon_spent: float
    epsilon_left: float
    queries: int

    @classmethod
    def of(cls, b: Budget) -> BudgetOut:
        return cls(dataset=b.dataset, epsilon_total=b.epsilon_total,
                   epsilon_spent=b.epsilon_spent, epsilon_left=b.epsilon_left,
                   queries=b.queries)


class ReleasedValueOut(BaseModel):
    key: str
    value: float
    accuracy: float


class ReleaseOut(BaseModel):
    """A DP answer: values, the noise scale and a 95% accuracy half-width per value."""

    query_id: int
    aggregate: str
    epsilon: float
    mechanism: str
    noise_scale: float
    accuracy_note: str
    values: list[ReleasedValueOut]
    budget: BudgetOut

    @classmethod
    def of(cls, outcome: QueryOutcome) -> ReleaseOut:
        r = outcome.release
        return cls(query_id=outcome.query_id, aggregate=r.aggregate, epsilon=r.epsilon,
                   mechanism=r.mechanism, noise_scale=r.noise_scale,
                   accuracy_note=r.accuracy_note,
                   values=[ReleasedValueOut(key=v.key, value=v.value, accuracy=v.accuracy)
                           for v in r.values],
                   budget=BudgetOut.of(outcome.budget))


class QueryRecordOut(BaseModel):
    id: int
    grant_id: str
    epsilon: float
    status: QueryStatus
    spec: dict[str, Any]
    result: dict[str, Any] | None
    error: str
    created_at: datetime

    @classmethod
    def of(cls, q: QueryRecord) -> QueryRecordOut:
        return cls(id=q.id, grant_id=q.grant_id, epsilon=q.epsilon, status=q.status,
                   spec=q.spec, result=q.result, error=q.error, created_at=q.created_at)
