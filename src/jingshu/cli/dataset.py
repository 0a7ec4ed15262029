"""``jingshu dataset``: import, export, list, show, head, describe, set, resource, verify,
regrade and regrade-requests (declassification, in :mod:`jingshu.cli.dataset_regrade`)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from jingshu.catalog.exporting import EXPORT_FORMATS, export_version, guess_export_format
from jingshu.catalog.importing import import_file
from jingshu.catalog.service import (
    DatasetSpec,
    add_resource,
    describe_field,
    get_dataset,
    get_version,
    lineage,
    list_datasets,
    open_version,
    parse_ref,
    update_dataset,
)
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.dataset_mix import mix
from jingshu.cli.dataset_profile import diff, profile, tokens
from jingshu.cli.dataset_regrade import regrade, regrade_requests
from jingshu.cli.formats import format_option
from jingshu.cli.metadata import metadata_changes, metadata_options
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.cli.refs import DATASET_REF
from jingshu.cli.views import dataset_summary, dataset_view
from jingshu.errors import IntegrityError
from jingshu.progress import TerminalProgress
from jingshu.store import FORMATS
from jingshu.store.rows import page_rows

__all__ = ["dataset"]


@click.group()
def dataset() -> None:
    """Import, inspect, document and export datasets."""


@dataset.command("import")
@click.argument("file", type=click.Path(exists=True))
@click.option("--name", required=True, help="Dataset name (lowercase slug, e.g. zh-news).")
@metadata_options
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Input format; guessed from the extension when omitted.")
@click.option("--append", is_flag=True,
              help="Add FILE as the next version of an existing dataset (same schema).")
@click.option("--text-field", default=None, metavar="PATH",
              help="JSON lines: import this (nested, dotted) field as 'text', e.g. "
                   "content.body; flat top-level fields are kept.")
@json_option
@pass_app
def import_(app: AppContext, /, file: str, name: str, fmt: str | None, append: bool,
            text_field: str | None, as_json: bool, **metadata: Any) -> None:
    """Import FILE (JSONL, CSV, TSV, Parquet, WARC/WET, a save_to_disk folder, a folder of
    .txt/.html, or media) as a dataset version.

    A new dataset is created unless --append is given; its metadata comes from the
    options, checked against the tier/grade rule.
    """
    changes = metadata_changes(metadata)
    changes.setdefault("title", name)
    spec = DatasetSpec(name=name, **changes)
    bar = TerminalProgress(not as_json and sys.stderr.isatty())  # rows read, and their rate
    with app.platform.session() as s, bar:
        version = import_file(s, app.platform.store, file, spec=spec, creator=app.actor,
                              append=append, fmt=fmt, text_field=text_field, on_step=bar)
        result = {"dataset": name, "version": version.number, "rows": version.rows,
                  "bytes": version.bytes, "id": version.id}
    if as_json:
        echo_json(result)
    else:
        click.echo(f"imported {result['rows']} rows into {name}@{result['version']}")


@dataset.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.argument("out", type=click.Path())
@format_option(EXPORT_FORMATS, "Guessed from OUT when omitted.")
@json_option
@pass_app
def export(app: AppContext, ref: str, out: str, fmt: str | None, as_json: bool) -> None:
    """Export a dataset version to OUT (a file, or a folder for hf)."""
    fmt = fmt or guess_export_format(out)
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        rows = export_version(s, app.platform.store, version, out, fmt, actor=app.actor)
        done = {"dataset": version.dataset.name, "version": version.number, "rows": rows,
                "out": out, "format": fmt}
    if as_json:
        echo_json(done)
        return
    click.echo(f"exported {rows} rows of {done['dataset']}@{done['version']} to {out} ({fmt})")


@dataset.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List every dataset with its tier, grade, versions and rows."""
    with app.platform.session() as s:
        items = [dataset_summary(d) for d in list_datasets(s)]
    if as_json:
        echo_json(items)
        return
    columns = ("name", "title", "tier", "grade", "sensitivity", "versions", "rows")
    echo_table(columns, [[i[c] for c in columns] for i in items])


@dataset.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@json_option
@pass_app
def show(app: AppContext, ref: str, as_json: bool) -> None:
    """Show a dataset's metadata, versions, fields (data dictionary) and lineage."""
    name, number = parse_ref(ref)
    with app.platform.session() as s:
        ds = get_dataset(s, name)
        version = get_version(s, name, number) if ds.versions or number else None
        info = dataset_view(ds, version, lineage(s, version) if version else None)
    if as_json:
        echo_json(info)
    else:
        _print_dataset(info)


def _print_dataset(info: dict[str, Any]) -> None:
    click.echo(f"{info['name']}: {info['title']}")
    for key in ("description", "organization", "theme", "keywords", "license", "languages",
                "modality", "update_frequency", "tier", "grade", "sensitivity"):
        value = info[key]
        if value not in (None, "", []):
            click.echo(f"  {key}: {', '.join(value) if isinstance(value, list) else value}")
    click.echo("versions:")
    for v in info["all_versions"]:
        made = f"{v['made_by']['kind']}:{v['made_by']['source']}"
        click.echo(f"  @{v['number']}  {v['rows']} rows  {v['bytes']} bytes  {made}  "
                   f"{v['created_at']}  by {v['creator']}")
    if info["version"] is not None:
        click.echo(f"fields of @{info['version']}:")
        echo_table(("  name", "type", "description"),
                   [("  " + f["name"], f["type"], f["description"]) for f in info["fields"]])
    if info["lineage"]["edges"]:
        refs = {n["id"]: n["ref"] for n in info["lineage"]["nodes"]}
        click.echo("lineage:")
        for edge in info["lineage"]["edges"]:
            click.echo(f"  {refs[edge['parent']]} -> {refs[edge['child']]}")


@dataset.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.option("-n", "rows", default=10, show_default=True, type=click.IntRange(min=0),
              help="How many rows.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0),
              help="Start at this row (0-based), without reading the rows before it.")
@click.option("--contains", default="", help="Only rows whose text contains this.")
@json_option
@pass_app
def head(app: AppContext, ref: str, rows: int, offset: int, contains: str,
         as_json: bool) -> None:
    """Print rows of a dataset version (one JSON object a line): the first, or any page."""
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        stored = open_version(app.platform.store, version)
        if offset or contains:
            first = page_rows(stored, offset=offset, limit=rows, contains=contains).rows
        else:
            first = stored.head(rows)
    if as_json:
        echo_json(first)
        return
    for row in first:
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


@dataset.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.argument("field")
@click.argument("description")
@pass_app
def describe(app: AppContext, ref: str, field: str, description: str) -> None:
    """Set the data-dictionary DESCRIPTION of FIELD in a version."""
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        describe_field(s, version, field, description, actor=app.actor)
        label = f"{version.dataset.name}@{version.number}"
    click.echo(f"described {label} field {field}")


@dataset.command("set")
@click.argument("name")
@metadata_options
@click.option("--reason", default=None,
              help="Why; needed when the change lowers tier, grade or sensitivity.")
@pass_app
def set_(app: AppContext, /, name: str, reason: str | None, **metadata: Any) -> None:
    """Change a dataset's metadata; the tier/grade rule is checked on the result.

    Raising protection applies at once; lowering it opens a regrade request that an
    administrator or data officer approves (see `jingshu dataset regrade-requests`).
    """
    changes = metadata_changes(metadata)
    if not changes:
        raise click.UsageError("nothing to change: give at least one option such as --title")
    with app.platform.session() as s:
        done = update_dataset(s, get_dataset(s, name), actor=app.actor, reason=reason,
                              **changes)
        request = done.regrade.id if done.regrade else None
    applied = sorted(set(changes) - ({"open_tier", "grade", "sensitivity"} if request else set()))
    if applied:
        click.echo(f"updated {name}: {', '.join(applied)}")
    if request is not None:
        click.echo(f"lowering the protection of {name} waits for approval: regrade request "
                   f"{request} (`jingshu dataset regrade-requests approve {request}`)")


@dataset.command()
@click.argument("name")
@click.option("--title", required=True, help="What the resource is, e.g. 数据标准说明.")
@click.option("--url", required=True, help="An http(s) URL or a path on the portal.")
@click.option("--format", "fmt", default="", help="Its format, e.g. PDF, HTML, CSV.")
@click.option("--description", default="", help="A sentence about it.")
@pass_app
def resource(app: AppContext, name: str, title: str, url: str, fmt: str,
             description: str) -> None:
    """Attach a document or link (standard, API description, sample) to dataset NAME."""
    with app.platform.session() as s:
        add_resource(s, get_dataset(s, name), title, url, actor=app.actor, fmt=fmt,
                     description=description)
    click.echo(f"attached to {name}: {title} <{url}>")


@dataset.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@json_option
@pass_app
def verify(app: AppContext, ref: str, as_json: bool) -> None:
    """Re-hash every shard of a version and compare with its manifest's sha256.

    Exits 1 when a shard is missing or changed.
    """
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        stored = open_version(app.platform.store, version)
        label = f"{version.dataset.name}@{version.number}"
    shards = len(stored.manifest.shards)
    try:
        stored.verify()
    except IntegrityError as exc:
        if as_json:
            echo_json({"version": label, "shards": shards, "ok": False, "error": exc.message})
        else:
            click.echo(f"error: {label}: {exc.message}", err=True)
        raise click.exceptions.Exit(1) from exc
    if as_json:
        echo_json({"version": label, "shards": shards, "ok": True, "error": None})
        return
    click.echo(f"{label}: {shards} shard(s), sha256 ok")


dataset.add_command(regrade)
dataset.add_command(regrade_requests)
dataset.add_command(profile)
dataset.add_command(diff)
dataset.add_command(mix)
dataset.add_command(tokens)
