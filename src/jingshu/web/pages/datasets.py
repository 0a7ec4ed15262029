"""Catalog pages: home and downloads (search and the dataset page: :mod:`.catalog.routes`).

Every page reads the same: load-or-404 through the catalog's use cases → check the
viewer's rights with :class:`DatasetPolicy` → build the view objects → render.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy.orm import Session

from jingshu.catalog.rules import OpenTier
from jingshu.catalog.search import SearchFilters, search
from jingshu.catalog.service import (
    get_dataset,
    get_version,
    open_version,
    record_download,
)
from jingshu.store import export_csv, export_jsonl, export_parquet
from jingshu.web.deps import (
    DbSession,
    PlatformDep,
    Viewer,
)
from jingshu.web.downloads import file_response
from jingshu.web.pages.cards import DatasetSummary
from jingshu.web.pages.render import render
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

LATEST_ON_HOME = 6
EXPORTERS = {"jsonl": export_jsonl, "parquet": export_parquet, "csv": export_csv}


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
