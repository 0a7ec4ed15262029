"""Catalog objects as plain JSON-ready values, for ``--json`` output and tables.

Built while the session is open (relationships load lazily), printed after.
"""

from __future__ import annotations

from typing import Any

from jingshu.accounts.models import Organization, User
from jingshu.audit import AuditEntry
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.service import Lineage
from jingshu.store import Manifest

__all__ = [
    "audit_view",
    "dataset_summary",
    "dataset_view",
    "org_view",
    "user_view",
    "version_view",
]


def dataset_summary(d: Dataset) -> dict[str, Any]:
    """One line of ``jingshu dataset list``."""
    latest = d.versions[-1] if d.versions else None
    return {
        "name": d.name,
        "title": d.title,
        "tier": d.open_tier.value,
        "grade": d.grade.value,
        "sensitivity": d.sensitivity.value,
        "versions": len(d.versions),
        "rows": latest.rows if latest else 0,
        "organization": d.organization.name if d.organization else None,
    }


def version_view(v: DatasetVersion) -> dict[str, Any]:
    made_by = Manifest.from_json(v.manifest).made_by
    return {
        "number": v.number,
        "id": v.id,
        "rows": v.rows,
        "bytes": v.bytes,
        "made_by": {"kind": made_by.kind, "source": made_by.source, "detail": dict(made_by.detail)},
        "creator": v.creator,
        "created_at": v.created_at.isoformat(timespec="seconds"),
    }


def dataset_view(
    d: Dataset, version: DatasetVersion | None, graph: Lineage | None
) -> dict[str, Any]:
    """Everything ``jingshu dataset show`` prints about a dataset and one of its versions."""
    return {
        **dataset_summary(d),
        "description": d.description,
        "theme": d.theme,
        "keywords": list(d.keywords),
        "license": d.license,
        "languages": list(d.languages),
        "modality": d.modality.value,
        "update_frequency": d.update_frequency,
        "all_versions": [version_view(v) for v in d.versions],
        "resources": [{"title": r.title, "url": r.url, "format": r.format}
                      for r in d.resources],
        "version": version.number if version else None,
        "fields": [
            {"name": f.name, "type": f.type, "description": f.description}
            for f in (version.fields if version else [])
        ],
        "lineage": {
            "nodes": [
                {"id": n.version_id, "ref": f"{n.dataset}@{n.number}", "made_by": n.made_by}
                for n in (graph.nodes if graph else [])
            ],
            "edges": [{"parent": p, "child": c} for p, c in (graph.edges if graph else [])],
        },
    }


def user_view(u: User) -> dict[str, Any]:
    return {
        "username": u.username,
        "role": u.role.value,
        "organization": u.organization.name if u.organization else None,
        "active": u.active,
        "created_at": u.created_at.isoformat(timespec="seconds"),
    }


def org_view(o: Organization) -> dict[str, Any]:
    return {"name": o.name, "title": o.title,
            "created_at": o.created_at.isoformat(timespec="seconds")}


def audit_view(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(timespec="seconds"),
        "actor": e.actor,
        "action": e.action,
        "target": e.target,
        "detail": e.detail,
        "hash": e.hash,
    }
