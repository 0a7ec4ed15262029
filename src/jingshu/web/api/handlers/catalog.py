"""/catalog: Chinese full-text search and the DCAT-AP export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from jingshu.catalog.linkeddata import catalog_dcat
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Modality, OpenTier
from jingshu.catalog.search import SearchFilters, search
from jingshu.web.api.handlers.depends import DbSession, Who
from jingshu.web.api.policies import DatasetPolicy, authorize
from jingshu.web.api.schemas.catalog import SearchHitOut, SearchOut

__all__ = ["JSON_LD", "router"]

router = APIRouter(prefix="/catalog", tags=["catalog"])

JSON_LD = "application/ld+json"


@router.get("/search")
def search_datasets(
    who: Who,
    session: DbSession,
    q: str = "",
    tier: OpenTier | None = None,
    theme: str | None = None,
    modality: Modality | None = None,
    organization: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> SearchOut:
    """Datasets whose metadata holds every word of ``q`` (every tier is listed)."""
    authorize(who, DatasetPolicy.list())
    filters = SearchFilters(tier=tier, theme=theme, modality=modality,
                            organization=organization)
    hits, total = search(session, q, filters, limit=limit, offset=offset)
    query = select(Dataset).where(Dataset.id.in_([h.dataset_id for h in hits]))
    datasets = {d.id: d for d in session.scalars(query)}
    return SearchOut(total=total,
                     hits=[SearchHitOut.of(h, datasets[h.dataset_id]) for h in hits])


@router.get("/dcat", response_class=JSONResponse)
def dcat(request: Request, who: Who, session: DbSession) -> JSONResponse:
    """The whole catalog as DCAT-AP JSON-LD."""
    authorize(who, DatasetPolicy.list())
    document = catalog_dcat(session, str(request.base_url).rstrip("/"), None)
    return JSONResponse(document, media_type=JSON_LD)
