"""Parameters of the CKAN actions, as CKAN takes them: a GET query or a POST JSON body.

Each action's parameters are a model that refuses names it does not know (CKAN's
``Validation Error`` naming the parameter); CKAN parameters that change nothing here
(``include_private``: every dataset's metadata is public; ``include_tracking``) are
accepted. ``fq`` and ``sort`` take the Solr forms harvesters send (``organization:x
tags:"y z"``, ``metadata_modified desc``) for the fields jingshu filters on.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.search import SearchFilters

__all__ = [
    "FACETS",
    "FQ_FIELDS",
    "ListParams",
    "PackageListParams",
    "PackageSearchParams",
    "SearchQueryError",
    "ShowParams",
    "TagListParams",
    "search_filters",
    "search_sort",
]


class SearchQueryError(ValueError):
    """An ``fq``, ``q`` or ``sort`` jingshu cannot run (CKAN's ``Search Query Error``)."""


class CkanParams(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _json_list(value: Any) -> Any:
    """A list as GET sends it: a JSON array string (``["tags","organization"]``)."""
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip().startswith("[") else [value]
        except json.JSONDecodeError:
            return [value]
    return value


class PackageSearchParams(CkanParams):
    q: str = ""
    fq: str = ""
    rows: int = Field(10, ge=0, le=1000)
    start: int = Field(0, ge=0)
    sort: str | None = None
    facet: bool = True
    facet_field: list[str] = Field(default_factory=list, alias="facet.field")
    facet_limit: int = Field(50, ge=-1, alias="facet.limit")
    facet_mincount: int = Field(1, ge=0, alias="facet.mincount")
    include_private: bool = False
    include_drafts: bool = False
    include_deleted: bool = False

    _lists = field_validator("facet_field", mode="before")(_json_list)


class ShowParams(CkanParams):
    id: str
    include_tracking: bool = False
    use_default_schema: bool = False
    include_datasets: bool = False
    include_dataset_count: bool = True
    include_extras: bool = True
    include_users: bool = False
    include_groups: bool = False
    include_tags: bool = False
    include_followers: bool = False


class PackageListParams(CkanParams):
    limit: int | None = Field(None, ge=0)
    offset: int = Field(0, ge=0)


class ListParams(CkanParams):
    """organization_list and group_list."""

    sort: str = "title asc"
    limit: int | None = Field(None, ge=0)
    offset: int = Field(0, ge=0)
    q: str = ""
    all_fields: bool = False
    include_dataset_count: bool = True
    include_extras: bool = False
    include_tags: bool = False
    include_groups: bool = False
    include_users: bool = False
    organizations: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    type: str | None = None

    _lists = field_validator("organizations", "groups", mode="before")(_json_list)


class TagListParams(CkanParams):
    query: str = ""
    vocabulary_id: str | None = None
    all_fields: bool = False


# fq/q field → SearchFilters field, and CKAN facet name → jingshu facet name
FQ_FIELDS = {"organization": "organization", "groups": "theme", "theme": "theme",
             "tags": "tag", "res_format": "format", "license_id": "license",
             "tier": "tier", "open_tier": "tier", "grade": "grade",
             "sensitivity": "sensitivity", "modality": "modality"}
FACETS = {"organization": "organization", "groups": "theme", "tags": "tag",
          "res_format": "format", "license_id": "license", "tier": "tier", "grade": "grade",
          "sensitivity": "sensitivity", "modality": "modality", "theme": "theme"}
_ENUMS: dict[str, type[OpenTier] | type[Grade] | type[Sensitivity] | type[Modality]] = {
    "tier": OpenTier, "grade": Grade, "sensitivity": Sensitivity, "modality": Modality}
_TERM = re.compile(r'(?P<field>[A-Za-z_]\w*):(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]+))')
_SORTS = {"score desc": "relevance", "metadata_modified desc": "updated",
          "metadata_created desc": "created", "name asc": "name", "title_string asc": "title"}


def _terms(text: str, *, free_text: bool) -> tuple[dict[str, str], str]:
    """``field:value`` terms of ``text`` and the words left (refused unless ``free_text``)."""
    chosen: dict[str, str] = {}
    for match in _TERM.finditer(text):
        field = match.group("field")
        if field not in FQ_FIELDS:
            raise SearchQueryError(f"field {field!r} cannot be searched; use one of: "
                                   f"{', '.join(FQ_FIELDS)}")
        target = FQ_FIELDS[field]
        value = match.group("quoted") if match.group("quoted") is not None \
            else match.group("bare")
        if chosen.get(target, value) != value:
            raise SearchQueryError(f"{field} is given twice; jingshu filters on one value "
                                   "per field")
        chosen[target] = value
    rest = " ".join(w for w in _TERM.sub(" ", text).split() if w not in {"AND", "+"})
    if rest and not free_text:
        raise SearchQueryError(f"fq part {rest!r} is not a field:value term")
    return chosen, rest


def search_filters(q: str, fq: str) -> tuple[str, SearchFilters]:
    """The free text and the filters of a ``package_search``'s ``q`` and ``fq``."""
    in_q, text = _terms("" if q.strip() in {"*:*", "*"} else q, free_text=True)
    in_fq, _ = _terms(fq, free_text=False)
    chosen = in_q | in_fq
    values: dict[str, Any] = {}
    for field, raw in chosen.items():
        kind = _ENUMS.get(field)
        try:
            values[field] = kind(raw) if kind else raw
        except ValueError:
            allowed = ", ".join(m.value for m in kind) if kind else ""
            raise SearchQueryError(f"{field}:{raw} is not known; use one of: {allowed}") \
                from None
    return text, SearchFilters(**values)


def search_sort(sort: str | None) -> str:
    """jingshu's sort for CKAN's (its first clause; ``score desc`` by default)."""
    if not sort:
        return "relevance"
    first = " ".join(sort.split(",")[0].lower().split())
    if first not in _SORTS:
        raise SearchQueryError(f"sort {sort!r} is not offered; use one of: {', '.join(_SORTS)}")
    return _SORTS[first]
