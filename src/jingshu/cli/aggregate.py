"""``jingshu aggregate``: truth inference over an answers file, no server needed."""

from __future__ import annotations

import csv
import json
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import click

from jingshu.annotate.aggregate import (
    DEFAULT_METHOD,
    METHODS,
    NUMERIC_METHODS,
    Answers,
    AutoAggregator,
    NumericAnswers,
)
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.errors import InputError
from jingshu.store.json_lines import json_objects

__all__ = ["aggregate", "read_rows"]


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a .csv (with a header) or .jsonl file.

    Args:
        path: the file.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    if suffix == ".jsonl":
        lines = path.read_text("utf-8").splitlines()
        return [row for _, row in json_objects(lines, lambda n: f"{path}:{n}",
                                               object_hint="one object per line")]
    raise InputError(f"{path}: unknown format {suffix!r}", hint="use a .csv or .jsonl file")


def _column(rows: list[dict[str, Any]], name: str, path: Path) -> list[Any]:
    if rows and name not in rows[0]:
        raise InputError(f"{path}: no column {name!r} (columns: {sorted(rows[0])})",
                         hint=f"pass --{'label' if name == 'label' else name}-column NAME")
    return [row.get(name) for row in rows]


def _write(out: Path, records: list[dict[str, Any]]) -> None:
    if out.suffix.lower() == ".csv":
        with out.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(records[0]) if records else ["task"])
            writer.writeheader()
            writer.writerows(records)
    else:
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                       "utf-8")


@click.command()
@click.argument("answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--method", "method", default=DEFAULT_METHOD, show_default=True,
              type=click.Choice([*METHODS, *NUMERIC_METHODS]),
              help="auto (hierarchical Dawid-Skene, calibrated confidence), mv, wmv, ds, "
                   "onecoin, hds, glad, mace, ibcc, ebcc, bwa (labels); mean, median, bias "
                   "(numbers).")
@click.option("--dedupe", type=click.Choice(["none", "last", "first"]), default="none",
              show_default=True,
              help="Repeated answers by one worker on one task: count all, or keep one.")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Known answers (.csv/.jsonl with task and label columns) to seed estimates.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write task,label,confidence rows here (.csv or .jsonl).")
@click.option("--task-column", default="task", show_default=True, help="Task id column.")
@click.option("--worker-column", default="worker", show_default=True,
              help="Worker id column.")
@click.option("--label-column", default="label", show_default=True,
              help="Answer column (a label, or a number for mean/median/bias).")
@click.option("--seed", default=0, show_default=True, type=int, help="Seeds tie-breaking.")
@json_option
def aggregate(answers: Path, method: str, gold: Path | None, out: Path | None,
              task_column: str, worker_column: str, label_column: str, seed: int,
              dedupe: str, as_json: bool) -> None:
    """Infer one label per task from crowd ANSWERS (.csv or .jsonl: task, worker, label)."""
    rows = read_rows(answers)
    if not rows:
        raise InputError(f"{answers}: no answers", hint="the file needs a header and rows")
    tasks = _column(rows, task_column, answers)
    workers = _column(rows, worker_column, answers)
    labels = _column(rows, label_column, answers)
    known: dict[Hashable, Any] = {}
    if gold is not None:
        gold_rows = read_rows(gold)
        known = dict(zip(_column(gold_rows, task_column, gold),
                         _column(gold_rows, label_column, gold), strict=True))
    records: list[dict[str, Any]]
    extra: dict[str, Any] = {}
    if method in NUMERIC_METHODS:
        numeric = NUMERIC_METHODS[method]().fit(NumericAnswers.from_lists(tasks, workers, labels))
        records = [{"task": t, "label": float(v), "uncertainty": float(u)}
                   for t, v, u in zip(numeric.tasks, numeric.values, numeric.uncertainty,
                                      strict=True)]
        reliability = {str(w): float(r) for w, r in zip(numeric.workers, numeric.reliability,
                                                        strict=True)}
    else:
        data = Answers.from_lists(tasks, workers, labels)
        if dedupe != "none":
            data = data.deduplicated(keep=dedupe)
        model = METHODS[method](seed=seed)
        result = model.fit(data, gold=known)
        if isinstance(model, AutoAggregator):
            extra["temperature"] = round(model.temperature_, 4)
            extra["calibrated"] = model.calibrate
        records = [{"task": r.task, "label": r.label, "confidence": round(r.confidence, 6)}
                   for r in result.rows()]
        reliability = {str(w): round(v, 6) for w, v in result.reliability_of().items()}
    if out is not None:
        _write(out, records)
    if as_json:
        echo_json({"method": method, "tasks": len(records), **extra, "labels": records,
                   "reliability": reliability})
    elif out is None:
        echo_table(list(records[0]), [list(r.values()) for r in records])
    else:
        click.echo(f"{len(records)} tasks aggregated with {method} → {out}")
