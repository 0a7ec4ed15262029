"""``jingshu label-errors``: agreement and label-error candidates of crowd answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import numpy as np

from jingshu.annotate.aggregate import METHODS, Answers
from jingshu.annotate.alpha import krippendorff_alpha
from jingshu.annotate.label_errors import confident_learning, fleiss_kappa, worker_confusion
from jingshu.cli.aggregate import _column, read_rows
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.errors import InputError

__all__ = ["label_errors"]


@click.command("label-errors")
@click.argument("answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--audit", default="mv", show_default=True, type=click.Choice(sorted(METHODS)),
              help="The method whose labels are audited (what you would export).")
@click.option("--against", default="ds", show_default=True, type=click.Choice(sorted(METHODS)),
              help="The method whose posteriors judge them (confident learning).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1),
              help="How many candidates to list.")
@click.option("--task-column", default="task", show_default=True, help="Task id column.")
@click.option("--worker-column", default="worker", show_default=True, help="Worker id column.")
@click.option("--label-column", default="label", show_default=True, help="Answer column.")
@json_option
def label_errors(answers: Path, audit: str, against: str, top: int, task_column: str,
                 worker_column: str, label_column: str, as_json: bool) -> None:
    """Fleiss' kappa, Krippendorff's alpha, per-worker agreement with the audited labels,
    and the items whose audited label is most likely wrong (confident learning).

    ANSWERS is a .csv or .jsonl file with task, worker and label columns.
    """
    rows = read_rows(answers)
    if not rows:
        raise InputError(f"{answers}: no answers", hint="the file needs a header and rows")
    data = Answers.from_lists(_column(rows, task_column, answers),
                              _column(rows, worker_column, answers),
                              _column(rows, label_column, answers))
    audited, judge = METHODS[audit]().fit(data), METHODS[against]().fit(data)
    code = {c: i for i, c in enumerate(data.classes)}
    labels = np.array([code[x] for x in audited.labels], dtype=np.int64)
    issues = confident_learning(labels, judge.probabilities)
    units: list[list[Any]] = [[] for _ in data.tasks]
    for t, y in zip(data.task, data.label, strict=True):
        units[t].append(int(y))
    confusion = worker_confusion(data, labels)
    agreement = {str(w): round(float(np.trace(m)) / max(int(m.sum()), 1), 4)
                 for w, m in confusion.items()}
    candidates = [{"task": data.tasks[i], "label": audited.labels[i],
                   "suggested": data.classes[int(judge.probabilities[i].argmax())],
                   "label_probability": round(float(judge.probabilities[i, labels[i]]), 4),
                   "issue": bool(issues.is_issue[i])} for i in issues.order[:top]]
    kappa, alpha = fleiss_kappa(data), krippendorff_alpha(units)
    result = {"items": len(data.tasks), "fleiss_kappa": kappa,
              "krippendorff_alpha": alpha, "issues": issues.count,
              "audit": audit, "against": against, "candidates": candidates,
              "worker_agreement": agreement}
    if as_json:
        echo_json(result)
        return
    click.echo(f"{len(data.tasks)} items; Fleiss' kappa {_fmt(kappa)}, "
               f"Krippendorff's alpha {_fmt(alpha)}; "
               f"{issues.count} label issues ({audit} labels judged by {against})")
    echo_table(("task", audit, "suggested", "p(label)", "issue"),
               [(c["task"], c["label"], c["suggested"], c["label_probability"],
                 "yes" if c["issue"] else "") for c in candidates])


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"
