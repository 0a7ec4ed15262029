"""/api/v1/auth: browser sessions, CSRF, API tokens."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from jingshu.accounts.models import ApiToken, Role
from jingshu.db.base import utcnow
from jingshu.platform import Platform
from tests.factories import make_user
from tests.web.helpers import API, as_role, bearer, error_of, login


def test_login_sets_an_httponly_lax_session_cookie(platform: Platform,
                                                   client: TestClient) -> None:
    user = make_user(platform, Role.PUBLISHER)
    response = client.post(f"{API}/auth/login", json={"username": user.username,
                                                      "password": "correct-horse-9"})
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == user.username
    assert body["role"] == "publisher"
    assert len(body["csrf_token"]) > 20
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("jingshu_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert f"Max-Age={platform.settings.session_hours * 3600}" in cookie
    me = client.get(f"{API}/auth/me")
    assert me.status_code == 200
    assert me.json() == {"username": user.username, "role": "publisher", "via": "session"}


def test_wrong_password_is_401_in_the_one_error_format(platform: Platform,
                                                       client: TestClient) -> None:
    user = make_user(platform)
    response = client.post(f"{API}/auth/login", json={"username": user.username,
                                                      "password": "wrong-password"})
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "unauthenticated"
    assert error["message"] == "wrong username or password"
    assert "jingshu_session" not in response.headers.get("set-cookie", "")
    unknown = client.post(f"{API}/auth/login", json={"username": "nobody", "password": "x" * 9})
    assert unknown.status_code == 401
    assert error_of(unknown)["message"] == "wrong username or password"


def test_expired_session_is_401(platform: Platform, client: TestClient) -> None:
    user = make_user(platform)
    login(client, user.username)
    assert client.get(f"{API}/auth/me").status_code == 200
    with platform.session() as s:
        s.execute(text("UPDATE web_sessions SET expires_at = :t"),
                  {"t": utcnow() - timedelta(minutes=1)})
    response = client.get(f"{API}/auth/me")
    assert response.status_code == 401
    assert "expired" in str(error_of(response)["message"])


def test_anonymous_me_is_401(client: TestClient) -> None:
    response = client.get(f"{API}/auth/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_cookie_writes_need_the_csrf_token(platform: Platform, client: TestClient) -> None:
    user = make_user(platform)
    csrf = login(client, user.username)
    refused = client.post(f"{API}/auth/tokens", json={"name": "cli"})
    assert refused.status_code == 403
    assert "CSRF" in str(error_of(refused)["message"])
    wrong = client.post(f"{API}/auth/tokens", json={"name": "cli"},
                        headers={"X-CSRF-Token": "not-the-token"})
    assert wrong.status_code == 403
    accepted = client.post(f"{API}/auth/tokens", json={"name": "cli"},
                           headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 201
    assert client.get(f"{API}/auth/tokens").status_code == 200  # reads need no token


def test_logout_ends_the_session(platform: Platform, client: TestClient) -> None:
    user = make_user(platform)
    csrf = login(client, user.username)
    cookie = client.cookies["jingshu_session"]
    response = client.post(f"{API}/auth/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204
    assert 'jingshu_session=""' in response.headers["set-cookie"]
    client.cookies.set("jingshu_session", cookie)
    assert client.get(f"{API}/auth/me").status_code == 401


def test_token_is_shown_once_and_stored_hashed(platform: Platform, client: TestClient) -> None:
    user = make_user(platform, Role.ANNOTATOR)
    headers = bearer(platform, user)
    created = client.post(f"{API}/auth/tokens", json={"name": "pipeline", "days": 30},
                          headers=headers)
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("js_")
    assert created.json()["expires_at"] is not None
    listed = client.get(f"{API}/auth/tokens", headers=headers)
    assert [t["name"] for t in listed.json()] == ["pipeline", "test"]  # newest first
    assert secret not in listed.text
    assert all("token" not in t for t in listed.json())
    with platform.session() as s:
        row = s.scalars(select(ApiToken).where(ApiToken.name == "pipeline")).one()
        assert secret not in (row.token_hash, row.prefix)
        stored = s.execute(text("SELECT * FROM api_tokens WHERE name = 'pipeline'")).one()
        assert all(secret not in str(value) for value in stored)
    me = client.get(f"{API}/auth/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json() == {"username": user.username, "role": "annotator", "via": "token"}


def test_revoked_token_is_401(platform: Platform, client: TestClient) -> None:
    headers = as_role(platform, Role.CONSUMER)
    created = client.post(f"{API}/auth/tokens", json={"name": "short"}, headers=headers).json()
    token_headers = {"Authorization": f"Bearer {created['token']}"}
    assert client.get(f"{API}/auth/me", headers=token_headers).status_code == 200
    deleted = client.delete(f"{API}/auth/tokens/{created['id']}", headers=headers)
    assert deleted.status_code == 204
    response = client.get(f"{API}/auth/me", headers=token_headers)
    assert response.status_code == 401
    assert error_of(response)["message"] == "the API token is not valid"
    malformed = client.get(f"{API}/auth/me", headers={"Authorization": "Basic abc"})
    assert malformed.status_code == 401


def test_only_the_owner_or_an_admin_revokes_a_token(platform: Platform,
                                                    client: TestClient) -> None:
    owner = as_role(platform, Role.CONSUMER)
    other = as_role(platform, Role.PUBLISHER)
    admin = as_role(platform, Role.ADMIN)
    first = client.post(f"{API}/auth/tokens", json={"name": "a"}, headers=owner).json()
    forbidden = client.delete(f"{API}/auth/tokens/{first['id']}", headers=other)
    assert forbidden.status_code == 403
    assert "another user" in str(error_of(forbidden)["message"])
    assert client.delete(f"{API}/auth/tokens/{first['id']}", headers=admin).status_code == 204
    assert client.delete(f"{API}/auth/tokens/99999", headers=admin).status_code == 404
