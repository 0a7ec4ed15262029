"""``jingshu corpus audit``: what a recipe's mappers change in a corpus, per mapper and kind."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import click

from jingshu.artefacts import local_resolver
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.corpus.audit import DELIBERATE, AuditReport, audit_documents
from jingshu.corpus.audit_html import write_audit_html
from jingshu.corpus.document import Document
from jingshu.corpus.executor import find_shards
from jingshu.corpus.recipe import load_recipe
from jingshu.corpus.shard_io import read_shard
from jingshu.errors import InputError

__all__ = ["audit"]


def _documents(source: Path, lines: bool) -> Iterator[Document]:
    for path, stem in find_shards(source):
        if lines and path.suffix == ".txt":
            with path.open(encoding="utf-8", errors="replace") as fh:
                for number, line in enumerate(fh, start=1):
                    if line.strip():
                        yield Document(id=f"{stem}:{number}", text=line.rstrip("\r\n"))
            continue
        for doc in read_shard(path):
            if isinstance(doc, Document):
                yield doc


def _picked(docs: Iterator[Document], limit: int | None, seed: int) -> list[Document]:
    """The first ``limit`` documents' worth, drawn uniformly from the whole input."""
    if limit is None:
        return list(docs)
    rng, kept = random.Random(seed), list(itertools.islice(docs, limit))
    for n, doc in enumerate(docs, start=limit + 1):
        if (j := rng.randrange(n)) < limit:
            kept[j] = doc
    return kept


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.3%}" if whole else "-"


def _print(report: AuditReport, html: Path) -> None:
    click.echo(f"recipe {report.recipe} over {report.corpus}: {report.docs} documents, "
               f"{report.chars} characters")
    echo_table(("mapper", "docs changed", "chars changed", "damage", "classes"),
               [(m.name, f"{m.docs_changed} ({_pct(m.docs_changed, m.docs)})",
                 _pct(m.chars_changed, m.chars), _pct(m.damage, m.chars),
                 ", ".join(f"{k} {n}" for k, n in sorted(m.changed.items(), key=lambda kv: -kv[1])))
                for m in report.mappers if m.docs_changed])
    click.echo(f"changed {report.changed_share:.3%} of characters; outside deliberate "
               f"normalisation ({', '.join(sorted(DELIBERATE))}): {report.damage_share:.3%} "
               f"(without PII redaction: {report.damage_share_without('redaction'):.3%})")
    click.echo(f"diffs: {html}")


@click.command("audit")
@click.argument("recipe")
@click.option("--input", "source", required=True, type=click.Path(exists=True),
              help="Shard file or folder (.jsonl, .jsonl.gz, .parquet, .txt).")
@click.option("--sample", default=5, show_default=True, type=click.IntRange(min=0),
              help="Changed documents per mapper shown as diffs in the HTML page.")
@click.option("--limit", default=None, type=click.IntRange(min=1),
              help="Audit this many documents drawn at random from the input (default: all).")
@click.option("--lines", is_flag=True, help="Each line of a .txt file is one document.")
@click.option("--seed", default=0, show_default=True, help="Seed of the draws.")
@click.option("--html", "html", default="audit.html", show_default=True,
              type=click.Path(dir_okay=False), help="Where the HTML page with diffs goes.")
@json_option
@pass_app
def audit(app: AppContext, recipe: str, source: str, sample: int, limit: int | None,
          lines: bool, seed: int, html: str, as_json: bool) -> None:
    """Measure what RECIPE's mappers change in a (clean) corpus: the damage audit.

    Only the mappers run, in order, over every document; each change is diffed and
    classed (width, script, layout and entity are deliberate normalisation; deletion,
    insertion, replacement, whitespace, punctuation, control and redaction are not).
    Prints per mapper the share of documents and characters changed and writes an
    HTML page with a random sample of before/after diffs.
    """
    loaded = load_recipe(recipe, resolve=local_resolver(lambda: app.platform))
    docs = _picked(_documents(Path(source), lines), limit, seed)
    if not docs:
        raise InputError(f"input {source}: no documents", hint="check the files' format")
    report = audit_documents(loaded, docs, corpus=Path(source).name, sample=sample, seed=seed)
    page = write_audit_html(report, html)
    if as_json:
        echo_json({**report.to_dict(), "html": str(page)})
    else:
        _print(report, page)
