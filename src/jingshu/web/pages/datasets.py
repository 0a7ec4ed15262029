"""Catalog pages: home, search results, the dataset card and its downloads.

Every page reads the same: load-or-404 through the catalog's use cases → check the
viewer's rights with :class:`DatasetPolicy` → build the view objects → render.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy.orm import Session

from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.regrade import pending_request
from jingshu.catalog.rules import Modality, OpenTier
from jingshu.catalog.search import SearchFilters, search
from jingshu.catalog.service import (
    get_dataset,
    get_version,
    lineage,
    open_version,
    record_download,
)
from jingshu.errors import InputError
from jingshu.store import export_csv, export_jsonl, export_parquet
from jingshu.web.deps import (
    DbSession,
    PlatformDep,
    Principal,
    Viewer,
)
from jingshu.web.downloads import file_response
from jingshu.web.pages.cards import PREVIEW_ROWS, DatasetCard, DatasetSummary
from jingshu.web.pages.corpus.report import processing_report
from jingshu.web.pages.corpus.runs import run_form
from jingshu.web.pages.render import page_url, render
from jingshu.web.pages.sandbox.routes import sandbox_links
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
LATEST_ON_HOME = 6
EXPORTERS = {"jsonl": export_jsonl, "parquet": export_parquet, "csv": export_csv}
E = TypeVar("E", OpenTier, Modality)


def _summaries(session: Session, names: list[str]) -> list[DatasetSummary]:
    return [DatasetSummary.of(get_dataset(session, name)) for name in names]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: DbSession,
         who: Viewer) -> HTMLResponse:
    counts = {tier.value: search(session, "", SearchFilters(tier=tier), limit=0)[1]
              for tier in OpenTier}
    hits, _total = search(session, "", SearchFilters(), limit=LATEST_ON_HOME)
    latest = _summaries(session, [h.name for h in hits])
    return render(request, "home.html", who=who, counts=counts, latest=latest)


def _choice(kind: type[E], field: str, raw: str) -> E | None:
    if not raw:
        return None
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InputError(f"filter {field}={raw!r} is not known",
                         hint=f"choose one of: {allowed}") from None


@router.get("/datasets", response_class=HTMLResponse)
def datasets(request: Request, session: DbSession, who: Viewer, q: str = "", tier: str = "",
             theme: str = "", modality: str = "", organization: str = "",
             page: int = Query(1, ge=1)) -> HTMLResponse:
    filters = SearchFilters(tier=_choice(OpenTier, "tier", tier), theme=theme or None,
                            modality=_choice(Modality, "modality", modality),
                            organization=organization or None)
    hits, total = search(session, q, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    query = {"q": q, "tier": tier, "theme": theme, "modality": modality,
             "organization": organization}
    return render(
        request, "datasets.html", who=who, results=_summaries(session, [h.name for h in hits]),
        total=total, page=page, pages=pages, query=query,
        prev_url=page_url("/datasets", **query, page=page - 1) if page > 1 else None,
        next_url=page_url("/datasets", **query, page=page + 1) if page < pages else None,
        tiers=[t.value for t in OpenTier], modalities=[m.value for m in Modality],
    )


def _may_download(who: Principal, dataset: Dataset) -> bool:
    return DatasetPolicy.download(dataset)(who) is None


def _version_or_none(session: Session, dataset: Dataset, number: int | None) -> \
        DatasetVersion | None:
    if number is None and not dataset.versions:
        return None
    return get_version(session, dataset.name, number)


@router.get("/datasets/{name}", response_class=HTMLResponse)
def dataset_page(request: Request, name: str, session: DbSession, who: Viewer,
                 platform: PlatformDep,
                 version: int | None = Query(None, ge=1)) -> HTMLResponse:
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.view(dataset))
    chosen = _version_or_none(session, dataset, version)
    allowed = _may_download(who, dataset)
    head = open_version(platform.store, chosen).head(PREVIEW_ROWS) if chosen and allowed \
        else None
    graph = lineage(session, chosen) if chosen else None
    card = DatasetCard.of(dataset, chosen, can_download=allowed, head=head, graph=graph)
    report = processing_report(platform, chosen, show_snippets=allowed) if chosen else None
    form = run_form(who, dataset, chosen.number) if chosen else None
    return render(request, "dataset.html", who=who, card=card, report=report,
                  sandbox=sandbox_links(session, dataset, who), run_form=form,
                  regrade=pending_request(session, dataset))


@router.get("/datasets/{name}/download")
def download(name: str, session: DbSession, who: Viewer, platform: PlatformDep,
             format: Literal["jsonl", "parquet", "csv"] = "jsonl",
             version: int | None = Query(None, ge=1)) -> FileResponse:
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.download(dataset))
    chosen = get_version(session, name, version)

    def write(path: Path) -> None:
        EXPORTERS[format](open_version(platform.store, chosen), str(path))
        record_download(session, who.username, chosen, format)
        session.commit()

    return file_response(f"{name}-v{chosen.number}.{format}", write)
