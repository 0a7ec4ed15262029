"""``jingshu annotate``: create projects, follow them, export labels, import Label Studio."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from jingshu.annotate.alpha import project_alpha
from jingshu.annotate.annotator_qc import annotator_stats
from jingshu.annotate.export import (
    LABEL_FORMATS,
    publish_labels,
    record_label_download,
    write_answers,
    write_hf,
    write_jsonl,
    write_labelstudio,
)
from jingshu.annotate.importing import import_labelstudio
from jingshu.annotate.projects import (
    ProjectSpec,
    close_project,
    create_project,
    get_project,
    list_projects,
    progress,
)
from jingshu.catalog.service import get_version, parse_ref
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.formats import format_option
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.cli.refs import DATASET_REF
from jingshu.errors import InputError

__all__ = ["annotate"]


@click.group()
def annotate() -> None:
    """Crowd annotation projects: create, status, export, import-labelstudio, close."""


def _schema(schema: str | None, kind: str, labels: str | None) -> dict[str, Any]:
    if schema:
        text = Path(schema).read_text("utf-8") if Path(schema).is_file() else schema
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"--schema is neither a JSON file nor JSON: {exc}",
                             hint='e.g. --schema \'{"kind": "single", "labels": ["是", "否"]}\''
                             ) from exc
        return dict(data)
    out: dict[str, Any] = {"kind": kind}
    if labels:
        out["labels"] = [x.strip() for x in labels.split(",") if x.strip()]
    return out


def _gold(path: str | None) -> dict[str, Any]:
    """Gold answers from a JSONL file of ``{"key": ..., "answer": ...}`` lines."""
    if not path:
        return {}
    gold = {}
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            gold[str(entry["key"])] = entry["answer"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}: a gold line needs 'key' and 'answer'",
                             hint='e.g. {"key": "r1", "answer": "正面"}') from exc
    return gold


def project_options(f: Any) -> Any:
    options = [
        click.option("--title", default="", help="Title shown to annotators."),
        click.option("--schema", help="Label schema as JSON or a JSON file."),
        click.option("--kind", default="single", show_default=True,
                     help="Schema kind when --schema is not given."),
        click.option("--labels", help="Comma-separated labels when --schema is not given."),
        click.option("--instructions", type=click.Path(exists=True, dir_okay=False),
                     help="Markdown file of instructions."),
        click.option("--overlap", default=3, show_default=True, help="Answers per item (k)."),
        click.option("--max-overlap", type=int,
                     help="Dynamic overlap: add answers up to this many ..."),
        click.option("--confidence", default=0.0, show_default=True,
                     help="... until the consensus confidence reaches this."),
        click.option("--gold", type=click.Path(exists=True, dir_okay=False),
                     help="JSONL of gold answers: {\"key\": ROW_ID, \"answer\": ...}."),
        click.option("--gold-rate", default=0.0, show_default=True,
                     help="Share of served items that are gold."),
        click.option("--lease-seconds", default=600, show_default=True,
                     help="How long an annotator holds an item."),
        click.option("--qualification-items", default=0, show_default=True,
                     help="Gold items a new annotator answers first."),
        click.option("--qualification-accuracy", default=0.0, show_default=True,
                     help="Accuracy needed on the qualification items."),
        click.option("--pause-below", default=0.0, show_default=True,
                     help="Pause annotators whose gold accuracy falls below this."),
        click.option("--cost", "cost_per_answer", default=0.0, show_default=True,
                     help="Paid per counted answer."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _spec(name: str, opts: dict[str, Any]) -> ProjectSpec:
    instructions = opts.pop("instructions")
    return ProjectSpec(
        name=name, label_schema=_schema(opts.pop("schema"), opts.pop("kind"), opts.pop("labels")),
        instructions=Path(instructions).read_text("utf-8") if instructions else "",
        gold=_gold(opts.pop("gold")), **opts)


@annotate.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.option("--name", required=True, help="Project name (lowercase slug).")
@project_options
@pass_app
def create(app: AppContext, /, ref: str, name: str, **opts: Any) -> None:
    """Create an annotation project over the rows of a dataset version."""
    spec = _spec(name, opts)
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        create_project(s, app.platform.store, version, spec, actor=app.actor)
        label = f"{version.dataset.name}@{version.number}"
    click.echo(f"created project {name} over {label} ({version.rows} items)")


@annotate.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List projects with their progress."""
    with app.platform.session() as s:
        rows = [{"name": p.name, "title": p.title, "state": p.state.value,
                 "kind": p.label_schema["kind"], "done": progress(s, p).done,
                 "items": progress(s, p).items} for p in list_projects(s)]
    if as_json:
        echo_json(rows)
    else:
        echo_table(("name", "title", "state", "kind", "done", "items"),
                   [list(r.values()) for r in rows])


@annotate.command()
@click.argument("name")
@json_option
@pass_app
def status(app: AppContext, name: str, as_json: bool) -> None:
    """Progress, Krippendorff's alpha, cost and the annotator table of a project."""
    with app.platform.session() as s:
        project = get_project(s, name)
        p = progress(s, project)
        info = {"name": name, "items": p.items, "done": p.done, "percent": round(p.percent, 1),
                "answers": p.answers, "open_leases": p.open_leases, "members": p.members,
                "cost": p.cost, "alpha": project_alpha(s, project),
                "annotators": [a.__dict__ for a in annotator_stats(s, project)]}
    if as_json:
        echo_json(info)
        return
    alpha = "-" if info["alpha"] is None else f"{info['alpha']:.3f}"
    click.echo(f"{name}: {p.done}/{p.items} items done ({p.percent:.1f}%), {p.answers} answers, "
               f"{p.open_leases} open leases, alpha {alpha}, cost {p.cost}")
    columns = ("annotator", "state", "answers", "gold_accuracy", "agreement", "median_seconds")
    echo_table(columns, [[_fmt(a[c]) for c in columns] for a in info["annotators"]])  # type: ignore[attr-defined]


def _fmt(value: object) -> str:
    return "-" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


@annotate.command()
@click.argument("name")
@click.argument("out", required=False, type=click.Path())
@format_option(LABEL_FORMATS, "Every format but catalog writes OUT.", default="catalog")
@click.option("--dataset", help="Catalog dataset to add the version to (default NAME-labels).")
@pass_app
def export(app: AppContext, name: str, out: str | None, fmt: str, dataset: str | None) -> None:
    """Export a project's aggregated labels (catalog version, JSONL, Label Studio, HF), or
    every answer per annotator (answers: JSON lines of row_key, annotator, value)."""
    with app.platform.session() as s:
        project = get_project(s, name)
        if fmt == "catalog":
            version = publish_labels(s, app.platform.store, project, actor=app.actor,
                                     dataset=dataset)
            click.echo(f"published {version.rows} labelled rows as "
                       f"{version.dataset.name}@{version.number}")
            return
        if not out:
            raise InputError(f"--format {fmt} needs OUT", hint="name a file, or a folder for hf")
        writer = {"jsonl": write_jsonl, "labelstudio": write_labelstudio, "hf": write_hf,
                  "answers": write_answers}[fmt]
        rows = writer(s, project, out)
        record_label_download(s, project, app.actor, fmt)
    click.echo(f"exported {rows} rows of project {name} to {out} ({fmt})")


@annotate.command("import-labelstudio")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", required=True, help="Project name; also the new dataset's name.")
@project_options
@pass_app
def import_ls(app: AppContext, /, file: str, name: str, **opts: Any) -> None:
    """Import Label Studio tasks and annotations as a dataset and a project."""
    spec = _spec(name, opts)
    with app.platform.session() as s:
        project = import_labelstudio(s, app.platform.store, file, dataset=name, spec=spec,
                                     actor=app.actor)
        p = progress(s, project)
    click.echo(f"imported {p.items} tasks with {p.answers} answers into project {name}")


@annotate.command()
@click.argument("name")
@pass_app
def close(app: AppContext, name: str) -> None:
    """Close a project: no more items are handed out."""
    with app.platform.session() as s:
        close_project(s, get_project(s, name), actor=app.actor)
    click.echo(f"closed project {name}")
