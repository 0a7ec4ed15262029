"""``jingshu corpus``: run, list, show and validate corpus recipes (``jingshu clean``: clean.py)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import click

from jingshu.artefacts import local_resolver
from jingshu.catalog.service import get_version, open_version, parse_ref
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.corpus_audit import audit
from jingshu.cli.corpus_dedup import dedup
from jingshu.cli.corpus_quality import score_quality, train_quality
from jingshu.cli.formats import RUN_FORMATS, format_option
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.cli.refs import DATASET_REF, InputPath, legacy_dataset
from jingshu.corpus.executor import Executor, OutputFormat, run_files
from jingshu.corpus.executor_ray import choose_executor
from jingshu.corpus.recipe import BUILTIN_RECIPES, Recipe, load_recipe
from jingshu.corpus.report import RunReport
from jingshu.corpus.term_stats import term_stats, term_stats_png
from jingshu.errors import InputError
from jingshu.jobs.dataset_run import run_recipe_on_dataset

__all__ = ["corpus"]

_BAR_WIDTH = 40


@click.group()
def corpus() -> None:
    """Clean and filter Chinese text with recipes of operators."""


def _run_kind(source: str | None, source_ds: str | None, target: str | None,
              target_ds: str | None) -> tuple[str, str, bool]:
    """``(input, output, on_datasets)`` from the four options, the deprecated
    ``dataset:`` values of --input/--output included."""
    source_ds = source_ds or legacy_dataset(source, "--input", "--input-dataset")
    target_ds = target_ds or legacy_dataset(target, "--output", "--output-dataset")
    source = None if source_ds else source
    target = None if target_ds else target
    if (source is None) == (source_ds is None) or (target is None) == (target_ds is None):
        raise click.UsageError("give one input (--input PATH or --input-dataset "
                               "NAME[@VERSION]) and one output (--output FOLDER or "
                               "--output-dataset NAME)")
    if (source_ds is None) != (target_ds is None):
        raise InputError("the input and the output must both be files or both be datasets",
                         hint="import files first (`jingshu dataset import`), or export the "
                         "dataset (`jingshu dataset export`)")
    if source_ds is not None and target_ds is not None:
        return source_ds, target_ds, True
    assert source is not None and target is not None
    return source, target, False


@corpus.command()
@click.argument("recipe")
@click.option("--input", "source", type=InputPath(), metavar="PATH",
              help="Shard file or folder (.jsonl, .jsonl.gz, .parquet, .txt, .html).")
@click.option("--input-dataset", "source_ds", type=DATASET_REF,
              help="Or a catalog dataset version: its shards are the input.")
@click.option("--output", "target", type=click.Path(file_okay=False), metavar="FOLDER",
              help="Output folder (with --input).")
@click.option("--output-dataset", "target_ds", type=DATASET_REF, metavar="NAME",
              help="The catalog dataset that gets a new version (with --input-dataset).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes (or shards at once on Ray); a dataset's shards are "
              "the tasks.")
@format_option(RUN_FORMATS, "The output shards' format (file runs only).", default="jsonl.gz")
@click.option("--rejects", is_flag=True,
              help="Also write dropped documents with their reason to _rejects/ (file runs).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="local worker processes, or Ray Data (same output bytes); default: ray "
              "when an address is given or JINGSHU_RAY_ADDRESS is set, else local.")
@click.option("--address", default=None, metavar="ADDR",
              help="Ray cluster address (default: JINGSHU_RAY_ADDRESS); without one, --executor "
              "ray starts a local Ray instance.")
@click.option("--overwrite", is_flag=True,
              help="Empty a non-empty output folder first (file runs). Without it, only an "
              "unfinished run of the same recipe and input is resumed there.")
@click.option("--allow-empty", is_flag=True,
              help="Publish the result even when no document is kept (otherwise the run "
              "fails, naming the step that dropped everything).")
@json_option
@pass_app
def run(app: AppContext, recipe: str, source: str | None, target: str | None,
        workers: int, fmt: OutputFormat,
        rejects: bool, executor: Executor | None, address: str | None, overwrite: bool,
        allow_empty: bool, as_json: bool, source_ds: str | None, target_ds: str | None
        ) -> None:
    """Run RECIPE (a built-in name or a YAML file) over files or a catalog dataset.

    Files (--input PATH --output FOLDER): the output folder gets the shards and
    report.json, report.md, report.png and report.html (histograms before and after);
    bad records go to _errors/.

    Datasets (--input-dataset NAME[@VERSION] --output-dataset NAME): the same executor
    runs over the input version's shards, and the result is published as a new version
    of the output dataset (created with the input's metadata when missing), with
    lineage to the input version.

    A non-empty output folder is refused unless it holds an unfinished run of the same
    recipe, input and jingshu version (resumed) or --overwrite is given. A run that keeps
    no document publishes nothing unless --allow-empty is given.
    """
    loaded = load_recipe(recipe, resolve=local_resolver(lambda: app.platform))
    executor, address = choose_executor(executor, address, app.settings().ray_address)
    source, target, on_datasets = _run_kind(source, source_ds, target, target_ds)
    progress = not as_json and sys.stderr.isatty()
    result: dict[str, Any] = {}
    if not on_datasets:
        report = run_files(loaded, source, target, workers=workers, fmt=fmt,
                           write_rejects=rejects, progress=progress, executor=executor,
                           address=address, overwrite=overwrite, allow_empty=allow_empty)
        result["output"] = target
    else:
        version, report = run_recipe_on_dataset(
            app.platform, loaded, source, target, creator=app.actor, workers=workers,
            progress=progress, allow_empty=allow_empty, executor=executor, address=address)
        result["output"] = f"{version.dataset.name}@{version.number}"
    result["report"] = report.to_dict()
    if as_json:
        echo_json(result)
    else:
        _print_report(report, result["output"])


def _print_report(report: RunReport, output: str) -> None:
    kept = f" ({report.docs_out / report.docs_in:.1%})" if report.docs_in else ""
    click.echo(f"recipe {report.recipe}: {report.docs_in} documents in, "
               f"{report.docs_out} out{kept}, {report.errors} unreadable")
    for reason, n in sorted(report.drops.items(), key=lambda item: -item[1]):
        click.echo(f"  dropped {n:>6}  {reason}")
    click.echo(f"output: {output}")


@corpus.command()
@json_option
def recipes(as_json: bool) -> None:
    """List the built-in recipes with their descriptions."""
    items = [load_recipe(name) for name in BUILTIN_RECIPES]
    if as_json:
        echo_json([{"name": r.name, "description": r.description, "steps": len(r.steps)}
                   for r in items])
        return
    echo_table(("name", "steps", "description"),
               [(r.name, len(r.steps), r.description) for r in items])


@corpus.command()
@click.argument("recipe")
@json_option
@pass_app
def show(app: AppContext, recipe: str, as_json: bool) -> None:
    """Print RECIPE's validated steps (a built-in name or a YAML file)."""
    loaded = load_recipe(recipe, resolve=local_resolver(lambda: app.platform))
    if as_json:
        echo_json(loaded.to_dict())
        return
    _print_steps(loaded)


def _print_steps(recipe: Recipe) -> None:
    click.echo(f"{recipe.name}: {recipe.description}")
    for i, step in enumerate(recipe.steps, start=1):
        params = ", ".join(f"{k}={v!r}" for k, v in step.params.items())
        click.echo(f"  {i:>2}. {step.op}" + (f"  ({params})" if params else ""))


@corpus.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@pass_app
def validate(app: AppContext, file: str) -> None:
    """Check a recipe FILE: operators, parameters, types, ranges, optional packages.

    Exits 2 with the step and parameter at fault and a suggestion.
    """
    loaded = load_recipe(file, resolve=local_resolver(lambda: app.platform))
    click.echo(f"{file}: ok, recipe {loaded.name} with {len(loaded.steps)} steps")


corpus.add_command(train_quality)
corpus.add_command(score_quality)
corpus.add_command(dedup)
corpus.add_command(audit)


@corpus.command()
@click.argument("dataset", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.option("--terms", required=True, metavar="A,B",
              help="Terms separated by commas; each is counted once per document.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Also write the bar chart as a PNG file.")
@json_option
@pass_app
def stats(app: AppContext, dataset: str, terms: str, plot_path: str | None,
          as_json: bool) -> None:
    """Share of DATASET's documents that contain each term, with a bar chart.

    The statistic policy studies quote, e.g. the share of AI policies that mention
    人工智能产业: `jingshu corpus stats policies --terms 人工智能产业,数据要素`.
    """
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(dataset))
        result = term_stats(open_version(app.platform.store, version), version.number, terms)
    if plot_path:
        Path(plot_path).write_bytes(term_stats_png(result))
    if as_json:
        echo_json(dataclasses.asdict(result))
        return
    click.echo(f"{result.dataset}@{result.version}: {result.documents} documents")
    width = max(len(t.term) for t in result.terms)
    for t in result.terms:
        bar = "█" * round(t.share * _BAR_WIDTH)
        click.echo(f"  {t.term:<{width}}  {t.share:6.1%}  {t.documents:>8}  {bar}")
    if plot_path:
        click.echo(f"chart: {plot_path}")
