"""Who may publish from the portal: new dataset, edit, dictionary, resources, versions.

The portal's publishing pages use the API's policies (``DatasetPolicy.create`` and
``edit``); this matrix pins them, per role and open tier, as the API matrix in
``test_authz_matrix.py`` does for ``POST /datasets`` and ``POST .../versions`` (the
upload path both share, :func:`jingshu.web.uploads.import_upload`). A refused cell
also checks that nothing was written (no audit entry by that user).

Roles: ``anon``, ``cons`` (consumer), ``anno`` (annotator), ``own`` (publisher of the
owning organization), ``other`` (publisher of another), ``admin``. Anonymous GETs are
sent to the login page (303); anonymous bodies are refused before they are read (401).
A publisher of another organization who posts a new dataset for ``own-org`` gets the
form again with the refusal (400).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any, NamedTuple

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from jingshu.accounts.models import Role
from jingshu.audit.log import AuditEntry
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset
from jingshu.platform import Platform
from jingshu.web.app import create_app
from jingshu.web.pages.publish.forms import DatasetForm
from tests.conftest import fresh_platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.authz import Cell, parse_matrix
from tests.web.pages.forms import page_login

# the API routes of the same use cases, also in test_authz_matrix.MATRIX_TABLE
ROUTES: set[tuple[str, str]] = {("POST", "/datasets"), ("POST", "/datasets/{name}/versions")}
ROLES = ("anon", "cons", "anno", "own", "other", "admin")
USERS = {"cons": (Role.CONSUMER, None), "anno": (Role.ANNOTATOR, "own-org"),
         "own": (Role.PUBLISHER, "own-org"), "other": (Role.PUBLISHER, "other-org"),
         "admin": (Role.ADMIN, None)}
TIERS = ("unconditional", "conditional", "not_open", "core")

PORTAL_MATRIX = """
method path                               tier  anon  cons  anno  own   other admin
GET    /new-dataset                       -     303   403   403   200   200   200
POST   /new-dataset                       -     401   403   403   303   400   303
GET    /datasets/{name}/edit              *     303   403   403   200   403   200
POST   /datasets/{name}/edit              *     401   403   403   303   403   303
POST   /datasets/{name}/edit/dictionary   *     401   403   403   303   403   303
POST   /datasets/{name}/edit/resources    *     401   403   403   303   403   303
POST   /datasets/{name}/edit/versions     *     401   403   403   303   403   303
"""
CELLS = parse_matrix(PORTAL_MATRIX, ROLES, TIERS)
ROW = {"id": "n0", "text": "新的一行。"}


class World(NamedTuple):
    platform: Platform
    clients: dict[str, tuple[TestClient, str]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[World]:
    platform = fresh_platform(tmp_path_factory.mktemp("publish-authz"), _template_db)
    make_org(platform, "own-org")
    make_org(platform, "other-org")
    for role, (kind, org) in USERS.items():
        make_user(platform, kind, name=f"pm-{role}", organization=org)
    for tier in TIERS:
        if tier == "core":
            make_dataset(platform, name="pm-core", organization="own-org",
                         tier=OpenTier.NOT_OPEN, grade=Grade.CORE, sensitivity=Sensitivity.L4)
        else:
            make_dataset(platform, name=f"pm-{tier}", organization="own-org",
                         tier=OpenTier(tier))
    app = create_app(platform)
    with TestClient(app) as anon:
        clients = {"anon": (anon, "")}
        for role in USERS:
            client = TestClient(app)
            clients[role] = (client, page_login(client, f"pm-{role}"))
        yield World(platform, clients)
        for role in USERS:
            clients[role][0].close()
    platform.close()


_names = itertools.count()


def _request(world: World, cell: Cell, dataset: str) -> tuple[str, dict[str, Any], Any]:
    """The URL, form and files that would succeed for an allowed caller."""
    url = cell.path.replace("{name}", dataset)
    if cell.path == "/new-dataset":
        return url, {"name": f"pm-new-{next(_names)}", "title": "新数据集",
                     "organization": "own-org"}, None
    if cell.path.endswith("/dictionary"):
        return url, {"field-1": f"正文 {next(_names)}"}, None
    if cell.path.endswith("/resources"):
        return url, {"res_title": "标准", "res_url": "https://example.org/std"}, None
    if cell.path.endswith("/versions"):
        line = json.dumps(ROW, ensure_ascii=False).encode()
        return url, {}, {"file": ("more.jsonl", line, "application/x-ndjson")}
    with world.platform.session() as s:  # the dataset's own metadata: allowed, no change
        return url, asdict(DatasetForm.of(get_dataset(s, dataset))), None


def _writes_by(platform: Platform, role: str) -> int:
    with platform.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.actor == f"pm-{role}")) or 0


@pytest.mark.parametrize("cell", CELLS, ids=[c.id for c in CELLS])
def test_publishing_pages_matrix(world: World, cell: Cell) -> None:
    client, csrf = world.clients[cell.role]
    url, form, files = _request(world, cell, f"pm-{cell.state}")
    before = _writes_by(world.platform, cell.role)
    if cell.method == "GET":
        response = client.get(url, follow_redirects=False)
    else:
        response = client.post(url, data=form | {"csrf_token": csrf}, files=files,
                               follow_redirects=False)
    assert response.status_code == cell.status, response.text[:400]
    if cell.status >= 400 or cell.method == "GET":
        assert _writes_by(world.platform, cell.role) == before, "a refused call wrote"
    elif cell.path != "/datasets/{name}/edit":  # the unchanged metadata writes nothing
        assert _writes_by(world.platform, cell.role) > before
