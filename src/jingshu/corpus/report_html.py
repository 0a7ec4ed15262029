"""A run report as one self-contained HTML file: tables, examples and embedded PNG plots."""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from jingshu.corpus.profile import METRICS
from jingshu.corpus.report import RunReport
from jingshu.corpus.report_plot import plot_png

__all__ = ["HTML_NAME", "render_report_html", "write_report_html"]

HTML_NAME = "report.html"

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;max-width:70rem}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem}
th{background:#f3f4f6}td.n{text-align:right}img{max-width:100%}
.plots{display:flex;flex-wrap:wrap;gap:1rem}.plots figure{margin:0}
"""


def _img(report: RunReport, name: str, alt: str, png: bytes | None = None) -> str:
    data = base64.b64encode(png or plot_png(report, name)).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}">'


def _operator_rows(report: RunReport) -> list[str]:
    rows = []
    for i, op in enumerate(report.operators, start=1):
        drops = ", ".join(f"{escape(r)}: {n}" for r, n in sorted(op.drops.items())) or "-"
        rows.append(
            f"<tr><td class=n>{i}</td><td>{escape(op.name)}</td><td>{op.kind}</td>"
            f"<td class=n>{op.docs_in}</td><td class=n>{op.docs_out}</td>"
            f"<td class=n>{op.changed}</td><td class=n>{op.seconds:.2f}</td><td>{drops}</td></tr>"
        )
    return rows


def _example_rows(report: RunReport) -> list[str]:
    rows = []
    for op in report.operators:
        for reason, n in sorted(op.drops.items(), key=lambda item: -item[1]):
            ids = op.examples.get(reason, [])
            texts = op.snippets.get(reason, [])
            shown = "".join(
                f"<li><code>{escape(i)}</code> {escape(t)}</li>"
                for i, t in zip(ids, texts + [""] * len(ids), strict=False)
            )
            rows.append(f"<tr><td>{escape(op.name)}</td><td>{escape(reason)}</td>"
                        f"<td class=n>{n}</td><td><ul>{shown}</ul></td></tr>")
    return rows


def render_report_html(report: RunReport, steps_png: bytes | None = None) -> str:
    """The report as an HTML page with its plots embedded as data URIs.

    Args:
        report: The run's report.
        steps_png: The ``steps`` plot, where the caller has rendered it already.
    """
    kept = f"{report.docs_out / report.docs_in:.1%}" if report.docs_in else "n/a"
    rate = f"{report.docs_in / report.seconds:,.0f}" if report.seconds else "n/a"
    figures = "".join(
        f"<figure>{_img(report, m.key, m.title)}<figcaption>{escape(m.title)}</figcaption>"
        "</figure>" for m in METRICS
    )
    parts = [
        "<!doctype html><html lang=zh><meta charset=utf-8>",
        f"<title>Run report: {escape(report.recipe)}</title><style>{_STYLE}</style>",
        f"<h1>处理报告 / Run report: {escape(report.recipe)}</h1>",
        f"<p>documents in {report.docs_in}, out {report.docs_out} ({kept} kept), "
        f"unreadable {report.errors}, time {report.seconds:.2f} s ({rate} docs/s)</p>",
        "<h2>Operators</h2><table><tr><th>#</th><th>operator</th><th>kind</th><th>in</th>"
        "<th>out</th><th>changed</th><th>time (s)</th><th>drops by reason</th></tr>",
        *_operator_rows(report),
        "</table>",
        _img(report, "steps", "documents kept after each step, drops by reason", steps_png),
        "<h2>Dropped documents: examples</h2>",
        "<table><tr><th>operator</th><th>reason</th><th>documents</th><th>examples</th></tr>",
        *_example_rows(report),
        "</table>",
        f"<h2>Before and after ({report.profile.sampled} sampled documents)</h2>",
        f'<div class="plots">{figures}</div>',
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def write_report_html(report: RunReport, path: str | Path,
                      steps_png: bytes | None = None) -> Path:
    """Write :func:`render_report_html` to ``path``; returns the path."""
    out = Path(path)
    out.write_text(render_report_html(report, steps_png), encoding="utf-8")
    return out
