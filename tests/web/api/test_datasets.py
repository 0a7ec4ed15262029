"""/api/v1/datasets: metadata of datasets (create, list, read, change)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import OpenTier
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.helpers import API, as_role, bearer, error_of

NEWS = {"name": "zh-news", "title": "中文新闻语料", "theme": "新闻", "keywords": ["新闻", "语料"],
        "license": "CC-BY-4.0", "open_tier": "conditional", "grade": "general",
        "sensitivity": "L2"}


def test_publisher_creates_a_dataset_in_their_organization(platform: Platform,
                                                           client: TestClient) -> None:
    org = make_org(platform, "bj-data")
    headers = as_role(platform, Role.PUBLISHER, organization=org.name)
    response = client.post(f"{API}/datasets", json=NEWS, headers=headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["organization"] == "bj-data"
    assert body["open_tier"] == "conditional"
    assert body["keywords"] == ["新闻", "语料"]
    assert body["versions"] == 0 and body["latest_version"] is None
    read = client.get(f"{API}/datasets/zh-news")
    assert read.status_code == 200
    assert read.json()["title"] == "中文新闻语料"


def test_tier_rule_violation_is_422_naming_the_rule(platform: Platform,
                                                    client: TestClient) -> None:
    headers = as_role(platform, Role.ADMIN)
    body = {**NEWS, "open_tier": "unconditional", "grade": "important", "sensitivity": "L3"}
    response = client.post(f"{API}/datasets", json=body, headers=headers)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "rule_violation"
    assert "unconditional" in str(error["message"]) and "important" in str(error["message"])
    assert "not_open" in str(error["hint"]) and "conditional" in str(error["hint"])
    assert client.get(f"{API}/datasets/zh-news").status_code == 404


def test_duplicate_name_is_409(platform: Platform, client: TestClient) -> None:
    headers = as_role(platform, Role.ADMIN)
    assert client.post(f"{API}/datasets", json=NEWS, headers=headers).status_code == 201
    again = client.post(f"{API}/datasets", json=NEWS, headers=headers)
    assert again.status_code == 409
    assert "already exists" in str(error_of(again)["message"])


def test_invalid_body_is_400_naming_the_field(platform: Platform, client: TestClient) -> None:
    headers = as_role(platform, Role.ADMIN)
    response = client.post(f"{API}/datasets", json={**NEWS, "open_tier": "public"},
                           headers=headers)
    assert response.status_code == 400
    assert "open_tier" in str(error_of(response)["message"])
    bad_name = client.post(f"{API}/datasets", json={**NEWS, "name": "Bad Name"}, headers=headers)
    assert bad_name.status_code == 400
    assert "Bad Name" in str(error_of(bad_name)["message"])


def test_every_tier_is_listed_for_anonymous_visitors(platform: Platform,
                                                     client: TestClient) -> None:
    for tier in OpenTier:
        make_dataset(platform, name=f"ds-{tier.value.replace('_', '-')}", tier=tier)
    response = client.get(f"{API}/datasets")
    assert response.status_code == 200
    listed = {d["name"]: d["open_tier"] for d in response.json()}
    assert listed == {"ds-unconditional": "unconditional", "ds-conditional": "conditional",
                      "ds-not-open": "not_open"}
    assert all(d["latest_version"] == 1 for d in response.json())


def test_patch_changes_metadata_and_checks_the_rule(platform: Platform,
                                                    client: TestClient) -> None:
    org = make_org(platform)
    make_dataset(platform, name="corpus", organization=org.name)
    headers = as_role(platform, Role.PUBLISHER, organization=org.name)
    changed = client.patch(f"{API}/datasets/corpus",
                           json={"title": "新标题", "keywords": ["百科"]}, headers=headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["title"] == "新标题"
    assert changed.json()["keywords"] == ["百科"]
    refused = client.patch(f"{API}/datasets/corpus", json={"grade": "core"}, headers=headers)
    assert refused.status_code == 422
    assert "core" in str(error_of(refused)["message"])
    after = client.get(f"{API}/datasets/corpus").json()
    assert after["grade"] == "general" and after["title"] == "新标题"


def test_unknown_dataset_is_404(client: TestClient) -> None:
    response = client.get(f"{API}/datasets/missing")
    assert response.status_code == 404
    assert error_of(response)["message"] == "dataset 'missing' does not exist"


def test_publisher_cannot_publish_for_another_organization(platform: Platform,
                                                           client: TestClient) -> None:
    make_org(platform, "mine")
    make_org(platform, "theirs")
    make_user(platform, Role.PUBLISHER, name="pub-x", organization="mine")
    headers = bearer(platform, "pub-x")
    refused = client.post("/api/v1/datasets", headers=headers,
                          json={"name": "grab", "title": "x", "organization": "theirs"})
    assert refused.status_code == 403
    assert "own organization" in refused.json()["error"]["message"]
    made = client.post("/api/v1/datasets", headers=headers,
                       json={"name": "fine", "title": "x", "organization": "mine"})
    assert made.status_code == 201
    moved = client.patch("/api/v1/datasets/fine", headers=headers,
                         json={"organization": "theirs"})
    assert moved.status_code == 403


def test_croissant_file_urls_are_served(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="open-data")
    croissant = client.get("/api/v1/datasets/open-data/versions/latest/croissant").json()
    url = next(d["contentUrl"] for d in croissant["distribution"] if "contentUrl" in d)
    path = url.split("://", 1)[-1].split("/", 1)[1]
    got = client.get("/" + path)
    assert got.status_code == 200 and got.content[:4] == b"PAR1"


def test_resources_are_attached_listed_and_validated(platform: Platform,
                                                     client: TestClient) -> None:
    make_org(platform, "res-org")
    make_dataset(platform, name="with-docs", organization="res-org")
    headers = as_role(platform, Role.PUBLISHER, organization="res-org")
    bad = client.post(f"{API}/datasets/with-docs/resources", headers=headers,
                      json={"title": "标准", "url": "javascript:alert(1)"})
    assert bad.status_code == 422 and "http(s)" in error_of(bad)["message"]
    relative = client.post(f"{API}/datasets/with-docs/resources", headers=headers,
                           json={"title": "标准", "url": "//evil.example/std.pdf"})
    assert relative.status_code == 422 and "'//host'" in error_of(relative)["message"]
    made = client.post(f"{API}/datasets/with-docs/resources", headers=headers,
                       json={"title": "数据标准说明", "url": "https://example.cn/std.pdf",
                             "format": "PDF"})
    assert made.status_code == 201
    listed = client.get(f"{API}/datasets/with-docs").json()["resources"]
    assert [(r["title"], r["format"]) for r in listed] == [("数据标准说明", "PDF")]
    page = client.get("/datasets/with-docs")
    assert "数据标准说明" in page.text and "https://example.cn/std.pdf" in page.text
