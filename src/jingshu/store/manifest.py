"""The manifest of a dataset version: schema, counts, shard checksums and lineage.

A manifest is written as ``manifest.json`` into the version folder, last, so its
presence marks a committed version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jingshu.errors import InputError

__all__ = ["PROVENANCE_KINDS", "FieldInfo", "Manifest", "Provenance", "ShardInfo"]

PROVENANCE_KINDS = ("import", "recipe", "annotation", "upload", "mix")
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class ShardInfo:
    """One Parquet shard of a version.

    Args:
        path: file name relative to the version folder.
        rows: number of rows in the shard.
        bytes: size of the shard file in bytes.
        sha256: hex digest of the shard file.
    """

    path: str
    rows: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class FieldInfo:
    """One column of a version.

    Args:
        name: column name.
        type: ``str()`` of the Arrow type, e.g. ``"string"`` or ``"list<item: int64>"``.
        nullable: whether the column may hold nulls.
    """

    name: str
    type: str
    nullable: bool


@dataclass(frozen=True)
class Provenance:
    """What made a version.

    Args:
        kind: one of ``"import"``, ``"recipe"``, ``"annotation"``, ``"upload"``, ``"mix"``.
        source: the file name, recipe name or project id.
        detail: extra key/value pairs (recipe hash, options ...).
    """

    kind: str
    source: str
    detail: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in PROVENANCE_KINDS:
            raise InputError(
                f"provenance kind {self.kind!r} is not known",
                hint=f"use one of {', '.join(PROVENANCE_KINDS)}",
            )


@dataclass(frozen=True)
class Manifest:
    """Everything needed to read and check a committed dataset version.

    Args:
        version_id: uuid4 hex of the version.
        dataset: dataset name (the folder under ``datasets/``).
        fields: the columns, in order.
        rows: total rows over all shards.
        bytes: total shard bytes.
        shards: the shards, in read order.
        creator: who made it (user name or service).
        created_at: ISO-8601 UTC time of the commit.
        parents: version ids this one was derived from (lineage).
        made_by: what made it.
    """

    version_id: str
    dataset: str
    fields: tuple[FieldInfo, ...]
    rows: int
    bytes: int
    shards: tuple[ShardInfo, ...]
    creator: str
    created_at: str
    parents: tuple[str, ...]
    made_by: Provenance

    def to_json(self) -> str:
        """Serialize to indented, UTF-8-friendly JSON (``ensure_ascii=False``)."""
        return json.dumps(_manifest_to_obj(self), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest written by :meth:`to_json`.

        Args:
            text: the JSON text.

        Raises:
            InputError: the text is not a manifest.
        """
        try:
            return _manifest_from_obj(json.loads(text))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"manifest.json cannot be read: {exc!r}",
                hint="the version folder is damaged; restore it or delete the version",
            ) from exc


def _manifest_to_obj(m: Manifest) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT,
        "version_id": m.version_id,
        "dataset": m.dataset,
        "fields": [{"name": f.name, "type": f.type, "nullable": f.nullable} for f in m.fields],
        "rows": m.rows,
        "bytes": m.bytes,
        "shards": [
            {"path": s.path, "rows": s.rows, "bytes": s.bytes, "sha256": s.sha256} for s in m.shards
        ],
        "creator": m.creator,
        "created_at": m.created_at,
        "parents": list(m.parents),
        "made_by": {
            "kind": m.made_by.kind,
            "source": m.made_by.source,
            "detail": [list(kv) for kv in m.made_by.detail],
        },
    }


def _manifest_from_obj(obj: dict[str, Any]) -> Manifest:
    made_by = obj["made_by"]
    return Manifest(
        version_id=str(obj["version_id"]),
        dataset=str(obj["dataset"]),
        fields=tuple(
            FieldInfo(str(f["name"]), str(f["type"]), bool(f["nullable"])) for f in obj["fields"]
        ),
        rows=int(obj["rows"]),
        bytes=int(obj["bytes"]),
        shards=tuple(
            ShardInfo(str(s["path"]), int(s["rows"]), int(s["bytes"]), str(s["sha256"]))
            for s in obj["shards"]
        ),
        creator=str(obj["creator"]),
        created_at=str(obj["created_at"]),
        parents=tuple(str(p) for p in obj["parents"]),
        made_by=Provenance(
            kind=str(made_by["kind"]),
            source=str(made_by["source"]),
            detail=tuple((str(k), str(v)) for k, v in made_by["detail"]),
        ),
    )
