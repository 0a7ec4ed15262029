from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy import func, select
from tests.factories import make_dataset, make_org

from jingshu.catalog.importing import import_file
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import (
    DatasetSpec,
    create_dataset,
    describe_field,
    get_dataset,
    get_version,
    lineage,
    open_version,
    parse_ref,
    publish_version,
    update_dataset,
)
from jingshu.errors import ConflictError, InputError, NotFoundError, RuleViolation
from jingshu.platform import Platform
from jingshu.store import Provenance


def _jsonl(path: Path, rows: list[dict[str, object]]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return str(path)


def test_import_creates_version_with_manifest_and_dictionary(platform: Platform,
                                                             tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": "你好"}, {"id": "2", "text": "世界"}])
    with platform.session() as s:
        v = import_file(s, platform.store, src, spec=DatasetSpec("news", "新闻"), creator="bob")
        assert (v.number, v.rows, v.made_by_kind, v.made_by_source) == (1, 2, "import", "a.jsonl")
        assert [f.name for f in v.fields] == ["id", "text"]
    stored = platform.store.open(v.location)
    stored.verify()
    assert stored.manifest.creator == "bob"


def test_duplicate_name_is_refused(platform: Platform) -> None:
    make_dataset(platform, name="dup")
    with platform.session() as s, pytest.raises(ConflictError, match="already exists"):
        create_dataset(s, DatasetSpec("dup", "x"), actor="t")


def test_forbidden_tier_is_refused_on_create_and_update(platform: Platform) -> None:
    with platform.session() as s, pytest.raises(RuleViolation):
        create_dataset(s, DatasetSpec("core-data", "x", grade=Grade.CORE), actor="t")
    make_dataset(platform, name="ok")
    with platform.session() as s:
        ds = get_dataset(s, "ok")
        with pytest.raises(RuleViolation, match="L3"):
            update_dataset(s, ds, actor="t", sensitivity=Sensitivity.L3)
        update_dataset(s, ds, actor="t", sensitivity=Sensitivity.L3,
                       open_tier=OpenTier.CONDITIONAL)
        assert ds.open_tier is OpenTier.CONDITIONAL


def test_append_needs_same_schema_and_leaves_nothing_half_written(platform: Platform,
                                                                  tmp_path: Path) -> None:
    make_dataset(platform, name="s1")
    bad = _jsonl(tmp_path / "b.jsonl", [{"id": "1", "body": "x"}])
    with platform.session() as s, pytest.raises(InputError, match=r"body|text"):
        import_file(s, platform.store, bad, spec=DatasetSpec("s1", "x"), creator="t", append=True)
    with platform.session() as s:
        assert s.scalar(select(func.count()).select_from(DatasetVersion)) == 1
    assert platform.sweep_store(grace_s=0) == []


def test_failed_import_leaves_no_version_row_or_folder(platform: Platform, tmp_path: Path) -> None:
    src = tmp_path / "broken.jsonl"
    src.write_text('{"id": "1", "text": "好"}\n{"id": 2,,}\n', "utf-8")
    with pytest.raises(InputError, match="line 2"), platform.session() as s:
        import_file(s, platform.store, str(src), spec=DatasetSpec("broken", "x"), creator="t")
    with platform.session() as s:
        with pytest.raises(NotFoundError):
            get_dataset(s, "broken")
        assert s.scalar(select(func.count()).select_from(DatasetVersion)) == 0
    assert platform.sweep_store(grace_s=0) == []


def test_lineage_and_dictionary_carry_over(platform: Platform) -> None:
    make_org(platform, "city")
    make_dataset(platform, name="raw", organization="city")
    with platform.session() as s:
        raw = get_version(s, "raw")
        describe_field(s, raw, "text", "正文", actor="t")
        clean_ds = create_dataset(s, DatasetSpec("clean", "干净"), actor="t")
        batch = pa.RecordBatch.from_pylist([{"id": "d0", "text": "今天天气很好。"}])
        clean = publish_version(s, platform.store, clean_ds, [batch], creator="t",
                                made_by=Provenance("recipe", "zh-web"), parents=[raw])
        graph = lineage(s, clean)
        assert (raw.id, clean.id) in graph.edges
        assert {n.dataset for n in graph.nodes} == {"raw", "clean"}
        up = lineage(s, raw)
        assert (raw.id, clean.id) in up.edges
        raw_ds = get_dataset(s, "raw")
        v2 = publish_version(s, platform.store, raw_ds, [batch], creator="t",
                             made_by=Provenance("import", "again"), parents=[raw])
        assert v2.number == 2 and v2.fields[1].description == "正文"
        assert open_version(platform.store, v2).head(1)[0]["text"] == "今天天气很好。"


@pytest.mark.parametrize(("ref", "expected"), [("a", ("a", None)), ("a@3", ("a", 3)),
                                               ("a@latest", ("a", None))])
def test_parse_ref(ref: str, expected: tuple[str, int | None]) -> None:
    assert parse_ref(ref) == expected


def test_bad_ref_and_missing_version(platform: Platform) -> None:
    with pytest.raises(InputError, match="NAME@VERSION"):
        parse_ref("a@b@c")
    make_dataset(platform, name="one")
    with platform.session() as s, pytest.raises(NotFoundError, match="versions: 1"):
        get_version(s, "one", 7)
