"""What the quality tab shows: a profile turned into tables and inline SVG bar charts.

Charts are plain SVG (no script, no inline style, so the portal's CSP holds): one bar
per histogram bin, heights scaled to the tallest bar, each bar with a ``<title>`` that a
screen reader and a hover read.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from jingshu.catalog.quality import DictionaryCheck
from jingshu.profiles import ColumnProfile, TextFieldProfile, VersionProfile

__all__ = ["Bar", "Chart", "QualityView", "TextView", "chart"]

CHART_W, CHART_H, BASE = 420, 150, 130


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    count: int


@dataclass(frozen=True)
class Chart:
    """Bars and axis labels of one chart (``key`` names its caption in the messages)."""

    key: str
    width: int
    height: int
    bars: tuple[Bar, ...]


def _edge(value: float) -> str:
    return f"{value:g}" if value < 10_000 else f"{value / 1000:g}k"


def chart(key: str, labels: list[str], counts: list[int]) -> Chart:
    """A bar chart of ``counts`` (one bar per label)."""
    n = max(len(counts), 1)
    w = CHART_W / n
    top = max(counts, default=0) or 1
    bars = tuple(Bar(round(i * w + 1, 1), round(BASE - BASE * c / top, 1), round(w - 2, 1),
                     round(BASE * c / top, 1), label, c)
                 for i, (label, c) in enumerate(zip(labels, counts, strict=True)))
    return Chart(key, CHART_W, CHART_H, bars)


@dataclass(frozen=True)
class TextView:
    field: TextFieldProfile
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class QualityView:
    """The profile, its charts and the checks, for the template."""

    profile: VersionProfile
    texts: tuple[TextView, ...]
    columns: tuple[ColumnProfile, ...]
    checks: tuple[DictionaryCheck, ...]

    @classmethod
    def of(cls, profile: VersionProfile, checks: list[DictionaryCheck]) -> QualityView:
        texts = []
        for t in profile.text:
            edges = t.length.edges
            charts = [chart("length", [f"{_edge(a)}–{_edge(b)}" for a, b in pairwise(edges)],
                            list(t.length.counts)),
                      chart("script", list(t.script), list(t.script.values()))]
            if t.quality is not None:
                q = t.quality.edges
                charts.append(chart("quality", [f"{a:g}–{b:g}" for a, b in pairwise(q)],
                                    list(t.quality.counts)))
            texts.append(TextView(t, tuple(charts)))
        return cls(profile, tuple(texts), profile.columns, tuple(checks))
