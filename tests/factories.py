"""Factories for database objects used across tests."""

from __future__ import annotations

import itertools
from typing import Any

import pyarrow as pa

from jingshu.accounts.models import Organization, Role, User
from jingshu.accounts.service import create_organization, create_user
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import DatasetSpec, create_dataset, publish_version
from jingshu.platform import Platform
from jingshu.store import Provenance

PASSWORD = "correct-horse-9"
_seq = itertools.count(1)

TIER_DEFAULTS = {
    OpenTier.UNCONDITIONAL: (Grade.GENERAL, Sensitivity.L1),
    OpenTier.CONDITIONAL: (Grade.GENERAL, Sensitivity.L2),
    OpenTier.NOT_OPEN: (Grade.IMPORTANT, Sensitivity.L3),
}


def make_org(platform: Platform, name: str | None = None, title: str = "示例机构") -> Organization:
    with platform.session() as s:
        return create_organization(s, name or f"org-{next(_seq)}", title, actor="test")


def make_user(platform: Platform, role: Role = Role.CONSUMER, *, name: str | None = None,
              organization: str | None = None) -> User:
    with platform.session() as s:
        return create_user(s, name or f"{role.value}-{next(_seq)}", PASSWORD, role,
                           actor="test", organization=organization)


def make_dataset(platform: Platform, *, name: str | None = None, title: str = "高质量中文语料",
                 tier: OpenTier = OpenTier.UNCONDITIONAL, organization: str | None = None,
                 rows: list[dict[str, Any]] | None = None, **spec: Any) -> Dataset:
    """A dataset with one version holding ``rows`` (three short Chinese texts by default)."""
    grade, level = TIER_DEFAULTS[tier]
    spec.setdefault("grade", grade)
    spec.setdefault("sensitivity", level)
    if rows is None:
        texts = ["今天天气很好。", "数据要素市场。", "人工智能语料。"]
        rows = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]
    with platform.session() as s:
        ds = create_dataset(s, DatasetSpec(name=name or f"ds-{next(_seq)}", title=title,
                                           organization=organization, open_tier=tier, **spec),
                            actor="test")
        if rows:
            publish_version(s, platform.store, ds, [pa.RecordBatch.from_pylist(rows)],
                            creator="test", made_by=Provenance(kind="import", source="test"))
        return ds


def make_image_dataset(platform: Platform, name: str, image: bytes, **spec: Any) -> Dataset:
    """A media dataset of one JPEG row (96×64, as the image importer writes it), its
    bytes stored in the store's blobs."""
    sha = platform.store.blobs().put(image)
    row = {"id": "a", "image_sha256": sha, "format": "JPEG", "width": 96, "height": 64,
           "size_bytes": len(image), "error": None}
    return make_dataset(platform, name=name, rows=[row], **spec)


def latest(platform: Platform, name: str) -> DatasetVersion:
    from jingshu.catalog.service import get_version

    with platform.session() as s:
        return get_version(s, name)


def make_project(platform: Platform, *, name: str | None = None,
                 rows: list[dict[str, Any]] | None = None,
                 label_schema: dict[str, Any] | None = None, organization: str | None = None,
                 **spec: Any) -> str:
    """An annotation project over a new dataset of ``rows`` (ten short texts by default)."""
    from jingshu.annotate.projects import ProjectSpec, create_project

    if rows is None:
        rows = [{"id": f"r{i}", "text": f"第{i}条评论：很好用。"} for i in range(10)]
    ds = make_dataset(platform, rows=rows, organization=organization)
    name = name or f"proj-{next(_seq)}"
    schema = label_schema or {"kind": "single", "labels": ["正面", "负面"]}
    with platform.session() as s:
        version = latest_in(s, ds.name)
        create_project(s, platform.store, version,
                       ProjectSpec(name=name, title="情感标注", label_schema=schema, **spec),
                       actor="test")
    return name


def latest_in(session: Any, name: str) -> DatasetVersion:
    from jingshu.catalog.service import get_version

    return get_version(session, name)
