"""The search page's facet sidebar: each facet's values with counts, as links that filter."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from jingshu.catalog.facets import FACET_FIELDS, FacetItem
from jingshu.web.pages.render import page_url

__all__ = ["FacetLink", "FacetView", "facet_views"]

TRANSLATED = {"tier": "tier.", "grade": "grade.", "modality": "modality."}  # label keys


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str  # this value chosen (or, when ``active``, removed)
    active: bool


@dataclass(frozen=True)
class FacetView:
    field: str
    links: list[FacetLink]


def facet_views(counts: Mapping[str, list[FacetItem]], query: Mapping[str, str],
                translate: Callable[[str], str]) -> list[FacetView]:
    """A view per facet that has values; links keep the other filters and go to page 1.

    Args:
        counts: facet name → values with counts (:func:`jingshu.catalog.facets.facets`).
        query: the search's current parameters (``q``, filters, ``sort``).
        translate: the page's message function, for tier, grade and modality labels.
    """
    views = []
    for field in FACET_FIELDS:
        links = []
        for item in counts.get(field, []):
            active = query.get(field) == item.value
            params = dict(query) | {field: "" if active else item.value}
            label = translate(TRANSLATED[field] + item.value) if field in TRANSLATED \
                else item.label
            links.append(FacetLink(label, item.count, page_url("/datasets", **params), active))
        if links:
            views.append(FacetView(field, links))
    return views
