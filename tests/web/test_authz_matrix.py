"""Who may call which endpoint: every /api/v1 route × role × open tier, from one table.

The expected statuses are written out below, not computed from the policy code, so a
policy change that widens or narrows a right fails here until the table says so. A
route missing from the table fails :func:`test_every_api_route_is_in_the_matrix`.

Roles: ``anon`` (no credentials), ``consumer``, ``annotator``, ``owner`` (publisher of
the organization that owns the dataset), ``other`` (publisher of another organization),
``admin``. Tiers: ``unconditional`` (general/L1), ``conditional`` (general/L2),
``not_open`` (important/L3), ``core`` (not open, core/L4: never leaves the server).
A tier of ``-`` marks a route about no dataset; ``*`` a row that holds for every tier.
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user, issue_token
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.conftest import fresh_platform
from tests.factories import PASSWORD, make_dataset, make_org, make_user
from tests.web.authz import Cell, parse_matrix
from tests.web.helpers import API

ROLES = ("anon", "consumer", "annotator", "owner", "other", "admin")  # the table's columns

MATRIX_TABLE = """
method path                                                  tier          anon  cons  anno  own   other admin
GET    /openapi.json                                         -             200   200   200   200   200   200
POST   /auth/login                                           -             200   200   200   200   200   200
POST   /auth/logout                                          -             204   204   204   204   204   204
GET    /auth/me                                              -             401   200   200   200   200   200
POST   /auth/tokens                                          -             401   201   201   201   201   201
GET    /auth/tokens                                          -             401   200   200   200   200   200
DELETE /auth/tokens/{token_id}                               -             401   204   403   403   403   204
GET    /datasets                                             -             200   200   200   200   200   200
POST   /datasets                                             -             401   403   403   201   201   201
GET    /datasets/{name}                                      *             200   200   200   200   200   200
PATCH  /datasets/{name}                                      *             401   403   403   200   403   200
POST   /datasets/{name}/resources                            *             401   403   403   201   403   201
GET    /datasets/{name}/versions                             *             200   200   200   200   200   200
POST   /datasets/{name}/versions                             *             401   403   403   201   403   201
GET    /datasets/{name}/versions/{number}                    *             200   200   200   200   200   200
GET    /datasets/{name}/versions/{number}/preview            unconditional 200   200   200   200   200   200
GET    /datasets/{name}/versions/{number}/preview            conditional   401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/preview            not_open      401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/preview            core          401   403   403   403   403   403
GET    /datasets/{name}/versions/{number}/rows               unconditional 200   200   200   200   200   200
GET    /datasets/{name}/versions/{number}/rows               conditional   401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/rows               not_open      401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/rows               core          401   403   403   403   403   403
GET    /datasets/{name}/versions/{number}/download           unconditional 200   200   200   200   200   200
GET    /datasets/{name}/versions/{number}/download           conditional   401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/download           not_open      401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/download           core          401   403   403   403   403   403
GET    /datasets/{name}/versions/{number}/files/{shard}      unconditional 200   200   200   200   200   200
GET    /datasets/{name}/versions/{number}/files/{shard}      conditional   401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/files/{shard}      not_open      401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/files/{shard}      core          401   403   403   403   403   403
GET    /datasets/{name}/versions/{number}/dictionary         *             200   200   200   200   200   200
PUT    /datasets/{name}/versions/{number}/dictionary/{field} *             401   403   403   200   403   200
GET    /datasets/{name}/versions/{number}/lineage            *             200   200   200   200   200   200
GET    /datasets/{name}/versions/{number}/croissant          *             200   200   200   200   200   200
GET    /catalog/search                                       -             200   200   200   200   200   200
GET    /catalog/dcat                                         -             200   200   200   200   200   200
GET    /users                                                -             401   403   403   403   403   200
POST   /users                                                -             401   403   403   403   403   201
GET    /organizations                                        -             200   200   200   200   200   200
POST   /organizations                                        -             401   403   403   403   403   201
GET    /audit                                                -             401   403   403   403   403   200
GET    /audit/verify                                         -             401   403   403   403   403   200
"""  # noqa: E501

TIERS: dict[str, tuple[OpenTier, Grade, Sensitivity]] = {
    "unconditional": (OpenTier.UNCONDITIONAL, Grade.GENERAL, Sensitivity.L1),
    "conditional": (OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2),
    "not_open": (OpenTier.NOT_OPEN, Grade.IMPORTANT, Sensitivity.L3),
    "core": (OpenTier.NOT_OPEN, Grade.CORE, Sensitivity.L4),
}


CELLS = parse_matrix(MATRIX_TABLE, ROLES, list(TIERS))


@dataclass
class World:
    platform: Platform
    client: TestClient
    headers: dict[str, dict[str, str]]
    users: dict[str, str]
    app: FastAPI


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[World]:
    """One platform for the whole matrix: two organizations, a user per role, a dataset per tier."""
    home = tmp_path_factory.mktemp("authz-home")
    platform = fresh_platform(home, _template_db)
    make_org(platform, "owner-org")
    make_org(platform, "other-org")
    roles = {"consumer": (Role.CONSUMER, None), "annotator": (Role.ANNOTATOR, None),
             "owner": (Role.PUBLISHER, "owner-org"), "other": (Role.PUBLISHER, "other-org"),
             "admin": (Role.ADMIN, None)}
    users = {key: make_user(platform, role, name=f"m-{key}", organization=org).username
             for key, (role, org) in roles.items()}
    headers = {"anon": {}} | {key: _bearer(platform, name) for key, name in users.items()}
    for key, (tier, grade, level) in TIERS.items():
        make_dataset(platform, name=f"ds-{key.replace('_', '-')}", tier=tier, grade=grade,
                     sensitivity=level, organization="owner-org")
    app = create_app(platform)
    with TestClient(app) as client:
        yield World(platform, client, headers, users, app)
    platform.close()


def _bearer(platform: Platform, username: str) -> dict[str, str]:
    with platform.session() as s:
        issued = issue_token(s, get_user(s, username), "matrix", actor="test")
    return {"Authorization": f"Bearer {issued.secret}"}


_unique = itertools.count(1)


def _request(world: World, cell: Cell) -> tuple[str, dict[str, Any]]:
    """The URL and body that exercise ``cell`` (bodies valid, so only rights decide)."""
    n = next(_unique)
    token_id = ""
    if "{token_id}" in cell.path:  # a fresh token of the consumer each time
        with world.platform.session() as s:
            token_id = str(issue_token(s, get_user(s, world.users["consumer"]), f"t{n}",
                                       actor="test").id)
    path = cell.path.format(name=f"ds-{(cell.state or '').replace('_', '-')}", number="latest",
                            field="text", token_id=token_id,
                            shard="part-00000.parquet")
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/auth/login"): {"json": {"username": world.users["consumer"],
                                           "password": PASSWORD}},
        ("POST", "/auth/tokens"): {"json": {"name": f"t{n}"}},
        ("POST", "/datasets"): {"json": {"name": f"new-{n}", "title": "新数据集"}},
        ("PATCH", "/datasets/{name}"): {"json": {"description": f"改 {n}"}},
        ("POST", "/datasets/{name}/resources"): {"json": {"title": "数据标准",
                                                         "url": "https://example.cn/std"}},
        ("POST", "/datasets/{name}/versions"): {
            "files": {"file": ("more.jsonl", f'{{"id": "m{n}", "text": "更多"}}\n'.encode())}},
        ("PUT", "/datasets/{name}/versions/{number}/dictionary/{field}"): {
            "json": {"description": "正文"}},
        ("POST", "/users"): {"json": {"username": f"user-{n}", "password": "long-enough-1",
                                      "role": "consumer"}},
        ("POST", "/organizations"): {"json": {"name": f"org-m{n}"}},
    }
    return f"{API}{path}", bodies.get((cell.method, cell.path), {})


@pytest.mark.parametrize("cell", CELLS, ids=[c.id for c in CELLS])
def test_authorization_matrix(world: World, cell: Cell) -> None:
    url, body = _request(world, cell)
    if cell.path == "/openapi.json":
        url = "/api/v1/openapi.json"
    world.client.cookies.clear()  # a login cell's cookie must not carry over
    response = world.client.request(cell.method, url, headers=world.headers[cell.role], **body)
    assert response.status_code == cell.status, response.text[:300]
    if cell.status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if cell.status == 401 else "forbidden")


def _domain_matrices() -> set[tuple[str, str]]:
    """Routes covered by the other domains' matrices: ``tests/web/test_authz_*.py`` files
    each declare ``ROUTES``, the (method, path) pairs their own matrix test exercises."""
    covered: set[tuple[str, str]] = set()
    for path in sorted(Path(__file__).parent.glob("test_authz_*.py")):
        if path.name == Path(__file__).name:
            continue
        spec = importlib.util.spec_from_file_location(f"_authz_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        routes = getattr(module, "ROUTES", None)
        assert routes, f"{path.name} must declare ROUTES: the endpoints its matrix covers"
        covered |= set(routes)
    return covered


def test_every_api_route_is_in_the_matrix(world: World) -> None:
    """Every operation the app documents under /api/v1 has rows in a matrix, and no more.

    The catalog's endpoints are in MATRIX_TABLE here; other domains (annotation,
    circulation) keep their own matrix in ``tests/web/test_authz_<domain>.py``.
    """
    paths = world.app.openapi()["paths"]
    routes = {(method.upper(), path.removeprefix(API)) for path, operations in paths.items()
              if path.startswith(API) for method in operations}
    routes.add(("GET", "/openapi.json"))  # the schema itself is served, not documented
    in_table = {(c.method, c.path) for c in CELLS} | _domain_matrices()
    assert routes - in_table == set(), "add these endpoints to an authorization matrix"
    assert in_table - routes == set(), "a matrix names endpoints the app does not have"
