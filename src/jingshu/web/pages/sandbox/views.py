"""What the sandbox pages show: a released result, its bar chart, the budget, the history.

Built from the domain's :class:`~jingshu.sandbox.dp.Release` (a fresh answer) or the
stored record of one (the history); nothing here computes or changes a result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jingshu.sandbox import Budget, QuerySpec
from jingshu.sandbox.models import QueryRecord
from jingshu.sandbox.spec import OTHER

__all__ = ["Bar", "BudgetView", "Chart", "HistoryRow", "ResultRow", "ResultView", "number"]

CHART_WIDTH, CHART_HEIGHT, AXIS = 560, 220, 48
TICK_CHAR_WIDTH = 7  # SVG units per character of an 11px tick label
# Aggregates whose 其他 group is a count of rows outside the declared values.
_COUNTED = frozenset({"count", "sum", "histogram"})
_NICE_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def number(value: float, digits: int = 6) -> str:
    """Plain notation with thousands separators, ``digits`` significant digits:
    ``98.0`` → ``98``; ``1234.5678`` → ``1,234.57``; ``12345678.9`` → ``12,345,679``."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    decimals = min(max(digits - 1 - math.floor(math.log10(abs(value))), 0), 12)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 or 10 × 10^k that is at least
    ``value`` (> 0): a round top that leaves the tallest bar most of the height."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in _NICE_STEPS if step * power >= value)


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
    """Bars on a value axis from 0 to ``top`` (a round number); ``axis`` is the left
    margin, wide enough for the longest tick label; ``ticks`` are (label, y)."""

    width: int
    height: int
    axis: int
    top: str
    bars: list[Bar]
    ticks: list[tuple[str, float]]
    clipped: bool  # an error bar runs past the top (drawn to the top edge)


def _chart(values: Sequence[Mapping[str, Any]]) -> Chart | None:
    if len(values) < 2:
        return None
    # The axis fits the values, not the error bars: wide bars of a small epsilon would
    # otherwise flatten every value to the floor. Error bars are cut at the top.
    peak = nice_ceiling(max(max(float(v["value"]) for v in values) * 1.1, 1.0))
    labels = [number(peak * i / 4, 4) for i in range(5)]
    axis = max(AXIS, TICK_CHAR_WIDTH * max(len(t) for t in labels) + 10)
    plot, slot = CHART_HEIGHT - AXIS, (CHART_WIDTH - axis) / len(values)

    def y(amount: float) -> float:
        return round(plot - plot * min(max(amount, 0.0), peak) / peak, 1)

    bars = [Bar(str(v["key"]), number(float(v["value"])), round(axis + i * slot + slot * .15, 1),
                y(float(v["value"])), round(slot * .7, 1),
                round(plot - y(float(v["value"])), 1),
                y(float(v["value"]) - float(v["accuracy"])),
                y(float(v["value"]) + float(v["accuracy"])))
            for i, v in enumerate(values)]
    clipped = any(float(v["value"]) + float(v["accuracy"]) > peak for v in values)
    ticks = [(label, y(peak * i / 4)) for i, label in enumerate(labels)]
    return Chart(CHART_WIDTH, CHART_HEIGHT, axis, labels[-1], bars, ticks, clipped)


def _real_groups(aggregate: str, values: list[Mapping[str, Any]]
                 ) -> tuple[list[Mapping[str, Any]], bool]:
    """The values without a 其他 group that cannot be told from empty (its noisy count is
    within its own 95% error of zero): that group exists only because the declaration
    allows other values. Dropping it is post-processing of the released result, so it
    costs no privacy."""
    kept = [v for v in values if not (aggregate in _COUNTED and str(v["key"]) == OTHER
                                      and float(v["value"]) <= float(v["accuracy"]))]
    return kept, len(kept) < len(values)


@dataclass(frozen=True)
class ResultView:
    """A released answer as the page shows it (from ``Release.as_dict()`` or a record)."""

    aggregate: str
    epsilon: str
    noise_scale: str
    accuracy: str  # the 95% half-width: of every group where they agree, else the widest
    narrowest: str  # the narrowest 95% half-width ("" where every group has the same)
    grouped: bool
    mechanism: str
    note: str
    rows: list[ResultRow]
    chart: Chart | None
    other_dropped: bool  # the 其他 group could not be told from empty and is not shown

    @classmethod
    def of(cls, released: Mapping[str, Any]) -> ResultView:
        aggregate = str(released["aggregate"])
        values, dropped = _real_groups(aggregate, list(released["values"]))
        widths = [number(float(v["accuracy"]), 3) for v in values]
        widest = max((float(v["accuracy"]) for v in values), default=0.0)
        narrowest = min((float(v["accuracy"]) for v in values), default=0.0)
        rows = [ResultRow(str(v["key"]), number(float(v["value"])), w)
                for v, w in zip(values, widths, strict=True)]
        return cls(aggregate, number(float(released["epsilon"])),
                   number(float(released["noise_scale"]), 4), number(widest, 3),
                   "" if len(set(widths)) <= 1 else number(narrowest, 3), len(values) > 1,
                   str(released["mechanism"]), str(released["accuracy_note"]), rows,
                   _chart(values), dropped)


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
            shown, _ = _real_groups(spec.aggregate, list(record.result["values"]))
            outcome = " · ".join(f"{v['key']} {number(float(v['value']))}" for v in shown[:12])
        return cls(record.id, record.created_at, " ".join(p for p in parts if p),
                   number(record.epsilon), record.status.value, outcome)
