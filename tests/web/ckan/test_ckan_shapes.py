"""The CKAN API's answers have CKAN 2.10's documented shapes (envelope, dicts, errors)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.ckan.conftest import Site

# keys of CKAN 2.10's package_show / resource_show / organization_show dictionaries
PACKAGE_KEYS = {"id", "name", "title", "notes", "type", "state", "private", "isopen",
                "license_id", "license_title", "url", "version", "author", "author_email",
                "maintainer", "maintainer_email", "creator_user_id", "metadata_created",
                "metadata_modified", "owner_org", "organization", "groups", "tags", "num_tags",
                "resources", "num_resources", "extras", "relationships_as_object",
                "relationships_as_subject"}
RESOURCE_KEYS = {"id", "package_id", "name", "description", "format", "url", "position",
                 "mimetype", "size", "created", "last_modified", "metadata_modified", "hash",
                 "state", "url_type", "resource_type", "mimetype_inner", "cache_url",
                 "cache_last_updated", "datastore_active"}
ORG_KEYS = {"id", "name", "title", "display_name", "description", "image_url",
            "image_display_url", "created", "is_organization", "approval_status", "state",
            "type", "package_count"}
TAG_KEYS = {"id", "name", "display_name", "state", "vocabulary_id"}


def ok(site: Site, action: str, **params: Any) -> Any:
    response = site.client.get(f"/api/3/action/{action}", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"help", "success", "result"} and body["success"] is True
    assert body["help"].endswith(f"/api/3/action/help_show?name={action}")
    return body["result"]


def failed(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"help", "success", "error"} and body["success"] is False
    assert body["error"]["__type"] == kind
    error: dict[str, Any] = body["error"]
    return error


def test_package_resource_organization_and_tag_shapes(site: Site) -> None:
    package = ok(site, "package_show", id="traffic-flow")
    assert set(package) == PACKAGE_KEYS
    assert package["type"] == "dataset" and package["state"] == "active"
    assert package["metadata_created"].count(":") == 2 and "." in package["metadata_created"]
    assert package["num_resources"] == len(package["resources"]) == 4
    assert all(set(r) == RESOURCE_KEYS for r in package["resources"])
    assert all(r["package_id"] == package["id"] for r in package["resources"])
    assert set(package["organization"]) == ORG_KEYS
    assert package["owner_org"] == package["organization"]["id"]
    assert [t["name"] for t in package["tags"]] == ["交通", "时空数据"]
    assert all(set(t) == TAG_KEYS for t in package["tags"])
    assert package["groups"][0]["name"] == "交通" and package["license_id"] == "CC-BY-4.0"
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["open_tier"] == "unconditional" and extras["grade"] == "general"
    assert ok(site, "help_show", name="package_search").startswith("Search datasets")


def test_search_result_shape(site: Site) -> None:
    result = ok(site, "package_search", q="*:*", **{"facet.field": '["tier","license_id"]'})
    assert set(result) == {"count", "results", "sort", "facets", "search_facets"}
    assert result["count"] == 4 and len(result["results"]) == 4
    assert result["sort"] == "score desc, metadata_modified desc"
    assert result["facets"]["tier"] == {"unconditional": 2, "conditional": 1, "not_open": 1}
    assert result["search_facets"]["license_id"] == {
        "title": "license_id",
        "items": [{"name": "CC-BY-4.0", "display_name": "CC-BY-4.0", "count": 1}]}
    unfaceted = ok(site, "package_search", rows=0)
    assert unfaceted["facets"] == {} and unfaceted["search_facets"] == {}


def test_anonymous_post_with_a_json_body(site: Site) -> None:
    response = site.client.post("/api/3/action/package_search",
                                json={"fq": "tier:conditional", "rows": 5})
    assert response.status_code == 200, response.text
    assert [p["name"] for p in response.json()["result"]["results"]] == ["medical-qa"]
    bearer = {"Authorization": f"Bearer {site.tokens['owner']}"}
    own = site.client.post("/api/action/package_show", json={"id": "medical-qa"},
                           headers=bearer).json()["result"]
    assert own["num_resources"] == 3  # the owner may download: data resources listed


@pytest.mark.parametrize(("call", "status", "kind", "says"), [
    (("GET", "package_show", {"id": "missing"}), 404, "Not Found Error", "Not found: "),
    (("GET", "package_create", {}), 400, "Bad Request", "Action name not known"),
    (("GET", "package_search", {"sort": "size desc"}), 400, "Search Query Error", "size desc"),
    (("GET", "package_search", {"fq": "tier:open"}), 400, "Search Query Error", "tier:open"),
    (("GET", "package_search", {"rows": "5000"}), 409, "Validation Error", "rows"),
    (("GET", "package_show", {}), 409, "Validation Error", "id"),
    (("POST", "package_show", "[1, 2]"), 400, "Bad Request", "JSON object"),
    (("POST", "package_show", "{nope"), 400, "Bad Request", "JSON Error"),
])
def test_errors_have_ckan_shapes(site: Site, call: tuple[str, str, Any], status: int,
                                 kind: str, says: str) -> None:
    method, action, params = call
    url = f"/api/3/action/{action}"
    response = (site.client.get(url, params=params) if method == "GET" else
                site.client.post(url, content=params,
                                 headers={"Content-Type": "application/json"}))
    error = failed(response, status, kind)
    assert says in error["message"], error


def test_refusals_are_authorization_errors(site: Site) -> None:
    owner = {"X-CKAN-API-Key": site.tokens["owner"]}
    package = site.client.get("/api/3/action/package_show", params={"id": "medical-qa"},
                              headers=owner).json()["result"]
    data_id = package["resources"][0]["id"]
    refused = site.client.get("/api/3/action/resource_show", params={"id": data_id})
    assert "medical-qa" in failed(refused, 403, "Authorization Error")["message"]
    wrong = site.client.get("/api/3/action/status_show", headers={"Authorization": "js_bad"})
    failed(wrong, 403, "Authorization Error")
