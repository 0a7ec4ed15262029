"""Who may call which annotation endpoint: route × role, written out.

Roles: ``anon``; ``cons`` (a consumer); ``mem`` (an annotator who joined the
project); ``anno`` (an annotator who did not); ``own`` (publisher of the dataset's
organization, which owns the project); ``other`` (publisher of another organization);
``admin``. Every cell gets a fresh project (``mem`` joined; with a lease or an answer
of ``mem`` where the route needs one), so one cell's write cannot decide another's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item
from jingshu.annotate.projects import ProjectSpec, create_project, join_project
from jingshu.catalog.service import get_version
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.conftest import fresh_platform
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, role_headers

ROLES = ("anon", "cons", "mem", "anno", "own", "other", "admin")

TABLE = """
method path                                      anon cons mem  anno own  other admin
GET    /projects                                 401  200  200  200  200  200   200
POST   /projects                                 401  403  403  403  201  403   201
GET    /projects/{name}                          401  403  200  403  200  403   200
POST   /projects/{name}/join                     401  403  200  200  403  403   403
POST   /projects/{name}/next                     401  403  200  403  403  403   403
POST   /projects/{name}/answers                  401  403  201  403  403  403   403
POST   /projects/{name}/skip                     401  403  204  403  403  403   403
GET    /projects/{name}/annotators               401  403  403  403  200  403   200
GET    /projects/{name}/review                   401  403  403  403  200  403   200
POST   /projects/{name}/answers/{answer_id}/review 401 403 403  403  200  403   200
POST   /projects/{name}/export                   401  403  403  403  201  403   201
GET    /projects/{name}/labels                   401  403  403  403  200  403   200
POST   /projects/{name}/close                    401  403  403  403  204  403   204
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
SCHEMA = {"kind": "single", "labels": ["正面", "负面"]}


class World(NamedTuple):
    platform: Platform
    client: TestClient
    headers: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[World]:
    home = tmp_path_factory.mktemp("authz-annotate")
    platform = fresh_platform(home, _template_db)
    make_org(platform, "own-org")
    make_org(platform, "other-org")
    roles = {"cons": (Role.CONSUMER, None), "mem": (Role.ANNOTATOR, None),
             "anno": (Role.ANNOTATOR, None), "own": (Role.PUBLISHER, "own-org"),
             "other": (Role.PUBLISHER, "other-org"), "admin": (Role.ADMIN, None)}
    headers = role_headers(platform, roles, prefix="a")
    make_dataset(platform, name="reviews", organization="own-org")
    with TestClient(create_app(platform)) as client:
        yield World(platform, client, headers)
    platform.close()


_n = itertools.count(1)


def _fresh(world: World, cell: Cell) -> dict[str, Any]:
    """A new project that ``a-mem`` joined, with what ``cell``'s route acts on."""
    name = f"p{next(_n)}"
    out: dict[str, Any] = {"name": name, "answer_id": 0, "lease_id": 0}
    with world.platform.session() as s:
        project = create_project(s, world.platform.store, get_version(s, "reviews"),
                                 ProjectSpec(name=name, title="情感", label_schema=SCHEMA,
                                             overlap=1), actor="t")
        join_project(s, project, "a-mem", actor="t")
        if cell.path.endswith(("/answers", "/skip", "/review", "/export", "/labels")):
            got = next_item(s, project, "a-mem")
            assert got is not None
            out["lease_id"] = got.lease_id
            if not cell.path.endswith(("/answers", "/skip")):
                out["answer_id"] = submit_answer(s, project, "a-mem", got.lease_id,
                                                 "正面").answer_id
    return out


def _body(cell: Cell, ids: dict[str, Any]) -> dict[str, Any]:
    bodies: dict[str, dict[str, Any]] = {
        "/projects": {"name": f"new{next(_n)}", "dataset": "reviews", "label_schema": SCHEMA},
        "/projects/{name}/answers": {"lease_id": ids["lease_id"], "value": "正面"},
        "/projects/{name}/skip": {"lease_id": ids["lease_id"], "reason": "看不懂"},
        "/projects/{name}/answers/{answer_id}/review": {"accept": True},
    }
    return {"json": bodies[cell.path]} if cell.path in bodies and cell.method == "POST" else {}


@pytest.mark.parametrize("cell", CELLS, ids=[f"{c.method} {c.path} {c.role}" for c in CELLS])
def test_annotation_authorization(world: World, cell: Cell) -> None:
    ids = _fresh(world, cell)
    url = API + cell.path.format(**ids)
    response = world.client.request(cell.method, url, headers=world.headers[cell.role],
                                    **_body(cell, ids))
    assert response.status_code == cell.status, response.text[:300]
    if cell.status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if cell.status == 401 else "forbidden")
