"""CKAN's dictionaries (package, resource, organization, group, tag) built from the catalog.

Field names and types are those of CKAN 2.10's ``package_show`` and friends, so that
harvesters and ``ckanapi`` read them unchanged. How jingshu's catalog maps onto them:

=====================  ===============================================================
CKAN                   jingshu
=====================  ===============================================================
package ``name``       the dataset's name; ``id`` a UUID derived from its database id
``notes``              the description
``organization``       the publishing organization
``groups``             the theme (one group per theme, named by it)
``tags``               the keywords
``license_id``         the licence text; ``isopen`` is true for 无条件开放 data only
``resources``          attached documents and links; plus, where the caller may
                       download (the same :class:`DatasetPolicy` as the native API),
                       the latest version in each download format
``extras``             open tier, grade, level, modality, languages, update
                       frequency, the portal page and, for 有条件开放 data, where to apply
=====================  ===============================================================
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from jingshu.accounts.models import Organization
from jingshu.catalog.models import Dataset, DatasetVersion, Resource
from jingshu.catalog.rules import OpenTier

__all__ = [
    "DOWNLOAD_FORMATS",
    "CkanExtra",
    "CkanGroup",
    "CkanOrganization",
    "CkanPackage",
    "CkanResource",
    "CkanTag",
    "ckan_id",
    "group_of",
    "organization_of",
    "package_of",
    "tag_of",
]

NAMESPACE = uuid.UUID("6f1c7a52-3d4e-5b8a-9c0d-1e2f3a4b5c6d")  # jingshu's, for uuid5 ids
DOWNLOAD_FORMATS = {"JSONL": "jsonl", "PARQUET": "parquet", "CSV": "csv"}
_MIMETYPES = {"JSONL": "application/x-ndjson", "PARQUET": "application/vnd.apache.parquet",
              "CSV": "text/csv"}


def ckan_id(kind: str, key: object) -> str:
    """A stable UUID for a catalog object (``kind`` is dataset, organization, …)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def _when(moment: datetime | None) -> str | None:
    """CKAN's timestamp format: ISO 8601, microseconds, no zone (UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") if moment else None


class CkanExtra(BaseModel):
    key: str
    value: str


class CkanTag(BaseModel):
    id: str
    name: str
    display_name: str
    state: str = "active"
    vocabulary_id: str | None = None


class CkanGroup(BaseModel):
    id: str
    name: str
    title: str
    display_name: str
    description: str = ""
    image_url: str = ""
    image_display_url: str = ""
    created: str | None = None
    is_organization: bool = False
    approval_status: str = "approved"
    state: str = "active"
    type: str = "group"
    package_count: int | None = None


class CkanOrganization(CkanGroup):
    is_organization: bool = True
    type: str = "organization"


class CkanResource(BaseModel):
    id: str
    package_id: str
    name: str
    description: str
    format: str
    url: str
    position: int
    mimetype: str | None = None
    size: int | None = None
    created: str | None = None
    last_modified: str | None = None
    metadata_modified: str | None = None
    hash: str = ""
    state: str = "active"
    url_type: str | None = None
    resource_type: str | None = None
    mimetype_inner: str | None = None
    cache_url: str | None = None
    cache_last_updated: str | None = None
    datastore_active: bool = False


class CkanPackage(BaseModel):
    id: str
    name: str
    title: str
    notes: str
    type: str = "dataset"
    state: str = "active"
    private: bool = False
    isopen: bool
    license_id: str
    license_title: str
    url: str
    version: str | None
    author: str | None = None
    author_email: str | None = None
    maintainer: str | None
    maintainer_email: str | None = None
    creator_user_id: str
    metadata_created: str | None
    metadata_modified: str | None
    owner_org: str | None
    organization: CkanOrganization | None
    groups: list[CkanGroup]
    tags: list[CkanTag]
    num_tags: int
    resources: list[CkanResource]
    num_resources: int
    extras: list[CkanExtra]
    relationships_as_object: list[object] = []
    relationships_as_subject: list[object] = []


def organization_of(org: Organization, package_count: int | None = None) -> CkanOrganization:
    return CkanOrganization(id=ckan_id("organization", org.id), name=org.name, title=org.title,
                            display_name=org.title, created=_when(org.created_at),
                            package_count=package_count)


def group_of(theme: str, package_count: int | None = None) -> CkanGroup:
    return CkanGroup(id=ckan_id("theme", theme), name=theme, title=theme, display_name=theme,
                     package_count=package_count)


def tag_of(keyword: str) -> CkanTag:
    return CkanTag(id=ckan_id("tag", keyword), name=keyword, display_name=keyword)


def _attached(dataset: Dataset, resource: Resource, position: int) -> CkanResource:
    return CkanResource(id=ckan_id("resource", resource.id), package_id=ckan_id("dataset",
                        dataset.id), name=resource.title, description=resource.description,
                        format=resource.format.upper(), url=resource.url, position=position,
                        resource_type="documentation",
                        metadata_modified=_when(dataset.updated_at))


def data_resources(dataset: Dataset, version: DatasetVersion, base: str,
                   first: int) -> list[CkanResource]:
    """The version as one download per format, at ``position`` ``first`` onwards."""
    url = f"{base}/api/v1/datasets/{dataset.name}/versions/{version.number}/download"
    return [CkanResource(id=ckan_id("download", f"{version.id}:{fmt}"),
                         package_id=ckan_id("dataset", dataset.id),
                         name=f"{dataset.title} v{version.number} ({fmt})",
                         description=f"{version.rows} rows", format=fmt,
                         url=f"{url}?format={param}", position=first + i,
                         mimetype=_MIMETYPES[fmt], created=_when(version.created_at),
                         last_modified=_when(version.created_at),
                         metadata_modified=_when(version.created_at), resource_type="file")
            for i, (fmt, param) in enumerate(DOWNLOAD_FORMATS.items())]


def all_resources(dataset: Dataset, base: str, *, with_data: bool) -> list[CkanResource]:
    """Attached resources, then (``with_data``) the latest version's downloads."""
    resources = [_attached(dataset, r, i) for i, r in enumerate(dataset.resources)]
    if with_data and dataset.versions:
        resources += data_resources(dataset, dataset.versions[-1], base, len(resources))
    return resources


def _extras(dataset: Dataset, base: str) -> list[CkanExtra]:
    pairs = [("open_tier", dataset.open_tier.value), ("grade", dataset.grade.value),
             ("sensitivity", dataset.sensitivity.value), ("modality", dataset.modality.value),
             ("language", ",".join(dataset.languages)),
             ("update_frequency", dataset.update_frequency),
             ("landing_page", f"{base}/datasets/{dataset.name}")]
    if dataset.open_tier is OpenTier.CONDITIONAL:
        pairs.append(("apply_url", f"{base}/datasets/{dataset.name}/apply"))
    return [CkanExtra(key=k, value=v) for k, v in pairs if v]


def package_of(dataset: Dataset, base: str, *, with_data: bool) -> CkanPackage:
    """``package_show``'s dictionary of ``dataset``.

    Args:
        dataset: the dataset, in an open session.
        base: the server's URL without a trailing slash (for resource and page links).
        with_data: whether the caller may download it (adds the data resources).
    """
    org = dataset.organization
    resources = all_resources(dataset, base, with_data=with_data)
    tags = [tag_of(k) for k in dataset.keywords]
    return CkanPackage(
        id=ckan_id("dataset", dataset.id), name=dataset.name, title=dataset.title,
        notes=dataset.description, isopen=dataset.open_tier is OpenTier.UNCONDITIONAL,
        license_id=dataset.license, license_title=dataset.license,
        url=f"{base}/datasets/{dataset.name}",
        version=str(dataset.versions[-1].number) if dataset.versions else None,
        maintainer=org.title if org else None, creator_user_id=dataset.created_by,
        metadata_created=_when(dataset.created_at), metadata_modified=_when(dataset.updated_at),
        owner_org=ckan_id("organization", org.id) if org else None,
        organization=organization_of(org) if org else None,
        groups=[group_of(dataset.theme)] if dataset.theme else [],
        tags=tags, num_tags=len(tags), resources=resources, num_resources=len(resources),
        extras=_extras(dataset, base),
    )
