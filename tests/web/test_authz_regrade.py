"""Who may call which regrade endpoint: route × role, written out.

Roles: ``anon``; ``cons`` (a consumer); ``own`` (publisher of the dataset's
organization, who made the request); ``other`` (publisher of another organization);
``off`` (the platform's data officer, no organization); ``orgoff`` (the owning
organization's data officer); ``xoff`` (another organization's data officer);
``admin``. Every cell gets a fresh core/L4 dataset and, where the route needs one, a
fresh pending request by ``own``, so one cell's decision cannot decide another's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset, update_dataset
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.conftest import fresh_platform
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, role_headers

ROLES = ("anon", "cons", "own", "other", "off", "orgoff", "xoff", "admin")

TABLE = """
method path                                   anon cons own  other off  orgoff xoff admin
POST   /regrade-requests                      401  403  202  403   403  403    403  202
GET    /regrade-requests                      401  403  200  200   200  200    200  200
GET    /regrade-requests/{request_id}         401  403  200  403   200  200    403  200
POST   /regrade-requests/{request_id}/approve 401  403  403  403   200  200    403  200
POST   /regrade-requests/{request_id}/reject  401  403  403  403   200  200    403  200
"""

ROUTES: set[tuple[str, str]] = {
    (line.split()[0], line.split()[1]) for line in TABLE.strip().splitlines()[1:]}


class Cell(NamedTuple):
    method: str
    path: str
    role: str
    status: int


CELLS = [Cell(m, p, role, int(code))
         for m, p, *codes in (line.split() for line in TABLE.strip().splitlines()[1:])
         for role, code in zip(ROLES, codes, strict=True)]


class World(NamedTuple):
    platform: Platform
    client: TestClient
    headers: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[World]:
    home = tmp_path_factory.mktemp("authz-regrade")
    platform = fresh_platform(home, _template_db)
    make_org(platform, "own-org")
    make_org(platform, "other-org")
    roles = {"cons": (Role.CONSUMER, None), "own": (Role.PUBLISHER, "own-org"),
             "other": (Role.PUBLISHER, "other-org"), "off": (Role.DATA_OFFICER, None),
             "orgoff": (Role.DATA_OFFICER, "own-org"),
             "xoff": (Role.DATA_OFFICER, "other-org"), "admin": (Role.ADMIN, None)}
    headers = role_headers(platform, roles, prefix="r")
    with TestClient(create_app(platform)) as client:
        yield World(platform, client, headers)
    platform.close()


_n = itertools.count(1)


def _fresh(world: World) -> dict[str, Any]:
    """A core/L4 dataset of own-org and a pending request by its publisher ``r-own``."""
    name = f"r{next(_n)}"
    make_dataset(world.platform, name=name, tier=OpenTier.NOT_OPEN, organization="own-org",
                 grade=Grade.CORE, sensitivity=Sensitivity.L4)
    with world.platform.session() as s:
        change = update_dataset(s, get_dataset(s, name), actor="r-own", reason="已脱敏",
                                sensitivity=Sensitivity.L3)
        assert change.regrade is not None
        return {"name": name, "request_id": change.regrade.id}


def _body(world: World, cell: Cell) -> dict[str, Any]:
    if cell.path == "/regrade-requests" and cell.method == "POST":
        # a dataset without a pending request, so the POST can open one
        name = f"r{next(_n)}"
        make_dataset(world.platform, name=name, tier=OpenTier.NOT_OPEN,
                     organization="own-org", grade=Grade.CORE, sensitivity=Sensitivity.L4)
        return {"json": {"dataset": name, "grade": "important", "reason": "降级申请"}}
    if cell.path.endswith(("/approve", "/reject")):
        return {"json": {"note": "审批意见"}}
    return {}


@pytest.mark.parametrize("cell", CELLS, ids=[f"{c.method} {c.path} {c.role}" for c in CELLS])
def test_regrade_authorization(world: World, cell: Cell) -> None:
    url = API + cell.path.format(**_fresh(world))
    response = world.client.request(cell.method, url, headers=world.headers[cell.role],
                                    **_body(world, cell))
    assert response.status_code == cell.status, response.text[:300]
    if cell.status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if cell.status == 401 else "forbidden")
