"""``jingshu corpus dedup``: exact, line and near-duplicate removal over shard files."""

from __future__ import annotations

import sys

import click

from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.formats import DEDUP_FORMATS, format_option
from jingshu.cli.output import echo_json, json_option
from jingshu.corpus.dedup import NearDedupConfig, dedup_files
from jingshu.corpus.dedup.api import Executor
from jingshu.corpus.dedup.config import KeepRule
from jingshu.corpus.executor_ray import choose_executor

__all__ = ["dedup"]


@click.command()
@click.option("--input", "source", required=True, type=click.Path(exists=True), metavar="PATH",
              help="Shard file or folder (.jsonl, .jsonl.gz, .parquet).")
@click.option("--output", "target", required=True, type=click.Path(file_okay=False),
              metavar="FOLDER",
              help="Output folder: kept shards and dedup_report.json / .md.")
@click.option("--threshold", default=0.7, show_default=True, type=click.FloatRange(0.01, 1.0),
              help="Jaccard similarity of shingle sets at which documents are duplicates.")
@click.option("--num-perm", default=128, show_default=True, type=click.IntRange(8, 1024),
              help="MinHash signature length.")
@click.option("--ngram", default=5, show_default=True, type=click.IntRange(1, 32),
              help="Shingle length (characters, or words with --unit word).")
@click.option("--unit", type=click.Choice(["char", "word"]), default="char", show_default=True,
              help="char shingles (Chinese, unspaced scripts) or word shingles.")
@click.option("--keep", type=click.Choice(["earliest", "longest", "quality"]),
              default="earliest", show_default=True,
              help="Which document of a cluster survives (quality: metadata quality_score).")
@click.option("--verify", is_flag=True,
              help="Merge candidates only when their true Jaccard reaches the threshold.")
@click.option("--line-min-docs", default=0, show_default=True, type=click.IntRange(min=0),
              help="Ignore lines found in at least this many documents when hashing (0: off).")
@click.option("--strip-lines", is_flag=True,
              help="Also remove those frequent lines from the kept texts.")
@click.option("--no-exact", is_flag=True, help="Do not remove exact duplicates.")
@click.option("--seed", default=42, show_default=True, type=int, help="Hash seed.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes (or Ray CPUs) for the per-shard steps.")
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="local worker processes, or Ray (same result); default: ray when an address "
              "is given or JINGSHU_RAY_ADDRESS is set, else local.")
@click.option("--address", default=None, metavar="ADDR",
              help="Ray cluster address (default: JINGSHU_RAY_ADDRESS); without one, --executor "
              "ray starts a local Ray instance.")
@format_option(DEDUP_FORMATS, "The kept shards' format.", default="jsonl.gz")
@json_option
@pass_app
def dedup(app: AppContext, source: str, target: str, threshold: float, num_perm: int,
          ngram: int, unit: str, keep: KeepRule, verify: bool, line_min_docs: int,
          strip_lines: bool, no_exact: bool, seed: int, workers: int,
          executor: Executor | None, address: str | None, fmt: str, as_json: bool) -> None:
    """Remove exact and near-duplicate documents (MinHash LSH) across all input shards.

    Texts are compared after normalization (NFKC, width, traditional to simplified,
    punctuation and spaces removed, short boilerplate lines dropped); one document per
    cluster is kept by --keep.
    """
    config = NearDedupConfig(threshold=threshold, num_perm=num_perm, ngram=ngram,
                             unit="word" if unit == "word" else "char", keep=keep,
                             verify=verify, line_min_docs=line_min_docs, exact=not no_exact,
                             seed=seed)
    executor, address = choose_executor(executor, address, app.settings().ray_address)
    report = dedup_files(source, target, config, workers=workers, executor=executor,
                         address=address, fmt=fmt, strip_lines=strip_lines,
                         progress=not as_json and sys.stderr.isatty())
    if as_json:
        echo_json(report.to_dict())
        return
    click.echo(f"{report.docs_in} documents in, {report.docs_out} kept; removed "
               f"{report.exact_removed} exact and {report.near_removed} near duplicates "
               f"in {report.clusters} clusters")
    click.echo(f"output: {target} (dedup_report.md)")
