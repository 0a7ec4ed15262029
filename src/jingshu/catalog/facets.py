"""Facets: how many of the datasets matching a search fall under each value of a field.

The portal's filter sidebar, ``/api/v1/catalog/search`` and CKAN's ``package_search``
(``search_facets``) show them. Counts are over every dataset matching the query and
filters (not one page); the datasets' facet columns are read in one query and counted
here, since keywords and formats are lists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization
from jingshu.catalog.models import Dataset, DatasetVersion, Resource
from jingshu.catalog.search import DATA_FORMATS, SearchFilters, matching

__all__ = ["FACET_FIELDS", "FacetItem", "facets"]

# facet name → the SearchFilters field (and query parameter) that restricts it
FACET_FIELDS = ("tier", "grade", "sensitivity", "organization", "theme", "tag", "license",
                "format", "modality")


@dataclass(frozen=True)
class FacetItem:
    """One value of a facet: ``value`` filters (``?tier=conditional``), ``label`` reads."""

    value: str
    label: str
    count: int


def _formats(session: Session, ids: list[int]) -> dict[int, set[str]]:
    """Formats each dataset offers, upper case: its resources', and the data formats."""
    offered: dict[int, set[str]] = {i: set() for i in ids}
    resources = select(Resource.dataset_id, Resource.format).where(Resource.dataset_id.in_(ids))
    for dataset_id, fmt in session.execute(resources):
        if fmt:
            offered[dataset_id].add(fmt.upper())
    versioned = select(DatasetVersion.dataset_id).where(DatasetVersion.dataset_id.in_(ids))
    for dataset_id in set(session.scalars(versioned)):
        offered[dataset_id].update(DATA_FORMATS)
    return offered


def _items(counts: Counter[str], labels: dict[str, str], limit: int) -> list[FacetItem]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [FacetItem(value, labels.get(value, value), n) for value, n in ranked]


def facets(session: Session, q: str, filters: SearchFilters, *, limit: int = 50,
           fields: Iterable[str] = FACET_FIELDS) -> dict[str, list[FacetItem]]:
    """Counts per value of each facet over all datasets matching ``q`` and ``filters``.

    Args:
        session: an open session.
        q: the search query (as for :func:`jingshu.catalog.search.search`).
        filters: the filters already chosen; counts are within them.
        limit: at most this many values per facet, the most frequent first.
        fields: which facets, from :data:`FACET_FIELDS`.

    Returns:
        Facet name → its values, most datasets first (ties by value); values with no
        dataset, and empty themes or licences, are left out.
    """
    ids_query, _score = matching(session, q, filters)
    columns = (select(Dataset.id, Dataset.open_tier, Dataset.grade, Dataset.sensitivity,
                      Dataset.theme, Dataset.keywords, Dataset.license, Dataset.modality,
                      Organization.name, Organization.title)
               .outerjoin(Organization, Organization.id == Dataset.organization_id)
               .where(Dataset.id.in_(ids_query.scalar_subquery())))
    rows = list(session.execute(columns))
    counts: dict[str, Counter[str]] = {f: Counter() for f in FACET_FIELDS}
    org_titles: dict[str, str] = {}
    for r in rows:
        counts["tier"][r.open_tier.value] += 1
        counts["grade"][r.grade.value] += 1
        counts["sensitivity"][r.sensitivity.value] += 1
        counts["modality"][r.modality.value] += 1
        if r.name:
            counts["organization"][r.name] += 1
            org_titles[r.name] = r.title
        for field, value in (("theme", r.theme), ("license", r.license)):
            if value:
                counts[field][value] += 1
        counts["tag"].update(set(r.keywords or []))
    for offered in _formats(session, [int(r.id) for r in rows]).values():
        counts["format"].update(offered)
    return {f: _items(counts[f], org_titles if f == "organization" else {}, limit)
            for f in fields}
