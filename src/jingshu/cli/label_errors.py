"""``jingshu label-errors``: agreement and label-error candidates of crowd answers."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jingshu.annotate.aggregate import METHODS, Answers
from jingshu.annotate.label_errors import LabelQuality, label_quality
from jingshu.cli.aggregate import _column, read_rows
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.errors import InputError

if TYPE_CHECKING:
    from jingshu.annotate.label_review import ReviewFill

__all__ = ["label_errors"]


@click.command("label-errors")
@click.argument("answers", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--project", default=None,
              help="An annotation project: its counted, non-gold answers instead of a file.")
@click.option("--dataset", default=None, metavar="NAME[@VERSION]",
              help="A catalog version of answers (one row per answer, the same columns) "
                   "instead of a file.")
@click.option("--to-review", "to_review", default=None, type=click.IntRange(min=1),
              help="With --project: send the answers of the K most suspect items to the front "
              "of the project's review queue (accepted ones are reopened).")
@click.option("--audit", default="mv", show_default=True, type=click.Choice(sorted(METHODS)),
              help="The method whose labels are audited (what you would export).")
@click.option("--against", default="ds", show_default=True, type=click.Choice(sorted(METHODS)),
              help="The method whose posteriors judge them (confident learning).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1),
              help="How many candidates to list.")
@click.option("--task-column", default="task", show_default=True, help="Task id column.")
@click.option("--worker-column", default="worker", show_default=True, help="Worker id column.")
@click.option("--label-column", default="label", show_default=True, help="Answer column.")
@click.option("--queue", is_flag=True,
              help="With --project or --dataset: queue a label.errors job instead of waiting "
              "(for large projects); `jingshu jobs show ID` gives the report once a worker "
              "ran it.")
@json_option
@pass_app
def label_errors(app: AppContext, answers: Path | None, project: str | None,
                 dataset: str | None, to_review: int | None, audit: str, against: str,
                 top: int, task_column: str, worker_column: str, label_column: str,
                 queue: bool, as_json: bool) -> None:
    """Fleiss' kappa, Krippendorff's alpha, per-worker agreement with the audited labels,
    and the items whose audited label is most likely wrong (confident learning).

    ANSWERS is a .csv or .jsonl file with task, worker and label columns; or give
    --dataset NAME@V for a catalog version with those columns, or --project NAME for a
    project's answers (tasks are then the items' row keys), and --to-review K to fill
    its review queue with the K most suspect items.
    """
    if sum(x is not None for x in (answers, project, dataset)) != 1:
        raise click.UsageError("give one of ANSWERS (a file), --dataset NAME@V or --project NAME")
    if to_review is not None and project is None:
        raise click.UsageError("--to-review needs --project: a file has no review queue")
    if queue:
        if answers is not None:
            raise click.UsageError("--queue needs --project or --dataset: a worker cannot "
                                   "read a local file; import it first")
        _queue(app, project, dataset, to_review, task=task_column, worker=worker_column,
               label=label_column, audit=audit, against=against, top=top, as_json=as_json)
        return
    filled = None
    if project is not None:
        quality, filled = _of_project(app, project, to_review, audit=audit, against=against,
                                      top=top)
    elif dataset is not None:
        quality = _of_dataset(app, dataset, task=task_column, worker=worker_column,
                              label=label_column, audit=audit, against=against, top=top)
    else:
        assert answers is not None
        rows = read_rows(answers)
        if not rows:
            raise InputError(f"{answers}: no answers", hint="the file needs a header and rows")
        data = Answers.from_lists(_column(rows, task_column, answers),
                                  _column(rows, worker_column, answers),
                                  _column(rows, label_column, answers))
        quality = label_quality(data, audit=audit, against=against, top=top)
    candidates = [asdict(c) for c in quality.candidates]
    kappa, alpha = quality.fleiss_kappa, quality.krippendorff_alpha
    result = {"items": quality.items, "fleiss_kappa": kappa, "krippendorff_alpha": alpha,
              "issues": quality.issues, "audit": audit, "against": against,
              "candidates": candidates, "worker_agreement": quality.worker_agreement}
    if filled is not None:
        result["sent_to_review"] = asdict(filled)
    if as_json:
        echo_json(result)
        return
    click.echo(f"{quality.items} items; Fleiss' kappa {_fmt(kappa)}, "
               f"Krippendorff's alpha {_fmt(alpha)}; "
               f"{quality.issues} label issues ({audit} labels judged by {against})")
    echo_table(("task", audit, "suggested", "p(label)", "issue"),
               [(c["task"], c["label"], c["suggested"], c["label_probability"],
                 "yes" if c["issue"] else "") for c in candidates])
    if filled is not None:
        click.echo(f"sent {len(filled.items)} item(s) to review: {filled.queued} answer(s) "
                   f"now first in the queue ({filled.reopened} reopened after acceptance)")


def _of_project(app: AppContext, name: str, to_review: int | None, *, audit: str,
                against: str, top: int) -> tuple[LabelQuality, ReviewFill | None]:
    from jingshu.annotate.label_review import project_label_quality, send_to_review
    from jingshu.annotate.projects import get_project

    with app.platform.session() as s:
        project = get_project(s, name)
        quality = project_label_quality(s, project, audit=audit, against=against, top=top)
        if to_review is None:
            return quality, None
        filled = send_to_review(s, project, to_review, actor=app.actor, audit=audit,
                                against=against)
        s.commit()
        return quality, filled


def _of_dataset(app: AppContext, ref: str, *, task: str, worker: str, label: str,
                audit: str, against: str, top: int) -> LabelQuality:
    from jingshu.annotate.label_review import version_label_quality
    from jingshu.catalog.service import get_version, open_version, parse_ref

    with app.platform.session() as s:
        stored = open_version(app.platform.store, get_version(s, *parse_ref(ref)))
    return version_label_quality(stored, task=task, worker=worker, label=label, audit=audit,
                                 against=against, top=top)


def _queue(app: AppContext, project: str | None, dataset: str | None, to_review: int | None,
           *, task: str, worker: str, label: str, audit: str, against: str, top: int,
           as_json: bool) -> None:
    from jingshu.cli.jobs import report_queued
    from jingshu.jobs.label_jobs import LabelErrorsRequest, submit_label_errors

    request = LabelErrorsRequest(project=project, dataset=dataset, task=task, worker=worker,
                                 label=label, audit=audit, against=against, top=top,
                                 to_review=to_review)
    report_queued(app, lambda s: submit_label_errors(s, request, actor=app.actor),
                  "a label-error search", as_json)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"
