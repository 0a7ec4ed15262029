"""The catalog as linked data: DCAT-AP for the catalog, Croissant 1.0 for one version.

Both are JSON-LD documents built from the catalog tables and the version manifest
(``DatasetVersion.manifest``, parsed here as plain JSON). Nothing is fetched from the
network: the ``@context`` objects are written out in full.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jingshu.catalog.croissant_media import (
    MediaFiles,
    media_distribution,
    media_record_set,
)
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.quality_ld import DQV_NS, dqv_node, field_summary, measurements, metric_nodes
from jingshu.catalog.rules import OpenTier
from jingshu.errors import InputError
from jingshu.profiles import VersionProfile

__all__ = [
    "CROISSANT_CONTEXT",
    "DCAT_CONTEXT",
    "ProfileLookup",
    "catalog_dcat",
    "croissant_data_type",
    "dataset_croissant",
    "download_url",
]

JINGSHU_NS = "https://jingshu.dev/ns#"
_EU = "http://publications.europa.eu/resource/authority"
PARQUET_MEDIA_TYPE = "application/vnd.apache.parquet"

DCAT_CONTEXT: dict[str, str] = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dqv": DQV_NS,
    "jingshu": JINGSHU_NS,
}

# The @context of the Croissant 1.0 specification (mlcommons.org/croissant/1.0).
CROISSANT_CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
CROISSANT_CONFORMS_TO = "http://mlcommons.org/croissant/1.0"

ACCESS_RIGHTS = {
    OpenTier.UNCONDITIONAL: f"{_EU}/access-right/PUBLIC",
    OpenTier.CONDITIONAL: f"{_EU}/access-right/RESTRICTED",
    OpenTier.NOT_OPEN: f"{_EU}/access-right/NON_PUBLIC",
}
_FREQUENCIES = {
    "DAILY": ("daily", "每日", "每天", "日更"),
    "WEEKLY": ("weekly", "每周", "周更"),
    "MONTHLY": ("monthly", "每月", "月更"),
    "QUARTERLY": ("quarterly", "每季度", "季更"),
    "ANNUAL": ("annual", "annually", "yearly", "每年", "年更"),
    "CONT": ("continuous", "realtime", "real-time", "实时"),
    "IRREG": ("irregular", "不定期"),
    "NEVER": ("never", "不更新"),
}
_LANGUAGES = {
    "zh": "ZHO",
    "en": "ENG",
    "ja": "JPN",
    "ko": "KOR",
    "fr": "FRA",
    "de": "DEU",
    "es": "SPA",
    "ru": "RUS",
    "ar": "ARA",
    "pt": "POR",
}
_SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+\-]*$")


# -- the manifest, as far as linked data needs it ---------------------------------------


@dataclass(frozen=True)
class _Shard:
    path: str
    rows: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class _Column:
    name: str
    type: str


@dataclass(frozen=True)
class _ManifestView:
    columns: tuple[_Column, ...]
    shards: tuple[_Shard, ...]


def _read_manifest(version: DatasetVersion) -> _ManifestView:
    """The columns and shards of a version's manifest JSON."""
    try:
        obj = json.loads(version.manifest)
        columns = tuple(_Column(str(f["name"]), str(f["type"])) for f in obj.get("fields", []))
        shards = tuple(
            _Shard(str(s["path"]), int(s["rows"]), int(s["bytes"]), str(s["sha256"]))
            for s in obj.get("shards", [])
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            f"the manifest of version {version.id} cannot be read: {exc!r}",
            hint="re-import the version or restore its manifest.json",
        ) from exc
    return _ManifestView(columns, shards)


# -- DCAT-AP ------------------------------------------------------------------------------


def _typed(value: str, xsd_type: str) -> dict[str, str]:
    return {"@value": value, "@type": f"xsd:{xsd_type}"}


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _license(license_id: str) -> dict[str, str]:
    if _SPDX_ID.match(license_id):
        return {"@id": f"http://spdx.org/licenses/{license_id}"}
    return {"@type": "dct:LicenseDocument", "rdfs:label": license_id}


def _language(code: str) -> dict[str, str]:
    base = code.split("-")[0].lower()
    if base in _LANGUAGES:
        return {"@id": f"{_EU}/language/{_LANGUAGES[base]}"}
    return {"@id": f"http://id.loc.gov/vocabulary/iso639-1/{base}"}


def _frequency(text: str) -> str | dict[str, str]:
    wanted = text.strip().lower()
    for code, spellings in _FREQUENCIES.items():
        if wanted in spellings:
            return {"@id": f"{_EU}/frequency/{code}"}
    return text


def _checksum(sha256: str) -> dict[str, Any]:
    return {
        "@type": "spdx:Checksum",
        "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
        "spdx:checksumValue": sha256,
    }


def download_url(base_url: str, dataset_name: str, number: int) -> str:
    """Where the API serves a version as one Parquet file."""
    return f"{base_url}/api/v1/datasets/{dataset_name}/versions/{number}/download?format=parquet"


ProfileLookup = Callable[[DatasetVersion], VersionProfile | None]
"""The profile a document may show of a version: its stored profile, without row content
for whom the download policy refuses; ``None`` for no measurements (none stored yet)."""


def _distribution(base_url: str, dataset: Dataset, version: DatasetVersion,
                  profile: VersionProfile | None) -> dict[str, Any]:
    """One ``dcat:Distribution`` for a version.

    ``spdx:checksum`` is the shard's sha256 when the version is one shard (the download
    is then that file); for several shards each one's checksum is under ``jingshu:shard``.
    With a ``profile``, its figures are ``dqv:hasQualityMeasurement`` s computed on the
    distribution (:mod:`jingshu.catalog.quality_ld`).
    """
    manifest = _read_manifest(version)
    url = download_url(base_url, dataset.name, version.number)
    dist: dict[str, Any] = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.name} v{version.number}",
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {
            "@id": f"https://www.iana.org/assignments/media-types/{PARQUET_MEDIA_TYPE}"
        },
        "dcat:byteSize": _typed(str(version.bytes), "nonNegativeInteger"),
        "dct:issued": _typed(_iso(version.created_at), "dateTime"),
        "jingshu:version": version.number,
        "jingshu:versionId": version.id,
        "jingshu:rows": version.rows,
    }
    if len(manifest.shards) == 1:
        dist["spdx:checksum"] = _checksum(manifest.shards[0].sha256)
    else:
        dist["jingshu:shard"] = [
            {
                "jingshu:path": s.path,
                "dcat:byteSize": _typed(str(s.bytes), "nonNegativeInteger"),
                "spdx:checksum": _checksum(s.sha256),
            }
            for s in manifest.shards
        ]
    if profile is not None:
        dist["dqv:hasQualityMeasurement"] = [dqv_node(m, url) for m in measurements(profile)]
    return dist


def _publisher(base_url: str, dataset: Dataset) -> dict[str, Any] | None:
    org = dataset.organization
    if org is None:
        return None
    return {
        "@id": f"{base_url}/organizations/{org.name}",
        "@type": "foaf:Organization",
        "foaf:name": org.title,
    }


def _dcat_dataset(base_url: str, dataset: Dataset,
                  profile_of: ProfileLookup | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "@id": f"{base_url}/datasets/{dataset.name}",
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.name,
        "dct:title": dataset.title,
        "dct:description": dataset.description,
        "dcat:keyword": list(dataset.keywords or []),
        "dct:language": [_language(code) for code in dataset.languages or []],
        "dct:accessRights": {"@id": ACCESS_RIGHTS[dataset.open_tier]},
        "dct:issued": _typed(_iso(dataset.created_at), "dateTime"),
        "dct:modified": _typed(_iso(dataset.updated_at), "dateTime"),
        "dcat:landingPage": {"@id": f"{base_url}/datasets/{dataset.name}"},
        "jingshu:tier": dataset.open_tier.value,
        "jingshu:grade": dataset.grade.value,
        "jingshu:sensitivity": dataset.sensitivity.value,
        "jingshu:modality": dataset.modality.value,
        "dcat:distribution": [_distribution(base_url, dataset, v,
                                            profile_of(v) if profile_of else None)
                              for v in dataset.versions],
    }
    optional = {
        "dct:publisher": _publisher(base_url, dataset),
        "dcat:theme": {"@type": "skos:Concept", "skos:prefLabel": dataset.theme}
        if dataset.theme
        else None,
        "dct:license": _license(dataset.license) if dataset.license else None,
        "dct:accrualPeriodicity": _frequency(dataset.update_frequency)
        if dataset.update_frequency
        else None,
    }
    entry.update({key: value for key, value in optional.items() if value is not None})
    return entry


def _visible_datasets(session: Session, visible_tiers: Iterable[OpenTier] | None) -> list[Dataset]:
    stmt = select(Dataset).options(selectinload(Dataset.versions)).order_by(Dataset.name)
    if visible_tiers is not None:
        stmt = stmt.where(Dataset.open_tier.in_(sorted(visible_tiers)))
    return list(session.scalars(stmt))


def _metrics_used(nodes: Iterable[dict[str, Any]]) -> set[str]:
    return {m["dqv:isMeasurementOf"]["@id"].removeprefix("jingshu:") for m in nodes}


def catalog_dcat(
    session: Session, base_url: str, visible_tiers: Iterable[OpenTier] | None,
    profile_of: ProfileLookup | None = None,
) -> dict[str, Any]:
    """The whole catalog as a DCAT-AP JSON-LD document (a ``dcat:Catalog``).

    Each dataset carries its title, description, publisher, theme, keywords, license,
    languages, update frequency, access rights (无条件开放 → PUBLIC, 有条件开放 →
    RESTRICTED, 不予开放 → NON_PUBLIC in the EU access-right vocabulary), jingshu's own
    tier and grade under the ``jingshu:`` namespace, and one distribution per version,
    with the version's quality profile as DQV measurements when ``profile_of`` gives one
    (the metrics' definitions are then the catalog's ``jingshu:qualityMetric``).

    Args:
        session: an open session.
        base_url: the portal's public root, without a trailing slash.
        visible_tiers: the tiers the viewer may list; ``None`` means all.
        profile_of: the profile each version's distribution shows (``None``: none).
    """
    base_url = base_url.rstrip("/")
    document: dict[str, Any] = {
        "@context": copy.deepcopy(DCAT_CONTEXT),  # a reader may change its document
        "@id": f"{base_url}/api/v1/catalog",
        "@type": "dcat:Catalog",
        "dct:title": "精数 jingshu 数据目录",
        "dct:description": "Datasets published on this jingshu instance.",
        "foaf:homepage": {"@id": f"{base_url}/"},
        "dcat:dataset": [
            _dcat_dataset(base_url, d, profile_of)
            for d in _visible_datasets(session, visible_tiers)
        ],
    }
    used = _metrics_used(m for d in document["dcat:dataset"] for dist in d["dcat:distribution"]
                         for m in dist.get("dqv:hasQualityMeasurement", []))
    if used:
        document["jingshu:qualityMetric"] = metric_nodes(used)
    return document


# -- Croissant ----------------------------------------------------------------------------


_INTEGER = re.compile(r"^u?int(8|16|32|64)$")
_FLOAT = re.compile(r"^(float|double|halffloat|float16|float32|float64)$")


def croissant_data_type(arrow_type: str) -> str:
    """The Croissant ``dataType`` of an Arrow type string (``str(pa.DataType)``).

    Args:
        arrow_type: e.g. ``"string"``, ``"int64"``, ``"timestamp[us, tz=UTC]"``.
    """
    name = arrow_type.strip().lower()
    if name in ("string", "large_string", "utf8", "large_utf8"):
        return "sc:Text"
    if _INTEGER.match(name):
        return "sc:Integer"
    if _FLOAT.match(name):
        return "sc:Float"
    if name in ("bool", "boolean"):
        return "sc:Boolean"
    if name.startswith(("timestamp", "date")):
        return "sc:Date"
    return "sc:Text"


def _file_object(
    base_url: str, dataset: Dataset, version: DatasetVersion, shard: _Shard
) -> dict[str, Any]:
    return {
        "@type": "cr:FileObject",
        "@id": shard.path,
        "name": shard.path,
        "contentUrl": f"{base_url}/api/v1/datasets/{dataset.name}/versions/"
        f"{version.number}/files/{shard.path}",
        "contentSize": f"{shard.bytes} B",
        "encodingFormat": "application/x-parquet",
        "sha256": shard.sha256,
    }


def _record_set(manifest: _ManifestView, media: MediaFiles | None,
                descriptions: dict[str, str]) -> dict[str, Any]:
    """One record set with a field per column, read from the shard or the shard set.

    With media, the ``<kind>_sha256`` field references the media record set's key.
    ``descriptions``: a field's description by name (none for a name not in it).
    """
    if len(manifest.shards) == 1:
        source_key, source_id = "fileObject", manifest.shards[0].path
    else:
        source_key, source_id = "fileSet", "parquet-shards"
    fields: list[dict[str, Any]] = [
        {
            "@type": "cr:Field",
            "@id": f"default/{col.name}",
            "name": col.name,
            "dataType": croissant_data_type(col.type),
            "source": {source_key: {"@id": source_id}, "extract": {"column": col.name}},
        }
        for col in manifest.columns
    ]
    for field in fields:
        if descriptions.get(field["name"]):
            field["description"] = descriptions[field["name"]]
    if media is not None:
        for field in fields:
            if field["name"] == f"{media.kind}_sha256":
                field["references"] = {"field": {"@id": f"{media.record_set_id}/sha256"}}
    return {"@type": "cr:RecordSet", "@id": "default", "name": "default", "field": fields}


def _field_descriptions(version: DatasetVersion,
                        profile: VersionProfile | None) -> dict[str, str]:
    """The data dictionary's description of each field, then its profile's key figures."""
    found = {f.name: f.description.strip() for f in version.fields if f.description.strip()}
    for f in profile.fields if profile is not None else ():
        found[f.name] = " ".join(filter(None, (found.get(f.name), field_summary(f))))
    return found


def _add_measurements(doc: dict[str, Any], profile: VersionProfile) -> None:
    """The profile's DQV measurements on the ``default`` record set and its fields."""
    nodes = [dqv_node(m, "default" if m.field is None else f"default/{m.field}")
             for m in measurements(profile)]
    doc["@context"].update({"dqv": DQV_NS, "jingshu": JINGSHU_NS, "skos": DCAT_CONTEXT["skos"],
                            "xsd": DCAT_CONTEXT["xsd"], "rdf": DCAT_CONTEXT["rdf"]})
    doc["dqv:hasQualityMeasurement"] = nodes
    doc["jingshu:qualityMetric"] = metric_nodes(_metrics_used(nodes))


def dataset_croissant(
    dataset: Dataset, version: DatasetVersion, base_url: str, media: MediaFiles | None = None,
    profile: VersionProfile | None = None,
) -> dict[str, Any]:
    """One version of a dataset as a Croissant 1.0 JSON-LD document.

    Every Parquet shard is a ``cr:FileObject`` with its sha256; one record set holds a
    ``cr:Field`` per column. A version of several shards also gets a ``cr:FileSet``
    (``parquet-shards``) over them, which the fields read from. A media version
    (``media``, from :func:`jingshu.catalog.croissant_media.media_files`) also gets a
    ``cr:FileObject`` per image or audio file at the governed media endpoint, a
    ``cr:FileSet`` over them and a record set of the files that the rows reference.

    Croissant 1.0 has no term for statistics, so a ``profile`` goes where the format
    allows: each field's ``description`` (after the data dictionary's) states its key
    figures, and the document carries them as W3C DQV ``dqv:QualityMeasurement`` s
    (``dqv:computedOn`` the ``default`` record set or one of its fields), with the
    metrics' definitions under ``jingshu:qualityMetric``.

    Args:
        dataset: the dataset.
        version: one of its versions (its ``manifest`` JSON gives columns and shards).
        base_url: the portal's public root, without a trailing slash.
        media: the version's media files, ``None`` for a version without media.
        profile: the version's profile as the reader may see it, ``None`` for none.
    """
    base_url = base_url.rstrip("/")
    manifest = _read_manifest(version)
    distribution = [_file_object(base_url, dataset, version, s) for s in manifest.shards]
    if len(manifest.shards) > 1:
        distribution.append(
            {
                "@type": "cr:FileSet",
                "@id": "parquet-shards",
                "name": "parquet-shards",
                "containedIn": [{"@id": s.path} for s in manifest.shards],
                "encodingFormat": "application/x-parquet",
                "includes": "*.parquet",
            }
        )
    record_sets = [_record_set(manifest, media, _field_descriptions(version, profile))]
    if media is not None:
        media_url = f"{base_url}/api/v1/datasets/{dataset.name}/versions/{version.number}/media"
        distribution.extend(media_distribution(media, media_url))
        record_sets.append(media_record_set(media))
    doc: dict[str, Any] = {
        "@context": copy.deepcopy(CROISSANT_CONTEXT),  # mlcroissant adds @base to it
        "@type": "sc:Dataset",
        "conformsTo": CROISSANT_CONFORMS_TO,
        "name": dataset.name,
        "alternateName": dataset.title,
        "description": dataset.description or dataset.title,
        "license": dataset.license,
        "url": f"{base_url}/datasets/{dataset.name}",
        "version": f"{version.number}.0.0",
        "datePublished": _iso(version.created_at),
        "keywords": list(dataset.keywords or []),
        "inLanguage": list(dataset.languages or []),
        "distribution": distribution,
        "recordSet": record_sets,
    }
    if dataset.organization is not None:
        doc["publisher"] = {"@type": "sc:Organization", "name": dataset.organization.title}
    if profile is not None:
        _add_measurements(doc, profile)
    return doc
