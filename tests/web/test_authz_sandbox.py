"""Who may call which sandbox endpoint: route × role × grant state, written out.

Roles: ``anon``; ``cons`` (holder of the grant); ``anno`` (another signed-in user);
``own`` (publisher of the dataset's organization); ``other`` (publisher of another
organization); ``admin``. States: ``active``, ``revoked``, ``expired`` (``cons``'s grant
on a fresh core/L4, not-open dataset with a declared sandbox). Every cell gets fresh
objects, so one cell's spending cannot decide another's answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, NamedTuple

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset
from jingshu.circulation import (
    AgreementKind,
    Application,
    GrantTerms,
    apply,
    approve,
    set_agreement,
)
from jingshu.platform import Platform
from jingshu.sandbox import declare, parse_declaration
from jingshu.web.app import create_app
from tests.conftest import fresh_platform
from tests.factories import make_dataset, make_org
from tests.sandbox.helpers import DECLARATION, patients
from tests.web.helpers import API, role_headers

ROLES = ("anon", "cons", "anno", "own", "other", "admin")

TABLE = """
method path                          state    anon cons anno own  other admin
GET    /sandbox/{name}/declaration   active   401  200  200  200  200   200
PUT    /sandbox/{name}/declaration   active   401  403  403  200  403   200
POST   /sandbox/{name}/queries       active   401  201  403  403  403   403
POST   /sandbox/{name}/queries       revoked  401  403  403  403  403   403
POST   /sandbox/{name}/queries       expired  401  403  403  403  403   403
GET    /sandbox/{name}/queries       active   401  200  200  200  200   200
GET    /sandbox/{name}/budget        active   401  200  200  200  200   200
"""

ROUTES: set[tuple[str, str]] = {
    (line.split()[0], line.split()[1]) for line in TABLE.strip().splitlines()[1:]}


class Cell(NamedTuple):
    method: str
    path: str
    state: str
    role: str
    status: int


CELLS = [Cell(m, p, st, role, int(code))
         for m, p, st, *codes in (line.split() for line in TABLE.strip().splitlines()[1:])
         for role, code in zip(ROLES, codes, strict=True)]


class World(NamedTuple):
    platform: Platform
    client: TestClient
    headers: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[World]:
    home = tmp_path_factory.mktemp("authz-sandbox")
    platform = fresh_platform(home, _template_db)
    make_org(platform, "own-org")
    make_org(platform, "other-org")
    roles = {"cons": (Role.CONSUMER, None), "anno": (Role.ANNOTATOR, None),
             "own": (Role.PUBLISHER, "own-org"), "other": (Role.PUBLISHER, "other-org"),
             "admin": (Role.ADMIN, None)}
    headers = role_headers(platform, roles, prefix="s")
    with TestClient(create_app(platform)) as client:
        yield World(platform, client, headers)
    platform.close()


_n = itertools.count(1)


def _fresh(world: World, state: str) -> dict[str, Any]:
    name = f"s{next(_n)}-{state}"
    make_dataset(world.platform, name=name, tier=OpenTier.NOT_OPEN, organization="own-org",
                 rows=patients(40), grade=Grade.CORE, sensitivity=Sensitivity.L4)
    with world.platform.session() as s:
        ds = get_dataset(s, name)
        for kind in AgreementKind:
            set_agreement(s, ds, kind, "条款", actor="t")
        req = apply(s, ds, get_user(s, "s-cons"), Application("机构", "研究", "科研", 30, 1, 1))
        grant = approve(s, req, GrantTerms(quota=1), actor="t")
        grant.revoked = state == "revoked"
        if state == "expired":
            grant.expires_at -= timedelta(days=60)
        declare(s, ds, parse_declaration(DECLARATION), actor="t")
    return {"name": name}


def _body(cell: Cell) -> dict[str, Any]:
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("PUT", "/sandbox/{name}/declaration"): {"json": DECLARATION},
        ("POST", "/sandbox/{name}/queries"): {"json": {"aggregate": "count", "epsilon": 0.5}},
    }
    return bodies.get((cell.method, cell.path), {})


@pytest.mark.parametrize("cell", CELLS,
                         ids=[f"{c.method} {c.path} [{c.state}] {c.role}" for c in CELLS])
def test_sandbox_authorization(world: World, cell: Cell) -> None:
    url = API + cell.path.format(**_fresh(world, cell.state))
    response = world.client.request(cell.method, url, headers=world.headers[cell.role],
                                    **_body(cell))
    assert response.status_code == cell.status, response.text[:300]
