"""The CKAN-compatible API read by the ``ckanapi`` client against a live server.

``RemoteCKAN`` POSTs JSON to ``/api/action/{name}`` (or GETs with ``get_only``) and turns
CKAN's error shapes back into its own exceptions; these tests pass only if jingshu
answers as CKAN does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.web.ckan.conftest import Site

ckanapi = pytest.importorskip("ckanapi", reason="the ckanapi client: pip install 'jingshu[test]'")


@pytest.fixture
def anon(site: Site) -> Iterator[object]:
    with ckanapi.RemoteCKAN(site.url, session=requests.Session()) as ckan:
        yield ckan


def test_status_show_and_package_list(site: Site, anon: object) -> None:
    status = anon.action.status_show()  # type: ignore[attr-defined]
    assert status["ckan_version"].startswith("2.") and status["site_url"] == site.url
    names = anon.action.package_list()  # type: ignore[attr-defined]
    assert names == ["medical-qa", "street-core", "traffic-flow", "zh-corpus"]
    native = site.client.get("/api/v1/datasets", params={"limit": 100}).json()
    assert sorted(d["name"] for d in native) == names  # anonymous: the native list, exactly
    assert anon.action.package_list(limit=2, offset=1) == ["street-core", "traffic-flow"]  # type: ignore[attr-defined]


def test_package_search_filters_pages_and_facets(anon: object) -> None:
    found = anon.action.package_search(q="语料", rows=10)  # type: ignore[attr-defined]
    assert found["count"] == 2
    assert {p["name"] for p in found["results"]} == {"zh-corpus", "medical-qa"}
    by_org = anon.action.package_search(fq="organization:sh-data", sort="name asc")  # type: ignore[attr-defined]
    assert [p["name"] for p in by_org["results"]] == ["street-core", "traffic-flow"]
    tagged = anon.action.package_search(fq='tags:"时空数据"')  # type: ignore[attr-defined]
    assert [p["name"] for p in tagged["results"]] == ["traffic-flow"]
    page = anon.action.package_search(rows=1, start=1, sort="name asc")  # type: ignore[attr-defined]
    assert page["count"] == 4 and [p["name"] for p in page["results"]] == ["street-core"]
    faceted = anon.action.package_search(  # type: ignore[attr-defined]
        **{"facet.field": ["organization", "tags", "groups", "res_format", "grade"], "rows": 0})
    assert faceted["results"] == []
    assert faceted["facets"]["organization"] == {"sh-data": 2, "ai-lab": 2}
    orgs = {i["name"]: i for i in faceted["search_facets"]["organization"]["items"]}
    assert orgs["sh-data"] == {"name": "sh-data", "display_name": "上海市数据局", "count": 2}
    assert faceted["facets"]["groups"] == {"交通": 2, "医疗": 1, "语言": 1}
    assert faceted["facets"]["res_format"]["PDF"] == 1
    assert faceted["facets"]["grade"] == {"general": 3, "core": 1}
    assert anon.action.package_search(fq="grade:core")["count"] == 1  # type: ignore[attr-defined]


def test_package_show_honours_the_download_policy(site: Site, anon: object) -> None:
    open_ds = anon.action.package_show(id="traffic-flow")  # type: ignore[attr-defined]
    formats = [r["format"] for r in open_ds["resources"]]
    assert formats == ["PDF", "JSONL", "PARQUET", "CSV"]
    for data in open_ds["resources"][1:]:  # every download link works
        fetched = requests.get(data["url"], timeout=30)
        assert fetched.status_code == 200, data["url"]
        assert fetched.headers["content-type"].startswith(data["mimetype"])
    assert open_ds["organization"]["name"] == "sh-data" and open_ds["isopen"] is True
    assert anon.action.package_show(id=open_ds["id"])["name"] == "traffic-flow"  # type: ignore[attr-defined]
    closed = anon.action.package_show(id="medical-qa")  # type: ignore[attr-defined]
    assert closed["resources"] == [] and closed["num_resources"] == 0  # no data links
    extras = {e["key"]: e["value"] for e in closed["extras"]}
    assert extras["open_tier"] == "conditional" and extras["apply_url"].endswith("/apply")
    with ckanapi.RemoteCKAN(site.url, apikey=site.tokens["owner"]) as owner:
        own = owner.action.package_show(id="medical-qa")
        assert [r["format"] for r in own["resources"]] == ["JSONL", "PARQUET", "CSV"]
        hidden = own["resources"][0]["id"]
        assert owner.action.resource_show(id=hidden)["url"].endswith("format=jsonl")
    with pytest.raises(ckanapi.NotAuthorized):
        anon.action.resource_show(id=hidden)  # type: ignore[attr-defined]
    with ckanapi.RemoteCKAN(site.url, apikey=site.tokens["other"]) as other:
        assert other.action.package_show(id="medical-qa")["resources"] == []
        with pytest.raises(ckanapi.NotAuthorized):
            other.action.resource_show(id=hidden)
    core = anon.action.package_show(id="street-core")  # type: ignore[attr-defined]
    assert core["resources"] == [] and core["isopen"] is False


def test_organizations_groups_tags_and_resources(anon: object) -> None:
    by_title = anon.action.organization_list()  # type: ignore[attr-defined]
    assert by_title == ["sh-data", "ai-lab"]  # CKAN's default: title asc (上海… < 人工…)
    assert anon.action.organization_list(sort="name asc") == ["ai-lab", "sh-data"]  # type: ignore[attr-defined]
    full = anon.action.organization_list(all_fields=True, sort="package_count desc")  # type: ignore[attr-defined]
    assert {o["name"]: o["package_count"] for o in full} == {"ai-lab": 2, "sh-data": 2}
    assert all(o["is_organization"] and o["type"] == "organization" for o in full)
    shown = anon.action.organization_show(id="sh-data", include_datasets=True)  # type: ignore[attr-defined]
    assert shown["title"] == "上海市数据局"
    assert [p["name"] for p in shown["packages"]] == ["street-core", "traffic-flow"]
    assert anon.action.group_list() == ["交通", "医疗", "语言"]  # type: ignore[attr-defined]
    assert sorted(anon.action.tag_list()) == ["交通", "医疗", "时空数据", "预训练"]  # type: ignore[attr-defined]
    assert anon.action.tag_list(query="数据") == ["时空数据"]  # type: ignore[attr-defined]
    doc = anon.action.package_show(id="traffic-flow")["resources"][0]  # type: ignore[attr-defined]
    assert anon.action.resource_show(id=doc["id"])["name"] == "数据标准"  # type: ignore[attr-defined]


def test_errors_become_ckanapi_exceptions(site: Site, anon: object) -> None:
    with pytest.raises(ckanapi.NotFound):
        anon.action.package_show(id="no-such-dataset")  # type: ignore[attr-defined]
    with pytest.raises(ckanapi.NotFound):
        anon.action.organization_show(id="nobody")  # type: ignore[attr-defined]
    with pytest.raises(ckanapi.ValidationError) as bad:
        anon.action.package_search(rows="many")  # type: ignore[attr-defined]
    assert "rows" in bad.value.error_dict
    with pytest.raises(ckanapi.ValidationError) as unknown:
        anon.action.package_show(id="zh-corpus", grde="x")  # type: ignore[attr-defined]
    assert "grde" in str(unknown.value.error_dict["grde"])
    with pytest.raises(ckanapi.SearchQueryError, match="owner"):
        anon.action.package_search(fq="owner:me")  # type: ignore[attr-defined]
    with (pytest.raises(ckanapi.NotAuthorized),
          ckanapi.RemoteCKAN(site.url, apikey="not-a-token") as wrong):
        wrong.action.package_list()
    with pytest.raises(ckanapi.CKANAPIError, match="Action name not known"):
        anon.call_action("package_create", {"name": "x"})  # type: ignore[attr-defined]


def test_get_only_reads_the_same(site: Site) -> None:
    with ckanapi.RemoteCKAN(site.url, get_only=True) as ckan:
        found = ckan.action.package_search(q="时空", **{"facet.field": '["tags"]'})
        assert [p["name"] for p in found["results"]] == ["traffic-flow"]
        assert found["facets"]["tags"] == {"交通": 1, "时空数据": 1}
