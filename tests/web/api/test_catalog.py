"""/api/v1/catalog: search and DCAT-AP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.catalog.rules import Modality, OpenTier
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org
from tests.web.helpers import API


def _catalog(platform: Platform) -> None:
    org = make_org(platform, "sh-data", title="上海数据交易所")
    make_dataset(platform, name="zh-corpus", title="高质量中文语料", theme="语言",
                 organization=org.name)
    make_dataset(platform, name="zh-medical", title="医疗问诊语料", theme="医疗",
                 tier=OpenTier.CONDITIONAL)
    make_dataset(platform, name="street-images", title="街景图像", theme="交通",
                 modality=Modality.IMAGE, tier=OpenTier.NOT_OPEN)


def test_search_finds_chinese_words(platform: Platform, client: TestClient) -> None:
    _catalog(platform)
    response = client.get(f"{API}/catalog/search", params={"q": "语料"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert {h["name"] for h in body["hits"]} == {"zh-corpus", "zh-medical"}
    corpus = next(h for h in body["hits"] if h["name"] == "zh-corpus")
    assert corpus["title"] == "高质量中文语料"
    assert (corpus["tier"], corpus["grade"], corpus["organization"]) == (
        "unconditional", "general", "sh-data")
    exact = client.get(f"{API}/catalog/search", params={"q": "中文语料"}).json()
    assert [h["name"] for h in exact["hits"]] == ["zh-corpus"]
    assert client.get(f"{API}/catalog/search", params={"q": "天文"}).json()["total"] == 0


def test_search_filters_and_pages(platform: Platform, client: TestClient) -> None:
    _catalog(platform)

    def names(**params: object) -> list[str]:
        response = client.get(f"{API}/catalog/search", params=params)  # type: ignore[arg-type]
        assert response.status_code == 200, response.text
        return sorted(h["name"] for h in response.json()["hits"])

    assert names(q="语料", tier="conditional") == ["zh-medical"]
    assert names(theme="交通") == ["street-images"]
    assert names(modality="image") == ["street-images"]
    assert names(organization="sh-data") == ["zh-corpus"]
    assert names() == ["street-images", "zh-corpus", "zh-medical"]  # every tier is listed
    page = client.get(f"{API}/catalog/search", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and len(page["hits"]) == 1
    assert client.get(f"{API}/catalog/search", params={"tier": "open"}).status_code == 400


def test_dcat_lists_the_catalog_as_json_ld(platform: Platform, client: TestClient) -> None:
    _catalog(platform)
    response = client.get(f"{API}/catalog/dcat")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    doc = response.json()
    assert doc["@type"] == "dcat:Catalog"
    titles = sorted(str(d["dct:title"]) for d in doc["dcat:dataset"])
    assert len(titles) == 3
    assert any("高质量中文语料" in t for t in titles)
