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
from typing import Any

import pytest

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
from jingshu.sandbox import declare, parse_declaration
from tests.factories import make_dataset
from tests.sandbox.helpers import DECLARATION, patients
from tests.web.authz import Cell, World, matrix_world, parse_matrix, routes_of
from tests.web.helpers import API

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

ROUTES = routes_of(TABLE)
CELLS = parse_matrix(TABLE, ROLES)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[World]:
    with matrix_world(tmp_path_factory.mktemp("authz-sandbox"), _template_db, prefix="s") as w:
        yield w


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
                         ids=[c.id for c in CELLS])
def test_sandbox_authorization(world: World, cell: Cell) -> None:
    url = API + cell.path.format(**_fresh(world, cell.state or "-"))
    response = world.client.request(cell.method, url, headers=world.headers[cell.role],
                                    **_body(cell))
    assert response.status_code == cell.status, response.text[:300]
