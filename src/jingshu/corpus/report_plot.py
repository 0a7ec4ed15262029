"""A run report as a picture: documents kept after each operator, drops by reason."""

from __future__ import annotations

from pathlib import Path

from jingshu.corpus.report import RunReport

__all__ = ["PLOT_NAME", "write_report_plot"]

PLOT_NAME = "report.png"


def write_report_plot(report: RunReport, path: str | Path) -> Path:
    """Write a PNG with two bar charts: documents left after each step, drops by reason.

    Args:
        report: The run's report.
        path: The PNG file to write (its folder must exist).

    Returns:
        The path written.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

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
    out = Path(path)
    fig.savefig(out, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return out
