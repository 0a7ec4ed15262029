"""Helpers for web tests: callers by role, login, the one error format.

Users are made with scrypt-hashed passwords (slow-ish), so tests make only the ones
they need; API calls then authenticate with a bearer token issued directly.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role, User
from jingshu.accounts.service import get_user, issue_token
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_user

__all__ = ["API", "Headers", "as_role", "bearer", "error_of", "login"]

API = "/api/v1"
Headers = dict[str, str]


def bearer(platform: Platform, user: User | str) -> Headers:
    """An ``Authorization`` header with a new API token of ``user``."""
    with platform.session() as s:
        who = get_user(s, user if isinstance(user, str) else user.username)
        issued = issue_token(s, who, "test", actor="test")
    return {"Authorization": f"Bearer {issued.secret}"}


def as_role(platform: Platform, role: Role, *, organization: str | None = None,
            name: str | None = None) -> Headers:
    """Make a user with ``role`` and return a bearer header for them."""
    return bearer(platform, make_user(platform, role, name=name, organization=organization))


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the API (the client keeps the cookie); returns the CSRF token."""
    response = client.post("/api/v1/auth/login", json={"username": username,
                                                       "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    return token


def error_of(response: Any) -> dict[str, object]:
    """The one error format: ``{"error": {code, message, hint}}`` and nothing else."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "hint"}, body
    error: dict[str, object] = body["error"]
    return error


def role_headers(platform: Platform, roles: dict[str, tuple[Role, str | None]], *,
                 prefix: str) -> dict[str, Headers]:
    """A bearer header per role key (plus ``anon``: none) for an authorization matrix."""
    headers: dict[str, Headers] = {"anon": {}}
    for key, (role, org) in roles.items():
        headers[key] = bearer(platform, make_user(platform, role, name=f"{prefix}-{key}",
                                                  organization=org))
    return headers
