"""A run report as pictures (PNG, matplotlib's Agg backend, no display needed).

``steps``: documents kept after each operator and drops by reason. One picture per
profiled metric (``length``, ``cjk_ratio``, ``fluency``, ``char_repetition``): the
histogram of the sampled documents before and after the run; a media run's report
has ``media-COLUMN`` histograms instead (source rows and kept rows). PNGs are written
without a timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import itertools
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jingshu.corpus.profile import METRICS, ProfileStats
from jingshu.corpus.report import RunReport
from jingshu.errors import InputError

__all__ = ["PLOTS", "PLOT_NAME", "drawing", "plot_png", "plots_of", "write_report_plot"]

PLOT_NAME = "report.png"
PLOTS = ("steps", *(m.key for m in METRICS))
"""The names :func:`plot_png` draws."""


_DRAWING = threading.Lock()
"""matplotlib is not thread-safe: pyplot keeps one registry of figures, and the parser
of its math text (a log axis's ``10^{2}`` labels) keeps state while it parses. Two
threads drawing at once (a worker running two corpus runs, the portal serving two
report pages) failed with ``ParseException`` or ``IndexError``."""


@contextmanager
def drawing() -> Iterator[Any]:
    """pyplot (Agg backend), for this thread alone until the block ends; matplotlib's
    missing-glyph warnings are silenced (a Chinese label without a CJK font: boxes)."""
    with _DRAWING, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield _pyplot()


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    return plt


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    _pyplot().close(fig)
    return buffer.getvalue()


def _steps_png(report: RunReport) -> bytes:
    plt = _pyplot()
    steps = ["input", *(f"{i}. {op.name}" for i, op in enumerate(report.operators, start=1))]
    kept = [report.docs_in, *(op.docs_out for op in report.operators)]
    drops = sorted(report.drops.items(), key=lambda item: item[1])
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, max(3.0, 0.3 * len(steps) + 1)))
    left.barh(steps[::-1], kept[::-1], color="#3b7dd8")
    left.set_title("documents kept after each step")
    left.set_xlabel("documents")
    if drops:
        right.barh([k for k, _ in drops], [n for _, n in drops], color="#d8603b")
    else:
        right.text(0.5, 0.5, "no documents dropped", ha="center", va="center")
    right.set_title("documents dropped, by operator:reason")
    right.set_xlabel("documents")
    fig.suptitle(f"run report: {report.recipe}")
    fig.tight_layout()
    return _png(fig)


def _histogram_png(profile: ProfileStats, key: str) -> bytes:
    plt = _pyplot()
    metric = ProfileStats.metric(key)
    edges = list(metric.edges)
    widths = [b - a for a, b in itertools.pairwise(edges)]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    before, after = profile.before.get(key, []), profile.after.get(key, [])
    if any(before):
        ax.bar(edges[:-1], before, width=widths, align="edge", color="#9aa5b1", alpha=0.8,
               label=f"before ({sum(before)})")
        ax.bar(edges[:-1], after, width=widths, align="edge", color="#3b7dd8", alpha=0.7,
               label=f"after ({sum(after)})")
        ax.legend()
    else:
        ax.text(0.5, 0.5, "no documents measured", ha="center", va="center",
                transform=ax.transAxes)
    if metric.log:
        ax.set_xscale("log")
    ax.set_xlabel(metric.title)
    ax.set_ylabel("sampled documents")
    fig.tight_layout()
    return _png(fig)


def _media_png(report: RunReport, column: str) -> bytes:
    plt = _pyplot()
    hist = report.media["histograms"][column]
    edges = [float(e) for e in hist["edges"]]
    widths = [b - a for a, b in itertools.pairwise(edges)]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    if any(hist["before"]):
        ax.bar(edges[:-1], hist["before"], width=widths, align="edge", color="#9aa5b1",
               alpha=0.8, label=f"source rows ({sum(hist['before'])})")
    ax.bar(edges[:-1], hist["after"], width=widths, align="edge", color="#3b7dd8", alpha=0.7,
           label=f"kept rows ({sum(hist['after'])})")
    ax.legend()
    ax.set_xlabel(column)
    ax.set_ylabel("rows")
    fig.tight_layout()
    return _png(fig)


def plots_of(report: RunReport) -> tuple[str, ...]:
    """The pictures ``report`` has: :data:`PLOTS` for a text run; for a media run the
    steps and ``media-COLUMN`` for each measured column."""
    if not report.media:
        return PLOTS
    return ("steps", *(f"media-{c}" for c in report.media.get("histograms", {})))


def plot_png(report: RunReport, name: str) -> bytes:
    """One of the report's pictures as PNG bytes.

    Args:
        report: The run's report.
        name: One of :func:`plots_of` ``report``.

    Raises:
        InputError: ``name`` is not a known plot.
    """
    known = plots_of(report)
    if name not in known:
        raise InputError(f"report plot {name!r} is not known", hint="use one of: "
                         + ", ".join(known))
    with drawing():
        if name == "steps":
            return _steps_png(report)
        if name.startswith("media-"):
            return _media_png(report, name.removeprefix("media-"))
        return _histogram_png(report.profile, name)


def write_report_plot(report: RunReport, path: str | Path) -> Path:
    """Write the ``steps`` picture: documents left after each step, drops by reason.

    Args:
        report: The run's report.
        path: The PNG file to write (its folder must exist).

    Returns:
        The path written.
    """
    out = Path(path)
    out.write_bytes(plot_png(report, "steps"))
    return out
