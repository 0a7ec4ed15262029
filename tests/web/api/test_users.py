"""/api/v1/users and /api/v1/organizations."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.factories import make_org
from tests.web.helpers import API, as_role, error_of


def test_admin_creates_and_lists_users(platform: Platform, client: TestClient) -> None:
    make_org(platform, "gz-data")
    admin = as_role(platform, Role.ADMIN, name="root")
    created = client.post(f"{API}/users", headers=admin, json={
        "username": "alice", "password": "long-enough-1", "role": "publisher",
        "organization": "gz-data"})
    assert created.status_code == 201, created.text
    assert created.json()["organization"] == "gz-data"
    assert "password" not in created.text and "long-enough-1" not in created.text
    listed = client.get(f"{API}/users", headers=admin).json()
    assert [(u["username"], u["role"]) for u in listed] == [("alice", "publisher"),
                                                           ("root", "admin")]
    login = client.post(f"{API}/auth/login", json={"username": "alice",
                                                   "password": "long-enough-1"})
    assert login.status_code == 200


def test_user_creation_errors(platform: Platform, client: TestClient) -> None:
    admin = as_role(platform, Role.ADMIN, name="root")
    short = client.post(f"{API}/users", headers=admin,
                        json={"username": "bob", "password": "short", "role": "consumer"})
    assert short.status_code == 400
    assert "password" in str(error_of(short)["message"])
    taken = client.post(f"{API}/users", headers=admin,
                        json={"username": "root", "password": "long-enough-1", "role": "admin"})
    assert taken.status_code == 409
    no_org = client.post(f"{API}/users", headers=admin, json={
        "username": "carol", "password": "long-enough-1", "role": "publisher",
        "organization": "nowhere"})
    assert no_org.status_code == 404
    bad_role = client.post(f"{API}/users", headers=admin,
                           json={"username": "dan", "password": "long-enough-1", "role": "boss"})
    assert bad_role.status_code == 400
    assert "role" in str(error_of(bad_role)["message"])


def test_non_admins_cannot_manage_users(platform: Platform, client: TestClient) -> None:
    publisher = as_role(platform, Role.PUBLISHER)
    response = client.get(f"{API}/users", headers=publisher)
    assert response.status_code == 403
    assert error_of(response)["message"] == "only administrators manage users"
    assert client.get(f"{API}/users").status_code == 401


def test_organizations(platform: Platform, client: TestClient) -> None:
    admin = as_role(platform, Role.ADMIN)
    created = client.post(f"{API}/organizations", headers=admin,
                          json={"name": "sz-data", "title": "深圳数据交易所"})
    assert created.status_code == 201
    assert client.post(f"{API}/organizations", headers=admin,
                       json={"name": "sz-data"}).status_code == 409
    listed = client.get(f"{API}/organizations")  # anyone may list them
    assert [(o["name"], o["title"]) for o in listed.json()] == [("sz-data", "深圳数据交易所")]
    consumer = as_role(platform, Role.CONSUMER)
    assert client.post(f"{API}/organizations", headers=consumer,
                       json={"name": "mine"}).status_code == 403
