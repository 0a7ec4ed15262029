"""The CKAN actions, each a function of a :class:`Context` returning CKAN's ``result``.

Actions: ``package_search``, ``package_show``, ``package_list``, ``organization_list``,
``organization_show``, ``group_list``, ``tag_list``, ``resource_show``, ``status_show``
and ``help_show``, by GET (query parameters) or POST (a JSON body), as CKAN 2.10 takes
them. Every answer is CKAN's envelope ``{"help", "success", "result"}``; errors carry
``{"__type", "message"}`` with CKAN's status codes (404 ``Not Found Error``, 403
``Authorization Error``, 409 ``Validation Error``, 400 ``Search Query Error`` and
``Bad Request``), so that ``ckanapi`` raises its own exceptions for them.

Access is the native API's: every dataset's metadata is public (as ``GET
/api/v1/datasets`` lists every tier), and a dataset's data resources (download links)
appear only to callers that :class:`DatasetPolicy` lets download it; ``resource_show``
of one refuses the others. Credentials: ``Authorization: TOKEN`` or ``X-CKAN-API-Key``
(CKAN's forms, as ``ckanapi`` sends them), ``Authorization: Bearer TOKEN``, or the
portal's session cookie.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jingshu import __version__
from jingshu.accounts.models import Organization
from jingshu.catalog.facets import facets as facet_counts
from jingshu.catalog.models import Dataset
from jingshu.catalog.search import search
from jingshu.errors import InputError, NotFoundError
from jingshu.web.ckan.params import (
    FACETS,
    ListParams,
    PackageListParams,
    PackageSearchParams,
    SearchQueryError,
    ShowParams,
    TagListParams,
    search_filters,
    search_sort,
)
from jingshu.web.ckan.schemas import (
    CkanPackage,
    all_resources,
    ckan_id,
    group_of,
    organization_of,
    package_of,
    tag_of,
)
from jingshu.web.deps import Principal
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["ACTIONS", "CKAN_VERSION", "Context"]

CKAN_VERSION = "2.10.0"  # the CKAN release whose action API shapes these answers follow


@dataclass(frozen=True)
class Context:
    session: Session
    who: Principal
    base: str  # the server's URL, no trailing slash
    params: dict[str, Any]


def _may_download(ctx: Context, dataset: Dataset) -> bool:
    return DatasetPolicy.download(dataset)(ctx.who) is None


def _package(ctx: Context, dataset: Dataset) -> CkanPackage:
    authorize(ctx.who, DatasetPolicy.view(dataset))
    return package_of(dataset, ctx.base, with_data=_may_download(ctx, dataset))


def _find_dataset(session: Session, key: str) -> Dataset:
    """A dataset by name or by its CKAN id."""
    dataset = session.scalar(select(Dataset).where(Dataset.name == key))
    if dataset is None:
        ids = {ckan_id("dataset", i): i for i in session.scalars(select(Dataset.id))}
        dataset = session.get(Dataset, ids[key]) if key in ids else None
    if dataset is None:
        raise NotFoundError(f"dataset {key!r} does not exist")
    return dataset


def package_search(ctx: Context) -> dict[str, Any]:
    """Search datasets: ``q``, ``fq``, ``rows``, ``start``, ``sort``, ``facet.field``."""
    p = PackageSearchParams.model_validate(ctx.params)
    text, filters = search_filters(p.q, p.fq)
    hits, total = search(ctx.session, text, filters, limit=p.rows, offset=p.start,
                         sort=search_sort(p.sort))
    loaded = {d.id: d for d in ctx.session.scalars(
        select(Dataset).where(Dataset.id.in_([h.dataset_id for h in hits])))}
    unknown = [f for f in p.facet_field if f not in FACETS]
    if unknown:
        raise SearchQueryError(f"facet field {unknown[0]!r} is not offered; use: "
                               f"{', '.join(FACETS)}")
    fields = [FACETS[f] for f in p.facet_field] if p.facet else []
    counted = facet_counts(ctx.session, text, filters, fields=fields,
                           limit=p.facet_limit if p.facet_limit >= 0 else 1 << 30)
    asked = [f for f in p.facet_field if p.facet]
    return {
        "count": total,
        "results": [_package(ctx, loaded[h.dataset_id]).model_dump(mode="json") for h in hits],
        "sort": p.sort or "score desc, metadata_modified desc",
        "facets": {f: {i.value: i.count for i in counted[FACETS[f]]} for f in asked},
        "search_facets": {f: {"title": f, "items": [
            {"name": i.value, "display_name": i.label, "count": i.count}
            for i in counted[FACETS[f]] if i.count >= p.facet_mincount]} for f in asked},
    }


def package_show(ctx: Context) -> dict[str, Any]:
    """One dataset by ``id`` (its name or CKAN id)."""
    p = ShowParams.model_validate(ctx.params)
    return _package(ctx, _find_dataset(ctx.session, p.id)).model_dump(mode="json")


def package_list(ctx: Context) -> list[str]:
    """Names of all datasets, by name; ``limit``, ``offset``."""
    p = PackageListParams.model_validate(ctx.params)
    query = select(Dataset.name).order_by(Dataset.name).offset(p.offset)
    return list(ctx.session.scalars(query if p.limit is None else query.limit(p.limit)))


def _ordered(items: list[dict[str, Any]], p: ListParams) -> list[dict[str, Any]]:
    field, _, direction = p.sort.strip().lower().partition(" ")
    field = field.rstrip(",")
    if field not in {"name", "title", "package_count"}:
        raise InputError(f"sort {p.sort!r} is not offered",
                         hint="sort by name, title or package_count, asc or desc")
    items.sort(key=lambda i: (i[field] or 0) if field == "package_count" else i[field],
               reverse=direction.startswith("desc"))
    return items[p.offset: None if p.limit is None else p.offset + p.limit]


def _listed(items: list[dict[str, Any]], p: ListParams, wanted: list[str]) -> list[Any]:
    items = [i for i in items if (not wanted or i["name"] in wanted)
             and (not p.q or p.q.lower() in (i["name"] + i["title"]).lower())]
    page = _ordered(items, p)
    if not p.all_fields:
        return [i["name"] for i in page]
    if not p.include_dataset_count:
        return [i | {"package_count": None} for i in page]
    return page


def _org_counts(session: Session) -> Counter[int]:
    rows = session.execute(select(Dataset.organization_id, func.count())
                           .group_by(Dataset.organization_id))
    return Counter({org: n for org, n in rows if org is not None})


def organization_list(ctx: Context) -> list[Any]:
    """Organizations: names, or dictionaries with ``all_fields``."""
    p = ListParams.model_validate(ctx.params)
    counts = _org_counts(ctx.session)
    orgs = [organization_of(o, counts[o.id]).model_dump(mode="json")
            for o in ctx.session.scalars(select(Organization))]
    return _listed(orgs, p, p.organizations)


def organization_show(ctx: Context) -> dict[str, Any]:
    """One organization by ``id`` (name or CKAN id); ``include_datasets`` adds them."""
    p = ShowParams.model_validate(ctx.params)
    org = next((o for o in ctx.session.scalars(select(Organization))
                if p.id in (o.name, ckan_id("organization", o.id))), None)
    if org is None:
        raise NotFoundError(f"organization {p.id!r} does not exist")
    datasets = list(ctx.session.scalars(select(Dataset).where(Dataset.organization_id == org.id)
                                        .order_by(Dataset.name)))
    shown = organization_of(org, len(datasets) if p.include_dataset_count else None)
    result = shown.model_dump(mode="json")
    if p.include_datasets:
        result["packages"] = [_package(ctx, d).model_dump(mode="json") for d in datasets[:1000]]
    return result


def group_list(ctx: Context) -> list[Any]:
    """Groups: one per theme; names, or dictionaries with ``all_fields``."""
    p = ListParams.model_validate(ctx.params)
    rows = ctx.session.execute(select(Dataset.theme, func.count()).group_by(Dataset.theme))
    groups = [group_of(theme, n).model_dump(mode="json") for theme, n in rows if theme]
    return _listed(groups, p, p.groups)


def tag_list(ctx: Context) -> list[Any]:
    """Every keyword in the catalog (containing ``query``); dictionaries with ``all_fields``."""
    p = TagListParams.model_validate(ctx.params)
    if p.vocabulary_id:
        return []  # jingshu's keywords are free tags, in no vocabulary
    names = sorted({k for ks in ctx.session.scalars(select(Dataset.keywords)) for k in ks or []
                    if p.query.lower() in k.lower()})
    return [tag_of(n).model_dump(mode="json") for n in names] if p.all_fields else names


def resource_show(ctx: Context) -> dict[str, Any]:
    """One resource by ``id``: an attached document, or a download of a latest version."""
    p = ShowParams.model_validate(ctx.params)
    for dataset in ctx.session.scalars(select(Dataset)):
        for resource in all_resources(dataset, ctx.base, with_data=True):
            if resource.id != p.id:
                continue
            authorize(ctx.who, DatasetPolicy.view(dataset))
            if resource.resource_type == "file":
                authorize(ctx.who, DatasetPolicy.download(dataset))
            return resource.model_dump(mode="json")
    raise NotFoundError(f"resource {p.id!r} does not exist",
                        hint="take resource ids from package_show")


def status_show(ctx: Context) -> dict[str, Any]:
    """The site: CKAN version these answers follow, jingshu's version, the URL."""
    if ctx.params:
        raise InputError(f"status_show takes no parameters, got {sorted(ctx.params)}")
    return {"site_title": "jingshu 精数", "site_description": "governed Chinese AI training "
            "data catalog", "site_url": ctx.base, "ckan_version": CKAN_VERSION,
            "jingshu_version": __version__, "locale_default": "zh_Hans_CN",
            "error_emails_to": None, "extensions": ["jingshu"]}


def help_show(ctx: Context) -> str:
    """The description of action ``name``."""
    name = str(ctx.params.get("name", ""))
    if name not in ACTIONS:
        raise NotFoundError(f"action {name!r} does not exist")
    return (ACTIONS[name].__doc__ or "").strip()


ACTIONS: dict[str, Callable[[Context], Any]] = {f.__name__: f for f in (
    package_search, package_show, package_list, organization_list, organization_show,
    group_list, tag_list, resource_show, status_show, help_show)}
