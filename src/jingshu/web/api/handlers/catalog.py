"""/catalog: Chinese full-text search with facets, and the DCAT-AP export.

:func:`catalog_query` is the one set of search parameters: ``/catalog/search`` and
``GET /datasets`` both take it, and both refuse a parameter they do not know (400
naming it) instead of ignoring it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from jingshu.catalog.facets import facets as facet_counts
from jingshu.catalog.linkeddata import catalog_dcat
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.quality import exported_profile
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.search import SORTS, SearchFilters, search
from jingshu.errors import InputError
from jingshu.profiles import VersionProfile
from jingshu.web.api.schemas.catalog import FacetItemOut, SearchHitOut, SearchOut
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["JSON_LD", "CatalogQuery", "catalog_query", "router"]

router = APIRouter(prefix="/catalog", tags=["catalog"])

JSON_LD = "application/ld+json"


@dataclass(frozen=True)
class CatalogQuery:
    """A search: its text, filters, order and page."""

    q: str
    filters: SearchFilters
    sort: str
    limit: int
    offset: int


_KNOWN = {"q", "tier", "grade", "sensitivity", "theme", "modality", "organization", "tag",
          "license", "format", "sort", "limit", "offset", "facets"}


def catalog_query(
    request: Request,
    q: str = "",
    tier: OpenTier | None = None,
    grade: Grade | None = None,
    sensitivity: Annotated[Sensitivity | None, Query(description="level L1–L4")] = None,
    theme: str | None = None,
    modality: Modality | None = None,
    organization: Annotated[str | None, Query(description="the organization's name")] = None,
    tag: Annotated[str | None, Query(description="a keyword, exactly")] = None,
    license: str | None = None,
    format: Annotated[str | None, Query(description="JSONL, PARQUET, CSV or a "
                                                     "resource's format")] = None,
    sort: Annotated[str, Query(description=f"one of: {', '.join(SORTS)}")] = "relevance",
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CatalogQuery:
    """The search parameters of a request; an unknown parameter is refused (400)."""
    unknown = sorted(set(request.query_params) - _KNOWN)
    if unknown:
        raise InputError(f"query parameter {unknown[0]!r} is not known",
                         hint=f"use: {', '.join(sorted(_KNOWN))}")
    if sort not in SORTS:
        raise InputError(f"sort={sort!r} is not known", hint=f"use one of: {', '.join(SORTS)}")
    filters = SearchFilters(tier=tier, grade=grade, sensitivity=sensitivity, theme=theme,
                            modality=modality, organization=organization, tag=tag,
                            license=license, format=format)
    return CatalogQuery(q, filters, sort, limit, offset)


Search = Annotated[CatalogQuery, Depends(catalog_query)]


@router.get("/search")
def search_datasets(who: Who, session: DbSession, query: Search,
                    facets: bool = True) -> SearchOut:
    """Datasets whose metadata holds every word of ``q`` (every tier is listed).

    ``facets`` (on by default) adds counts per value of tier, grade, level,
    organization, theme, tag, licence, format and modality over all matches.
    """
    authorize(who, DatasetPolicy.list())
    hits, total = search(session, query.q, query.filters, limit=query.limit,
                         offset=query.offset, sort=query.sort)
    loaded = select(Dataset).where(Dataset.id.in_([h.dataset_id for h in hits]))
    datasets = {d.id: d for d in session.scalars(loaded)}
    counted = facet_counts(session, query.q, query.filters) if facets else {}
    return SearchOut(total=total,
                     hits=[SearchHitOut.of(h, datasets[h.dataset_id]) for h in hits],
                     facets={f: [FacetItemOut.of(i) for i in items]
                             for f, items in counted.items()})


@router.get("/dcat", response_class=JSONResponse)
def dcat(request: Request, who: Who, session: DbSession, platform: PlatformDep) -> JSONResponse:
    """The whole catalog as DCAT-AP JSON-LD, each version's stored quality profile as DQV
    measurements on its distribution (row content only where ``who`` may download)."""
    authorize(who, DatasetPolicy.list())

    def profile_of(version: DatasetVersion) -> VersionProfile | None:
        may_download = DatasetPolicy.download(version.dataset)(who) is None
        return exported_profile(platform.store, version, row_content=may_download)

    document = catalog_dcat(session, str(request.base_url).rstrip("/"), None, profile_of)
    return JSONResponse(document, media_type=JSON_LD)
