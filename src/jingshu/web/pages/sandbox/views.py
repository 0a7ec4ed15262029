"""What the sandbox pages show: a released result, its bar chart, the budget, the history.

Built from the domain's :class:`~jingshu.sandbox.dp.Release` (a fresh answer) or the
stored record of one (the history); nothing here computes or changes a result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jingshu.sandbox import Budget, QuerySpec
from jingshu.sandbox.models import QueryRecord

__all__ = ["Bar", "BudgetView", "Chart", "HistoryRow", "ResultRow", "ResultView", "number"]

CHART_WIDTH, CHART_HEIGHT, AXIS = 560, 220, 48


def number(value: float, digits: int = 6) -> str:
    """``98.0`` → ``98``; ``1234.5678`` → ``1234.57`` (``digits`` significant digits)."""
    return f"{value:.{digits}g}"


@dataclass(frozen=True)
class ResultRow:
    key: str
    value: str
    accuracy: str


@dataclass(frozen=True)
class Bar:
    """One bar of the chart, in SVG user units; ``low``/``high`` are the error bar's ends."""

    label: str
    value: str
    x: float
    y: float
    width: float
    height: float
    low: float
    high: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    axis: int
    top: str
    bars: list[Bar]


def _chart(values: Sequence[Mapping[str, Any]]) -> Chart | None:
    if len(values) < 2:
        return None
    peak = max(max(float(v["value"]) + float(v["accuracy"]) for v in values), 1.0)
    plot, slot = CHART_HEIGHT - AXIS, (CHART_WIDTH - AXIS) / len(values)

    def y(amount: float) -> float:
        return round(plot - plot * min(max(amount, 0.0), peak) / peak, 1)

    bars = [Bar(str(v["key"]), number(float(v["value"])), round(AXIS + i * slot + slot * .15, 1),
                y(float(v["value"])), round(slot * .7, 1),
                round(plot - y(float(v["value"])), 1),
                y(float(v["value"]) - float(v["accuracy"])),
                y(float(v["value"]) + float(v["accuracy"])))
            for i, v in enumerate(values)]
    return Chart(CHART_WIDTH, CHART_HEIGHT, AXIS, number(peak, 4), bars)


@dataclass(frozen=True)
class ResultView:
    """A released answer as the page shows it (from ``Release.as_dict()`` or a record)."""

    aggregate: str
    epsilon: str
    noise_scale: str
    accuracy: str  # the widest 95% half-width over the values
    mechanism: str
    note: str
    rows: list[ResultRow]
    chart: Chart | None

    @classmethod
    def of(cls, released: Mapping[str, Any]) -> ResultView:
        values: list[Mapping[str, Any]] = list(released["values"])
        widest = max((float(v["accuracy"]) for v in values), default=0.0)
        rows = [ResultRow(str(v["key"]), number(float(v["value"])),
                          number(float(v["accuracy"]), 3)) for v in values]
        return cls(str(released["aggregate"]), number(float(released["epsilon"])),
                   number(float(released["noise_scale"]), 4), number(widest, 3),
                   str(released["mechanism"]), str(released["accuracy_note"]), rows,
                   _chart(values))


@dataclass(frozen=True)
class BudgetView:
    total: str
    spent: str
    left: str
    queries: int
    percent_left: float

    @classmethod
    def of(cls, budget: Budget) -> BudgetView:
        share = budget.epsilon_left / budget.epsilon_total if budget.epsilon_total else 0.0
        return cls(number(budget.epsilon_total), number(budget.epsilon_spent),
                   number(budget.epsilon_left), budget.queries, round(100 * share, 1))


@dataclass(frozen=True)
class HistoryRow:
    id: int
    created_at: Any
    query: str
    epsilon: str
    status: str
    outcome: str

    @classmethod
    def of(cls, record: QueryRecord) -> HistoryRow:
        spec = QuerySpec.model_validate(record.spec)
        parts = [spec.aggregate, spec.column or "", f"by {spec.group_by}" if spec.group_by else ""]
        outcome = record.error
        if record.result is not None:
            outcome = " · ".join(f"{v['key']} {number(float(v['value']))}"
                                 for v in record.result["values"][:12])
        return cls(record.id, record.created_at, " ".join(p for p in parts if p),
                   number(record.epsilon), record.status.value, outcome)
