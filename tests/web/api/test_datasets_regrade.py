"""Declassification through the API: a PATCH that lowers protection waits for approval."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, Headers, as_role, error_of

DECLASSIFY = {"open_tier": "unconditional", "grade": "general", "sensitivity": "L1"}


def _secret_dataset(platform: Platform) -> tuple[Headers, str]:
    org = make_org(platform)
    make_dataset(platform, name="secret", organization=org.name, tier=OpenTier.NOT_OPEN,
                 grade=Grade.CORE, sensitivity=Sensitivity.L4)
    return as_role(platform, Role.PUBLISHER, organization=org.name), org.name


def test_declassifying_patch_is_202_and_anonymous_preview_stays_closed(
        platform: Platform, client: TestClient) -> None:
    publisher, _org = _secret_dataset(platform)
    response = client.patch(f"{API}/datasets/secret", headers=publisher,
                            json={**DECLASSIFY, "reason": "已完成脱敏"})
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "pending" and body["to_tier"] == "unconditional"
    assert body["from_grade"] == "core" and body["reason"] == "已完成脱敏"
    assert client.get(f"{API}/datasets/secret/versions/1/preview").status_code == 401
    assert client.get(f"{API}/datasets/secret").json()["open_tier"] == "not_open"

    officer = as_role(platform, Role.DATA_OFFICER, name="officer")
    queue = client.get(f"{API}/regrade-requests?status=pending", headers=officer).json()
    assert [r["id"] for r in queue] == [body["id"]]
    approved = client.post(f"{API}/regrade-requests/{body['id']}/approve", headers=officer,
                           json={"note": "同意"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["decided_by"] == "officer"
    assert client.get(f"{API}/datasets/secret/versions/1/preview").status_code == 200


def test_lowering_without_reason_is_400(platform: Platform, client: TestClient) -> None:
    publisher, _org = _secret_dataset(platform)
    response = client.patch(f"{API}/datasets/secret", headers=publisher, json=DECLASSIFY)
    assert response.status_code == 400
    assert "needs a reason" in str(error_of(response)["message"])


def test_raising_patch_applies_at_once(platform: Platform, client: TestClient) -> None:
    org = make_org(platform)
    make_dataset(platform, name="open", organization=org.name)
    publisher = as_role(platform, Role.PUBLISHER, organization=org.name)
    response = client.patch(f"{API}/datasets/open", headers=publisher,
                            json={"open_tier": "not_open", "grade": "core", "sensitivity": "L4"})
    assert response.status_code == 200, response.text
    assert response.json()["grade"] == "core"


def test_requester_and_publishers_cannot_approve(platform: Platform,
                                                 client: TestClient) -> None:
    admin = as_role(platform, Role.ADMIN, name="boss")
    publisher, org = _secret_dataset(platform)
    made = client.post(f"{API}/regrade-requests", headers=admin,
                       json={"dataset": "secret", **DECLASSIFY, "reason": "公开审查通过"})
    assert made.status_code == 202, made.text
    rid = made.json()["id"]
    own = client.post(f"{API}/regrade-requests/{rid}/approve", headers=admin, json={})
    assert own.status_code == 403 and "second person" in str(error_of(own)["message"])
    assert client.post(f"{API}/regrade-requests/{rid}/approve", headers=publisher,
                       json={}).status_code == 403
    assert client.get(f"{API}/regrade-requests", headers=publisher).status_code == 200
    other = as_role(platform, Role.PUBLISHER, organization=make_org(platform).name)
    assert client.get(f"{API}/regrade-requests", headers=other).json() == []
    assert client.get(f"{API}/regrade-requests/{rid}", headers=other).status_code == 403
    assert client.get(f"{API}/regrade-requests").status_code == 401
    officer = as_role(platform, Role.DATA_OFFICER, organization=org)
    rejected = client.post(f"{API}/regrade-requests/{rid}/reject", headers=officer,
                           json={"note": "尚未脱敏"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    again = client.post(f"{API}/regrade-requests/{rid}/approve", headers=admin, json={})
    assert again.status_code in (403, 409)
    assert client.get(f"{API}/datasets/secret").json()["grade"] == "core"


def test_post_that_does_not_lower_is_400(platform: Platform, client: TestClient) -> None:
    publisher, _org = _secret_dataset(platform)
    response = client.post(f"{API}/regrade-requests", headers=publisher,
                           json={"dataset": "secret", "grade": "core", "reason": "x"})
    assert response.status_code == 400


def test_patch_with_nulls_is_400_naming_the_fields(platform: Platform,
                                                   client: TestClient) -> None:
    org = make_org(platform)
    make_dataset(platform, name="plain", organization=org.name)
    publisher = as_role(platform, Role.PUBLISHER, organization=org.name)
    response = client.patch(f"{API}/datasets/plain", headers=publisher,
                            json={"description": None, "keywords": None, "grade": None})
    assert response.status_code == 400, response.text
    message = str(error_of(response)["message"])
    assert "description" in message and "keywords" in message and "grade" in message
