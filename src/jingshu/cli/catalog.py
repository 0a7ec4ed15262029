"""``jingshu catalog``: Chinese full-text search and linked-data exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from jingshu.catalog.croissant_media import media_files
from jingshu.catalog.facets import facets as facet_counts
from jingshu.catalog.linkeddata import ProfileLookup, catalog_dcat, dataset_croissant
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.quality import exported_profile
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.search import SORTS, SearchFilters, search
from jingshu.catalog.service import get_version, open_version, parse_ref
from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.cli.refs import DATASET_REF
from jingshu.profiles import VersionProfile

__all__ = ["catalog"]

base_url_option = click.option(
    "--base-url", help="Public root of the portal used in links; http://BIND when omitted."
)

row_content_option = click.option(
    "--row-content/--no-row-content", default=False, show_default=True,
    help="Include the quality profiles' row content (frequent values, repeated lines, "
         "string minima and maxima); off: only aggregates, as the API shows to readers "
         "who may not download.")


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
@click.option("--grade", type=click.Choice([g.value for g in Grade]), help="Only this grade.")
@click.option("--sensitivity", type=click.Choice([s.value for s in Sensitivity]),
              help="Only this level.")
@click.option("--theme", help="Only this theme.")
@click.option("--modality", type=click.Choice([m.value for m in Modality]),
              help="Only this modality.")
@click.option("--organization", help="Only datasets of this organization (its name).")
@click.option("--tag", help="Only datasets with this keyword.")
@click.option("--license", "license_", help="Only datasets under this licence.")
@click.option("--format", "format_", help="Only datasets offering this format (CSV, PDF, …).")
@click.option("--sort", type=click.Choice(list(SORTS)), default="relevance", show_default=True,
              help="Order of the hits: best match first, newest update or creation, "
                   "or by name or title.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1),
              help="At most this many hits.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0),
              help="Skip this many hits first.")
@click.option("--facets", "with_facets", is_flag=True,
              help="Also count the matches per tier, grade, level, organization, theme, "
                   "tag, licence, format and modality.")
@json_option
@pass_app
def search_(app: AppContext, query: str, tier: str | None, grade: str | None,
            sensitivity: str | None, theme: str | None, modality: str | None,
            organization: str | None, tag: str | None, license_: str | None,
            format_: str | None, sort: str, limit: int, offset: int, with_facets: bool,
            as_json: bool) -> None:
    """Find datasets whose title, description, keywords or fields match QUERY (e.g. 语料)."""
    filters = SearchFilters(tier=OpenTier(tier) if tier else None,
                            grade=Grade(grade) if grade else None,
                            sensitivity=Sensitivity(sensitivity) if sensitivity else None,
                            theme=theme, modality=Modality(modality) if modality else None,
                            organization=organization, tag=tag, license=license_,
                            format=format_)
    with app.platform.session() as s:
        hits, total = search(s, query, filters, limit=limit, offset=offset, sort=sort)
        counted = facet_counts(s, query, filters) if with_facets else {}
    if as_json:
        echo_json({"total": total, "hits": [
            {"name": h.name, "title": h.title, "score": h.score} for h in hits],
            "facets": {f: [{"value": i.value, "label": i.label, "count": i.count}
                           for i in items] for f, items in counted.items()}})
        return
    echo_table(("name", "title", "score"), [(h.name, h.title, f"{h.score:.3f}") for h in hits])
    click.echo(f"{len(hits)} of {total} dataset(s)")
    for field, items in counted.items():
        if items:
            click.echo(f"{field}: " + ", ".join(f"{i.label} {i.count}" for i in items))


@catalog.command()
@click.argument("out", required=False, type=click.Path(dir_okay=False))
@base_url_option
@row_content_option
@pass_app
def dcat(app: AppContext, out: str | None, base_url: str | None, row_content: bool) -> None:
    """Export the whole catalog as DCAT-AP JSON-LD to OUT (stdout when omitted), with each
    version's stored quality profile as DQV measurements."""

    def profile_of(version: DatasetVersion) -> VersionProfile | None:
        return exported_profile(app.platform.store, version, row_content=row_content)

    lookup: ProfileLookup = profile_of
    with app.platform.session() as s:
        document = catalog_dcat(s, _base_url(app, base_url), None, lookup)
    _write(document, out)


@catalog.command()
@click.argument("ref", metavar="NAME[@VERSION]", type=DATASET_REF)
@click.argument("out", required=False, type=click.Path(dir_okay=False))
@base_url_option
@row_content_option
@pass_app
def croissant(app: AppContext, ref: str, out: str | None, base_url: str | None,
              row_content: bool) -> None:
    """Export one dataset version as Croissant JSON-LD to OUT (stdout when omitted), with
    its stored quality profile (field descriptions, DQV measurements)."""
    with app.platform.session() as s:
        version = get_version(s, *parse_ref(ref))
        media = media_files(open_version(app.platform.store, version))
        profile = exported_profile(app.platform.store, version, row_content=row_content)
        document = dataset_croissant(version.dataset, version, _base_url(app, base_url), media,
                                     profile)
    _write(document, out)
