"""``jingshu catalog``: Chinese full-text search and linked-data exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from jingshu.catalog.linkeddata import catalog_dcat, dataset_croissant
from jingshu.catalog.rules import Modality, OpenTier
from jingshu.catalog.search import SearchFilters, search
from jingshu.catalog.service import get_version, parse_ref
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option

__all__ = ["catalog"]

base_url_option = click.option(
    "--base-url", help="Public root of the portal used in links; http://BIND when omitted."
)


def _base_url(app: AppContext, given: str | None) -> str:
    return given or f"http://{app.platform.settings.bind}"


def _write(document: dict[str, Any], out: str | None) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    Path(out).write_text(text, encoding="utf-8")
    click.echo(f"wrote {out}", err=True)


@click.group()
def catalog() -> None:
    """Search the catalog and export it as linked data."""


@catalog.command("search")
@click.argument("query", default="")
@click.option("--tier", type=click.Choice([t.value for t in OpenTier]), help="Only this tier.")
@click.option("--theme", help="Only this theme.")
@click.option("--modality", type=click.Choice([m.value for m in Modality]),
              help="Only this modality.")
@click.option("--organization", help="Only datasets of this organization (its name).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1),
              help="At most this many hits.")
@json_option
@pass_app
def search_(app: AppContext, query: str, tier: str | None, theme: str | None,
            modality: str | None, organization: str | None, limit: int, as_json: bool) -> None:
    """Find datasets whose title, description, keywords or fields match QUERY (e.g. 语料)."""
    filters = SearchFilters(tier=OpenTier(tier) if tier else None, theme=theme,
                            modality=Modality(modality) if modality else None,
                            organization=organization)
    with app.platform.session() as s:
        hits, total = search(s, query, filters, limit=limit)
    if as_json:
        echo_json({"total": total, "hits": [
            {"name": h.name, "title": h.title, "score": h.score} for h in hits]})
        return
    echo_table(("name", "title", "score"), [(h.name, h.title, f"{h.score:.3f}") for h in hits])
    click.echo(f"{len(hits)} of {total} dataset(s)")


@catalog.command()
@click.argument("out", required=False)
@base_url_option
@pass_app
def dcat(app: AppContext, out: str | None, base_url: str | None) -> None:
    """Export the whole catalog as DCAT-AP JSON-LD to OUT (stdout when omitted)."""
    with app.platform.session() as s:
        document = catalog_dcat(s, _base_url(app, base_url), None)
    _write(document, out)


@catalog.command()
@click.argument("ref", metavar="NAME[@VERSION]")
@click.argument("out", required=False)
@base_url_option
@pass_app
def croissant(app: AppContext, ref: str, out: str | None, base_url: str | None) -> None:
    """Export one dataset version as Croissant JSON-LD to OUT (stdout when omitted)."""
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        document = dataset_croissant(version.dataset, version, _base_url(app, base_url))
    _write(document, out)
