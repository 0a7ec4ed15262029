"""Who may call the two-step login (TOTP) endpoints: route × role, written out.

Every cell gets a fresh user of its role; for an admin, ``verify`` runs after an
enrolment and ``disable`` after a confirmed one, with a current code, so each cell
shows what its role may do and not what an earlier cell left behind.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.accounts.second_factor import confirm_totp, enrol_totp
from jingshu.accounts.service import get_user
from jingshu.accounts.totp import totp
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.conftest import fresh_platform
from tests.factories import make_user
from tests.web.helpers import API, bearer

ROLES = {"cons": Role.CONSUMER, "anno": Role.ANNOTATOR, "pub": Role.PUBLISHER,
         "admin": Role.ADMIN}

TABLE = """
method path                 anon cons anno pub  admin
GET    /auth/totp           401  200  200  200  200
POST   /auth/totp           401  422  422  422  201
POST   /auth/totp/verify    401  404  404  404  200
POST   /auth/totp/disable   401  404  404  404  200
"""

ROUTES: set[tuple[str, str]] = {
    (line.split()[0], line.split()[1]) for line in TABLE.strip().splitlines()[1:]}


class Cell(NamedTuple):
    method: str
    path: str
    role: str
    status: int


CELLS = [Cell(method, path, role, int(status))
         for method, path, *statuses in (line.split() for line in TABLE.strip().splitlines()[1:])
         for role, status in zip(("anon", *ROLES), statuses, strict=True)]
_n = itertools.count(1)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory,
          _template_db: str) -> Iterator[tuple[Platform, TestClient]]:
    platform = fresh_platform(tmp_path_factory.mktemp("authz-auth"), _template_db)
    with TestClient(create_app(platform)) as client:
        yield platform, client
    platform.close()


def _prepare(platform: Platform, cell: Cell) -> tuple[dict[str, str], dict[str, Any]]:
    """The caller's headers and the request body for ``cell``."""
    if cell.role == "anon":
        return {}, {"json": {"code": "123456"}} if cell.method == "POST" else {}
    user = make_user(platform, ROLES[cell.role], name=f"tt-{cell.role}-{next(_n)}")
    code = "123456"
    if cell.role == "admin" and cell.path != "/auth/totp":
        with platform.session() as s:
            secret = enrol_totp(s, get_user(s, user.username), actor="test").secret
            if cell.path.endswith("disable"):
                confirm_totp(s, get_user(s, user.username), totp(secret, None), actor="test")
        code = totp(secret) if cell.path.endswith("verify") else _next_code(secret)
    body = {"json": {"code": code}} if cell.path != "/auth/totp" else {}
    return bearer(platform, user), body


def _next_code(secret: str) -> str:
    import time

    return totp(secret, time.time() + 30)  # the step after the one used to confirm


@pytest.mark.parametrize("cell", CELLS, ids=[f"{c.method} {c.path} {c.role}" for c in CELLS])
def test_totp_matrix(world: tuple[Platform, TestClient], cell: Cell) -> None:
    platform, client = world
    headers, body = _prepare(platform, cell)
    response = client.request(cell.method, f"{API}{cell.path}", headers=headers, **body)
    assert response.status_code == cell.status, response.text[:300]
