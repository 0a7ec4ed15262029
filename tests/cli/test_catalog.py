"""``jingshu catalog``: search in Chinese, DCAT-AP and Croissant exports."""

from __future__ import annotations

import json
from pathlib import Path

from jingshu.catalog.rules import OpenTier
from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset, make_org


def test_search_finds_chinese_title(invoke: Invoke, platform: Platform) -> None:
    make_dataset(platform, name="zh-corpus", title="高质量中文语料")
    make_dataset(platform, name="weather", title="气象观测数据")
    found = as_json(invoke("catalog", "search", "语料", "--json"))
    assert found["total"] == 1
    assert [h["name"] for h in found["hits"]] == ["zh-corpus"]
    assert "高质量中文语料" in invoke("catalog", "search", "语料").stdout


def test_search_filters_and_limit(invoke: Invoke, platform: Platform) -> None:
    make_org(platform, "bj-data")
    make_dataset(platform, name="open-one", tier=OpenTier.UNCONDITIONAL, organization="bj-data")
    make_dataset(platform, name="cond-one", tier=OpenTier.CONDITIONAL, theme="教育")
    hits = as_json(invoke("catalog", "search", "--tier", "conditional", "--json"))["hits"]
    assert [h["name"] for h in hits] == ["cond-one"]
    hits = as_json(invoke("catalog", "search", "--organization", "bj-data", "--json"))["hits"]
    assert [h["name"] for h in hits] == ["open-one"]
    hits = as_json(invoke("catalog", "search", "--theme", "教育", "--json"))["hits"]
    assert [h["name"] for h in hits] == ["cond-one"]
    result = as_json(invoke("catalog", "search", "--limit", "1", "--modality", "text", "--json"))
    assert (result["total"], len(result["hits"])) == (2, 1)


def test_dcat_to_stdout_and_file(invoke: Invoke, platform: Platform, tmp_path: Path) -> None:
    make_dataset(platform, name="zh-corpus")
    doc = as_json(invoke("catalog", "dcat", "--base-url", "https://data.example.cn"))
    assert doc["@type"] == "dcat:Catalog"
    assert len(doc["dcat:dataset"]) == 1
    out = tmp_path / "catalog.jsonld"
    invoke("catalog", "dcat", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["@id"].startswith("http://127.0.0.1:8000")


def test_croissant(invoke: Invoke, platform: Platform, tmp_path: Path) -> None:
    make_dataset(platform, name="zh-corpus")
    doc = as_json(invoke("catalog", "croissant", "zh-corpus@1"))
    assert "recordSet" in json.dumps(doc)
    invoke("catalog", "croissant", "zh-corpus", str(tmp_path / "c.json"))
    assert (tmp_path / "c.json").exists()
    assert "does not exist" in invoke("catalog", "croissant", "ghost", code=2).stderr


def test_search_facets_grade_tag_and_paging(invoke: Invoke, platform: Platform) -> None:
    from jingshu.catalog.rules import Grade, Sensitivity

    make_dataset(platform, name="open-a", keywords=("交通",))
    make_dataset(platform, name="core-b", tier=OpenTier.NOT_OPEN, grade=Grade.CORE,
                 sensitivity=Sensitivity.L4)
    found = as_json(invoke("catalog", "search", "--grade", "core", "--facets", "--json"))
    assert [h["name"] for h in found["hits"]] == ["core-b"]
    assert found["facets"]["grade"] == [{"value": "core", "label": "core", "count": 1}]
    tagged = as_json(invoke("catalog", "search", "--tag", "交通", "--json"))
    assert [h["name"] for h in tagged["hits"]] == ["open-a"]
    second = as_json(invoke("catalog", "search", "--sort", "name", "--limit", "1",
                            "--offset", "1", "--json"))
    assert second["total"] == 2 and [h["name"] for h in second["hits"]] == ["open-a"]
    text = invoke("catalog", "search", "--facets").stdout
    assert "tier: not_open 1, unconditional 1" in text  # most first, then by value
