"""Who may register, list and decide registrations, and make organization admins.

Roles: ``anon``, ``consumer`` (member of ``reg-a``), ``orgadmin`` (organization admin of
``reg-a``, where the registrations are), ``other`` (organization admin of ``reg-b``),
``admin``. Each cell acts on a fresh pending registration into ``reg-a``.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.accounts.registration import register, set_org_admin
from jingshu.accounts.service import get_user
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_org, make_user
from tests.web.helpers import API, bearer, error_of

ROUTES = {("POST", "/auth/register"), ("GET", "/registrations"),
          ("POST", "/registrations/{registration_id}"), ("PUT", "/users/{username}/org-admin")}

ROLES = ("anon", "consumer", "orgadmin", "other", "admin")
MATRIX = {  # expected status per role, in ROLES order
    ("POST", "/auth/register"): (201, 201, 201, 201, 201),
    ("GET", "/registrations"): (401, 403, 200, 200, 200),
    ("POST", "/registrations/{registration_id}"): (401, 403, 200, 403, 200),
    ("PUT", "/users/{username}/org-admin"): (401, 403, 403, 403, 200),
}
_n = itertools.count(1)


def _world(platform: Platform) -> dict[str, dict[str, str]]:
    make_org(platform, "reg-a")
    make_org(platform, "reg-b")
    make_user(platform, Role.CONSUMER, name="m-consumer", organization="reg-a")
    make_user(platform, Role.PUBLISHER, name="m-orgadmin", organization="reg-a")
    make_user(platform, Role.PUBLISHER, name="m-other", organization="reg-b")
    make_user(platform, Role.ADMIN, name="m-admin")
    with platform.session() as s:
        for name in ("m-orgadmin", "m-other"):
            set_org_admin(s, get_user(s, name), True, actor="test")
        s.commit()
    return {"anon": {}} | {r: bearer(platform, f"m-{r}") for r in ROLES[1:]}


def _pending(platform: Platform) -> int:
    with platform.session() as s:
        reg = register(s, f"applicant-{next(_n)}", PASSWORD, "reg-a")
        s.commit()
        return reg.id


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_registration_rights(platform: Platform, client: TestClient,
                             route: tuple[str, str]) -> None:
    headers = _world(platform)
    method, path = route
    for role, expected in zip(ROLES, MATRIX[route], strict=True):
        body: dict[str, Any] = {}
        url = path.format(registration_id=_pending(platform), username="m-consumer")
        if path == "/auth/register":
            body = {"json": {"username": f"self-{next(_n)}", "password": PASSWORD,
                             "organization": "reg-a"}}
        elif method == "POST":
            body = {"json": {"approve": True, "role": "annotator"}}
        elif method == "PUT":
            body = {"json": {"org_admin": True}}
        client.cookies.clear()
        response = client.request(method, f"{API}{url}", headers=headers[role], **body)
        assert response.status_code == expected, (role, response.text[:300])
        if expected in (401, 403):
            error_of(response)


def test_org_admin_sees_only_its_organization(platform: Platform, client: TestClient) -> None:
    headers = _world(platform)
    _pending(platform)
    with platform.session() as s:
        register(s, "into-b", PASSWORD, "reg-b")
        s.commit()
    seen = {role: {r["username"] for r in client.get(f"{API}/registrations",
                                                      headers=headers[role]).json()}
            for role in ("orgadmin", "other", "admin")}
    assert seen["other"] == {"into-b"} and "into-b" not in seen["orgadmin"]
    assert seen["admin"] == seen["orgadmin"] | seen["other"]


def test_rejection_without_reason_names_the_field(platform: Platform,
                                                  client: TestClient) -> None:
    headers = _world(platform)
    reg = _pending(platform)
    response = client.post(f"{API}/registrations/{reg}", headers=headers["orgadmin"],
                           json={"approve": False})
    assert response.status_code == 400 and "reason" in str(error_of(response)["message"])
