"""``jingshu media``: import images/audio, run media recipes, export with the bytes."""

from __future__ import annotations

from typing import Any, Literal

import click

from jingshu.catalog.importing import import_file
from jingshu.catalog.service import (
    DatasetSpec,
    get_version,
    open_version,
    parse_ref,
)
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.metadata import metadata_changes, metadata_options
from jingshu.cli.output import echo_json, json_option
from jingshu.cli.refs import DATASET_REF
from jingshu.store.importers import MEDIA_FORMATS

__all__ = ["media"]


@click.group()
def media() -> None:
    """Images, image–text pairs and audio: import, clean with recipes, export."""


@media.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--name", required=True, help="Dataset name (lowercase slug, e.g. city-photos).")
@metadata_options
@click.option("--format", "fmt", type=click.Choice(MEDIA_FORMATS),
              help="imagefolder, audiofolder, coco (a COCO JSON) or webdataset (.tar); "
              "guessed for folders and .tar files when omitted.")
@click.option("--append", is_flag=True, help="Add PATH as the next version of an existing "
              "dataset (same columns).")
@json_option
@pass_app
def import_(app: AppContext, /, path: str, name: str, fmt: str | None, append: bool,
            as_json: bool, **metadata: Any) -> None:
    """Import media at PATH as a dataset version and list the files that did not decode.

    Bytes are stored once per distinct content (sha256) in the store's blobs; bad files
    (truncated, wrong extension, decompression bombs, missing) keep a row with the
    reason in ``error`` and do not stop the import.
    """
    changes = metadata_changes(metadata)
    changes.setdefault("title", name)
    with app.platform.session() as s:
        version = import_file(s, app.platform.store, path, spec=DatasetSpec(name=name, **changes),
                              creator=app.actor, append=append, fmt=fmt)
        stored = open_version(app.platform.store, version)
        bad = [{"file": r["file_name"], "error": r["error"]}
               for b in stored.iter_batches(columns=["file_name", "error"])
               for r in b.to_pylist() if r["error"]]
        result = {"dataset": name, "version": version.number, "rows": version.rows,
                  "bad_files": bad}
    if as_json:
        echo_json(result)
        return
    click.echo(f"imported {version.rows} rows into {name}@{result['version']} "
               f"({len(bad)} bad files)")
    for item in bad:
        click.echo(f"  {item['file']}: {item['error']}", err=True)


@media.command()
@click.argument("recipe")
@click.argument("source", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.argument("target")
@click.option("--allow-empty", is_flag=True, help="Publish a version even if no row is kept.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes (or Ray tasks at once) for the per-row steps.")
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="local worker processes, or Ray (same output bytes); default: ray when "
              "an address is given or JINGSHU_RAY_ADDRESS is set, else local.")
@click.option("--address", default=None, metavar="ADDR",
              help="Ray cluster address (default: JINGSHU_RAY_ADDRESS); without one, "
              "--executor ray starts a local Ray instance.")
@json_option
@pass_app
def run(app: AppContext, recipe: str, source: str, target: str, allow_empty: bool,
        workers: int, executor: Literal["local", "ray"] | None, address: str | None,
        as_json: bool) -> None:
    """Run media RECIPE (img-release, img-text, audio-speech or a YAML file) over SOURCE
    and publish the kept rows as a new version of TARGET, with lineage to SOURCE."""
    from jingshu.corpus.executor_ray import choose_executor
    from jingshu.jobs.media_runs import run_media_recipe

    chosen, cluster = choose_executor(executor, address, app.settings().ray_address)
    version, report = run_media_recipe(app.platform, recipe, source, target, creator=app.actor,
                                       allow_empty=allow_empty, workers=workers,
                                       executor=chosen, address=cluster)
    if as_json:
        echo_json({"dataset": target, "version": version.number, "report": report.to_dict()})
        return
    click.echo(report.to_markdown(), nl=False)
    click.echo(f"published {version.rows} rows as {target}@{version.number}")


@media.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.argument("out", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(("hf", "webdataset")), default="hf",
              show_default=True, help="hf: data/*.parquet with Image/Audio features; "
              "webdataset: shard-*.tar of KEY.jpg/KEY.json/KEY.txt.")
@pass_app
def export(app: AppContext, ref: str, out: str, fmt: str) -> None:
    """Export a media version to the folder OUT with the media bytes inline (the same
    export as ``jingshu dataset export --format hf|webdataset``)."""
    from jingshu.catalog.exporting import export_version

    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        _require_media(app, version)
        rows = export_version(s, app.platform.store, version, out, fmt, actor=app.actor)
        label = f"{version.dataset.name}@{version.number}"
    click.echo(f"exported {rows} rows of {label} to {out} ({fmt})")


def _require_media(app: AppContext, version: Any) -> None:
    from jingshu.store.media_export import media_column

    if media_column(open_version(app.platform.store, version).schema()) is None:
        raise click.UsageError(f"{version.dataset.name}@{version.number} has no image_sha256 "
                               "or audio_sha256 column; export it with `jingshu dataset "
                               "export` instead")


@media.command()
@json_option
def recipes(as_json: bool) -> None:
    """List the built-in media recipes with their steps."""
    from jingshu.media.recipe import BUILTIN_MEDIA_RECIPES, load_media_recipe

    items = [(name, load_media_recipe(name)) for name in BUILTIN_MEDIA_RECIPES]
    if as_json:
        echo_json([{"name": name, "media": r.media, "steps": [s.op for s in r.steps]}
                   for name, r in items])
        return
    for name, recipe in items:
        click.echo(f"{name} ({recipe.media}): " + ", ".join(s.op for s in recipe.steps))


@media.command()
@click.option("--grace-s", type=float, default=3600.0, show_default=True,
              help="Keep blobs written in the last this many seconds (imports in progress).")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
@pass_app
def gc(app: AppContext, grace_s: float, dry_run: bool) -> None:
    """Remove media blobs that no dataset version in the catalog names."""
    from sqlalchemy import select

    from jingshu.catalog.models import DatasetVersion
    from jingshu.store.blobs import sweep_blobs

    with app.platform.session() as s:
        known = list(s.scalars(select(DatasetVersion.location)))
    gone = sweep_blobs(app.platform.store, known, grace_s=grace_s, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {len(gone)} unreferenced media blobs")
