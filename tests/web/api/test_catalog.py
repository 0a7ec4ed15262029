"""/api/v1/catalog: search and DCAT-AP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, error_of


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


def test_search_counts_facets_and_filters_by_grade(platform: Platform,
                                                   client: TestClient) -> None:
    _catalog(platform)
    make_dataset(platform, name="city-core", title="核心语料", tier=OpenTier.NOT_OPEN,
                 grade=Grade.CORE, sensitivity=Sensitivity.L4, keywords=("城市",))
    body = client.get(f"{API}/catalog/search").json()
    tiers = {i["value"]: i["count"] for i in body["facets"]["tier"]}
    assert tiers == {"not_open": 2, "unconditional": 1, "conditional": 1}
    assert {i["value"]: i["count"] for i in body["facets"]["grade"]}["core"] == 1
    assert body["facets"]["organization"] == [{"value": "sh-data", "label": "上海数据交易所",
                                               "count": 1}]
    assert {i["value"] for i in body["facets"]["tag"]} == {"城市"}
    core = client.get(f"{API}/catalog/search", params={"grade": "core"}).json()
    assert [h["name"] for h in core["hits"]] == ["city-core"]  # grade= is not ignored
    assert client.get(f"{API}/catalog/search", params={"sensitivity": "L4"}).json()["total"] == 1
    assert client.get(f"{API}/catalog/search", params={"tag": "城市"}).json()["total"] == 1
    bad = client.get(f"{API}/catalog/search", params={"grade": "secret"})
    assert bad.status_code == 400 and "grade" in str(error_of(bad)["message"])
    typo = client.get(f"{API}/catalog/search", params={"grdae": "core"})
    assert typo.status_code == 400
    assert error_of(typo)["message"] == "query parameter 'grdae' is not known"
    none = client.get(f"{API}/catalog/search", params={"facets": "false"}).json()
    assert none["facets"] == {} and none["total"] == 4


def test_dataset_list_pages_and_takes_the_search_filters(platform: Platform,
                                                         client: TestClient) -> None:
    _catalog(platform)
    first = client.get(f"{API}/datasets", params={"limit": 2, "sort": "name"})
    assert first.status_code == 200, first.text
    assert [d["name"] for d in first.json()] == ["street-images", "zh-corpus"]
    assert first.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in first.headers["Link"] and "offset=2" in first.headers["Link"]
    rest = client.get(f"{API}/datasets", params={"limit": 2, "offset": 2, "sort": "name"})
    assert [d["name"] for d in rest.json()] == ["zh-medical"] and "Link" not in rest.headers
    assert [d["name"] for d in client.get(f"{API}/datasets",
                                          params={"tier": "conditional"}).json()] == ["zh-medical"]
    assert [d["name"] for d in client.get(f"{API}/datasets", params={"q": "街景"}).json()] == [
        "street-images"]
    assert client.get(f"{API}/datasets", params={"grade": "core"}).json() == []
    assert client.get(f"{API}/datasets", params={"limit": 0}).status_code in (400, 422)
