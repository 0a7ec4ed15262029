"""Catalog pages: search with facets, and the dataset page in sections.

=====================================  =================================================
``GET /datasets``                      search results with facet counts (``q``, ``tier``,
                                       ``grade``, ``sensitivity``, ``organization``,
                                       ``theme``, ``tag``, ``license``, ``format``,
                                       ``modality``, ``sort``, ``page``)
``GET /datasets/{name}``               the dataset page: overview, viewer, quality
                                       (a link to :mod:`jingshu.web.pages.quality`),
                                       lineage with the processing report, files,
                                       access (``?version=N``; the viewer's ``offset``,
                                       ``row`` and ``q``)
=====================================  =================================================

Every page reads the same: load-or-404 through the catalog's use cases → check the
viewer's rights with :class:`DatasetPolicy` → build the view objects → render.
"""

from __future__ import annotations

from typing import TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from jingshu.catalog.facets import facets
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.regrade import pending_request
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.search import SORTS, SearchFilters, search
from jingshu.catalog.service import get_dataset, get_version, lineage, open_version
from jingshu.errors import InputError
from jingshu.web.deps import DbSession, PlatformDep, Viewer
from jingshu.web.pages.cards import DatasetCard, DatasetSummary
from jingshu.web.pages.catalog.facets import facet_views
from jingshu.web.pages.catalog.viewer import PAGE_ROWS, viewer_page
from jingshu.web.pages.corpus.report import processing_report
from jingshu.web.pages.corpus.runs import run_form
from jingshu.web.pages.i18n import language_of, t
from jingshu.web.pages.render import page_url, render
from jingshu.web.pages.sandbox.routes import sandbox_links
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
SECTIONS = ("overview", "viewer", "quality", "lineage", "files", "access")
E = TypeVar("E", OpenTier, Modality, Grade, Sensitivity)


def _choice(kind: type[E], field: str, raw: str) -> E | None:
    if not raw:
        return None
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InputError(f"filter {field}={raw!r} is not known",
                         hint=f"choose one of: {allowed}") from None


def _filters(query: dict[str, str]) -> SearchFilters:
    return SearchFilters(
        tier=_choice(OpenTier, "tier", query["tier"]),
        grade=_choice(Grade, "grade", query["grade"]),
        sensitivity=_choice(Sensitivity, "sensitivity", query["sensitivity"]),
        modality=_choice(Modality, "modality", query["modality"]),
        theme=query["theme"] or None, organization=query["organization"] or None,
        tag=query["tag"] or None, license=query["license"] or None,
        format=query["format"] or None)


@router.get("/datasets", response_class=HTMLResponse)
def datasets(request: Request, session: DbSession, who: Viewer, q: str = "", tier: str = "",
             grade: str = "", sensitivity: str = "", theme: str = "", modality: str = "",
             organization: str = "", tag: str = "", license: str = "", format: str = "",
             sort: str = "relevance", page: int = Query(1, ge=1)) -> HTMLResponse:
    query = {"q": q, "tier": tier, "grade": grade, "sensitivity": sensitivity,
             "theme": theme, "modality": modality, "organization": organization, "tag": tag,
             "license": license, "format": format}
    if sort not in SORTS:
        raise InputError(f"sort={sort!r} is not known", hint=f"use one of: {', '.join(SORTS)}")
    filters = _filters(query)
    hits, total = search(session, q, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                         sort=sort)
    pages = max(1, -(-total // PAGE_SIZE))
    lang = language_of(request)
    kept = query | {"sort": "" if sort == "relevance" else sort}
    views = facet_views(facets(session, q, filters), kept, lambda key: t(key, lang))
    return render(
        request, "datasets.html", who=who, total=total, page=page, pages=pages, query=query,
        results=[DatasetSummary.of(get_dataset(session, h.name)) for h in hits],
        prev_url=page_url("/datasets", **kept, page=page - 1) if page > 1 else None,
        next_url=page_url("/datasets", **kept, page=page + 1) if page < pages else None,
        facets=views, sort=sort, sorts=list(SORTS),
        chosen=[link for view in views for link in view.links if link.active],
        can_create=not who.is_anonymous and DatasetPolicy.create()(who) is None,
    )


def _version_or_none(session: Session, dataset: Dataset,
                     number: int | None) -> DatasetVersion | None:
    if number is None and not dataset.versions:
        return None
    return get_version(session, dataset.name, number)


@router.get("/datasets/{name}", response_class=HTMLResponse)
def dataset_page(request: Request, name: str, session: DbSession, who: Viewer,
                 platform: PlatformDep, version: int | None = Query(None, ge=1),
                 offset: int = Query(0, ge=0), q: str = Query("", max_length=200),
                 row: int | None = Query(None, ge=1, description="show the page of this row"),
                 ) -> HTMLResponse:
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.view(dataset))
    chosen = _version_or_none(session, dataset, version)
    if row is not None:
        offset = (row - 1) // PAGE_ROWS * PAGE_ROWS
    allowed = DatasetPolicy.download(dataset)(who) is None
    viewer = viewer_page(chosen, open_version(platform.store, chosen), offset=offset, q=q) \
        if chosen and allowed else None
    graph = lineage(session, chosen) if chosen else None
    card = DatasetCard.of(dataset, chosen, can_download=allowed, graph=graph)
    report = processing_report(platform, chosen, show_snippets=allowed) if chosen else None
    return render(request, "dataset.html", who=who, card=card, report=report, viewer=viewer,
                  sections=SECTIONS, open_section="viewer" if offset or q or row else "overview",
                  sandbox=sandbox_links(session, dataset, who),
                  run_form=run_form(who, dataset, chosen.number) if chosen else None,
                  regrade=pending_request(session, dataset),
                  can_edit=DatasetPolicy.edit(dataset)(who) is None)
