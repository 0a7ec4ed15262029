"""A run report as one self-contained HTML file: tables, examples and embedded PNG plots.

The page is ``corpus/templates/run_report.html`` (Jinja2, autoescaped); this module
only gathers what it shows.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from jingshu.corpus.html_templates import render_template
from jingshu.corpus.profile import METRICS
from jingshu.corpus.report import RunReport
from jingshu.corpus.report_plot import plot_png

__all__ = ["HTML_NAME", "render_report_html", "write_report_html"]

HTML_NAME = "report.html"


@dataclass(frozen=True)
class _Figure:
    png: str  # base64
    title: str


@dataclass(frozen=True)
class _Examples:
    operator: str
    reason: str
    documents: int
    shown: list[tuple[str, str]]  # (document id, snippet)


def _base64(png: bytes) -> str:
    return base64.b64encode(png).decode("ascii")


def _examples(report: RunReport) -> list[_Examples]:
    """Each operator's drop reasons, most documents first, with example ids and snippets."""
    rows = []
    for op in report.operators:
        for reason, n in sorted(op.drops.items(), key=lambda item: -item[1]):
            ids = op.examples.get(reason, [])
            texts = op.snippets.get(reason, [])
            shown = list(zip(ids, texts + [""] * len(ids), strict=False))
            rows.append(_Examples(op.name, reason, n, shown))
    return rows


def render_report_html(report: RunReport, steps_png: bytes | None = None) -> str:
    """The report as an HTML page with its plots embedded as data URIs.

    Args:
        report: The run's report.
        steps_png: The ``steps`` plot, where the caller has rendered it already.
    """
    kept = f"{report.docs_out / report.docs_in:.1%}" if report.docs_in else "n/a"
    rate = f"{report.docs_in / report.seconds:,.0f}" if report.seconds else "n/a"
    figures = [_Figure(_base64(plot_png(report, m.key)), m.title) for m in METRICS]
    return render_template(
        "run_report.html", r=report, kept=kept, rate=rate, examples=_examples(report),
        figures=figures, steps_png=_base64(steps_png or plot_png(report, "steps")))


def write_report_html(report: RunReport, path: str | Path,
                      steps_png: bytes | None = None) -> Path:
    """Write :func:`render_report_html` to ``path``; returns the path."""
    out = Path(path)
    out.write_text(render_report_html(report, steps_png), encoding="utf-8")
    return out
