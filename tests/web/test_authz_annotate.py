"""Who may call which annotation endpoint: route × role × tier × grade × organization.

Roles: ``anon``; ``cons`` (a consumer); ``mem`` / ``xmem`` (annotators of the dataset's
own / another organization, members of the project); ``anno`` / ``xanno`` (annotators of
the own / another organization who did not join); ``own`` (publisher of the dataset's
organization); ``other`` (publisher of another organization); ``admin``.

Tiers (the source dataset, owned by ``own-org``): ``unconditional`` (general/L1),
``conditional`` (general/L2), ``not_open`` (important/L3), ``core`` (not open, core/L4),
and ``granted``: a conditional dataset whose project ``other`` made under an annotate
grant ``own-org`` gave them, so the project belongs to ``other-org``.

Members of another organization (``xmem``) are added behind the policy's back, as if
they had joined before the dataset was closed: the work routes still refuse them.
Every cell gets a fresh project, so one cell's write cannot decide another's. The
expected statuses are written out, not computed from the policy code.
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
from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item
from jingshu.annotate.models import AnnotationProject
from jingshu.annotate.projects import ProjectSpec, create_project, join_project
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset, get_version
from jingshu.circulation.grants import GrantTerms, create_grant
from jingshu.circulation.models import AccessRequest, Grant, RequestStatus
from jingshu.db.base import utcnow
from jingshu.platform import Platform
from tests.factories import make_dataset
from tests.web.authz import Cell, matrix_world, parse_matrix, routes_of
from tests.web.helpers import API

ROLES = ("anon", "cons", "mem", "xmem", "anno", "xanno", "own", "other", "admin")

TABLE = """
method path                                        tier          anon cons mem  xmem anno xanno own  other admin
GET    /projects                                   -             401  200  200  200  200  200   200  200   200
POST   /projects                                   unconditional 401  403  403  403  403  403   201  201   201
POST   /projects                                   conditional   401  403  403  403  403  403   201  403   201
POST   /projects                                   not_open      401  403  403  403  403  403   201  403   201
POST   /projects                                   core          401  403  403  403  403  403   201  403   201
POST   /projects                                   granted       401  403  403  403  403  403   201  201   201
GET    /projects/{name}                            *             401  403  200  200  403  403   200  403   200
GET    /projects/{name}                            granted       401  403  200  200  403  403   403  200   200
POST   /projects/{name}/join                       unconditional 401  403  200  200  200  200   403  403   403
POST   /projects/{name}/join                       conditional   401  403  200  403  200  403   403  403   403
POST   /projects/{name}/join                       not_open      401  403  200  403  200  403   403  403   403
POST   /projects/{name}/join                       core          401  403  200  403  200  403   403  403   403
POST   /projects/{name}/join                       granted       401  403  200  200  200  200   403  403   403
POST   /projects/{name}/next                       unconditional 401  403  200  200  403  403   403  403   403
POST   /projects/{name}/next                       conditional   401  403  200  403  403  403   403  403   403
POST   /projects/{name}/next                       not_open      401  403  200  403  403  403   403  403   403
POST   /projects/{name}/next                       core          401  403  200  403  403  403   403  403   403
POST   /projects/{name}/next                       granted       401  403  200  200  403  403   403  403   403
POST   /projects/{name}/answers                    unconditional 401  403  201  201  403  403   403  403   403
POST   /projects/{name}/answers                    conditional   401  403  201  403  403  403   403  403   403
POST   /projects/{name}/answers                    not_open      401  403  201  403  403  403   403  403   403
POST   /projects/{name}/answers                    core          401  403  201  403  403  403   403  403   403
POST   /projects/{name}/answers                    granted       401  403  201  201  403  403   403  403   403
POST   /projects/{name}/skip                       unconditional 401  403  204  204  403  403   403  403   403
POST   /projects/{name}/skip                       conditional   401  403  204  403  403  403   403  403   403
POST   /projects/{name}/skip                       not_open      401  403  204  403  403  403   403  403   403
POST   /projects/{name}/skip                       core          401  403  204  403  403  403   403  403   403
POST   /projects/{name}/skip                       granted       401  403  204  204  403  403   403  403   403
GET    /projects/{name}/annotators                 *             401  403  403  403  403  403   200  403   200
GET    /projects/{name}/annotators                 granted       401  403  403  403  403  403   403  200   200
GET    /projects/{name}/review                     unconditional 401  403  403  403  403  403   200  403   200
GET    /projects/{name}/review                     conditional   401  403  403  403  403  403   200  403   200
GET    /projects/{name}/review                     not_open      401  403  403  403  403  403   200  403   200
GET    /projects/{name}/review                     core          401  403  403  403  403  403   200  403   403
GET    /projects/{name}/review                     granted       401  403  403  403  403  403   403  200   200
POST   /projects/{name}/answers/{answer_id}/review unconditional 401  403  403  403  403  403   200  403   200
POST   /projects/{name}/answers/{answer_id}/review conditional   401  403  403  403  403  403   200  403   200
POST   /projects/{name}/answers/{answer_id}/review not_open      401  403  403  403  403  403   200  403   200
POST   /projects/{name}/answers/{answer_id}/review core          401  403  403  403  403  403   200  403   403
POST   /projects/{name}/answers/{answer_id}/review granted       401  403  403  403  403  403   403  200   200
POST   /projects/{name}/export                     *             401  403  403  403  403  403   201  403   201
POST   /projects/{name}/export                     granted       401  403  403  403  403  403   403  201   201
GET    /projects/{name}/labels                     *             401  403  403  403  403  403   200  403   200
GET    /projects/{name}/labels                     granted       401  403  403  403  403  403   403  200   200
POST   /projects/{name}/close                      *             401  403  403  403  403  403   204  403   204
POST   /projects/{name}/close                      granted       401  403  403  403  403  403   403  204   204
"""  # noqa: E501

TIERS: dict[str, tuple[OpenTier, Grade, Sensitivity]] = {
    "unconditional": (OpenTier.UNCONDITIONAL, Grade.GENERAL, Sensitivity.L1),
    "conditional": (OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2),
    "not_open": (OpenTier.NOT_OPEN, Grade.IMPORTANT, Sensitivity.L3),
    "core": (OpenTier.NOT_OPEN, Grade.CORE, Sensitivity.L4),
    "granted": (OpenTier.CONDITIONAL, Grade.GENERAL, Sensitivity.L2),
}
PLAIN_TIERS = ("unconditional", "conditional", "not_open", "core")  # what ``*`` stands for
ROWS = [{"id": f"r{i}", "text": t, "phone": f"1380013800{i}"}
        for i, t in enumerate(["今天天气很好。", "数据要素市场。", "人工智能语料。"])]
SCHEMA = {"kind": "single", "labels": ["正面", "负面"]}

ROUTES = routes_of(TABLE)
CELLS = parse_matrix(TABLE, ROLES, PLAIN_TIERS)


class World(NamedTuple):
    platform: Platform
    client: TestClient
    headers: dict[str, dict[str, str]]
    grant: str


def annotate_grant(platform: Platform, dataset: str, holder: str, *, annotate: bool = True,
                   days: int = 30) -> str:
    """An approved application of ``holder`` for ``dataset`` and its grant's id."""
    with platform.session() as s:
        ds, user = get_dataset(s, dataset), get_user(s, holder)
        request = AccessRequest(dataset_id=ds.id, applicant_id=user.id, organization="x",
                                purpose="标注", scenario="训练", fields=[], duration_days=days,
                                commitment_version=1, use_version=1,
                                status=RequestStatus.APPROVED)
        s.add(request)
        s.flush()
        grant = create_grant(s, request, GrantTerms(days=days, annotate=annotate), actor="t")
        s.commit()
        return grant.id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[World]:
    roles = {"cons": (Role.CONSUMER, None), "mem": (Role.ANNOTATOR, "own-org"),
             "xmem": (Role.ANNOTATOR, "other-org"), "anno": (Role.ANNOTATOR, "own-org"),
             "xanno": (Role.ANNOTATOR, "other-org"), "own": (Role.PUBLISHER, "own-org"),
             "other": (Role.PUBLISHER, "other-org"), "admin": (Role.ADMIN, None)}
    home = tmp_path_factory.mktemp("authz-annotate")
    with matrix_world(home, _template_db, prefix="a", roles=roles) as base:
        for tier, (open_tier, grade, level) in TIERS.items():
            make_dataset(base.platform, name=f"src-{tier.replace('_', '-')}",
                         organization="own-org", tier=open_tier, grade=grade, sensitivity=level,
                         rows=ROWS)
        yield World(*base, annotate_grant(base.platform, "src-granted", "a-other"))


_n = itertools.count(1)


def fresh_project(world: World, tier: str, lease_for: str | None = None,
                  answer: bool = False) -> dict[str, Any]:
    """A new project over ``src-<tier>`` that ``a-mem`` and ``a-xmem`` joined; with a
    lease of ``lease_for`` (and its answer) where a route needs one."""
    name = f"p{next(_n)}"
    out: dict[str, Any] = {"name": name, "answer_id": 0, "lease_id": 0}
    with world.platform.session() as s:
        grant = s.get(Grant, world.grant) if tier == "granted" else None
        owner = get_user(s, "a-other").organization_id if grant is not None else None
        project = create_project(s, world.platform.store,
                                 get_version(s, f"src-{tier.replace('_', '-')}"),
                                 ProjectSpec(name=name, title="情感", label_schema=SCHEMA,
                                             overlap=1), actor="t",
                                 organization_id=owner, grant=grant)
        for annotator in ("a-mem", "a-xmem"):
            join_project(s, project, annotator, actor="t")
        if lease_for is not None:
            got = next_item(s, project, lease_for)
            assert got is not None
            out["lease_id"] = got.lease_id
            if answer:
                out["answer_id"] = submit_answer(s, project, lease_for, got.lease_id,
                                                 "正面").answer_id
        s.commit()
    return out


def _ids(world: World, cell: Cell) -> dict[str, Any]:
    if cell.state is None or cell.path == "/projects":
        return {}
    needs_lease = cell.path.endswith(("/answers", "/skip"))
    needs_answer = cell.path.endswith(("/review", "/export", "/labels"))
    leaser = "a-xmem" if cell.role == "xmem" and needs_lease else "a-mem"
    return fresh_project(world, cell.state, leaser if needs_lease or needs_answer else None,
                         answer=needs_answer)


def _body(world: World, cell: Cell, ids: dict[str, Any]) -> dict[str, Any]:
    if cell.method != "POST":
        return {}
    if cell.path == "/projects":
        body = {"name": f"new{next(_n)}", "dataset": f"src-{(cell.state or '').replace('_', '-')}",
                "label_schema": SCHEMA}
        return {"json": body | ({"grant": world.grant} if cell.state == "granted" else {})}
    bodies: dict[str, dict[str, Any]] = {
        "/projects/{name}/answers": {"lease_id": ids["lease_id"], "value": "正面"},
        "/projects/{name}/skip": {"lease_id": ids["lease_id"], "reason": "看不懂"},
        "/projects/{name}/answers/{answer_id}/review": {"accept": True},
    }
    return {"json": bodies[cell.path]} if cell.path in bodies else {}


@pytest.mark.parametrize("cell", CELLS,
                         ids=[c.id for c in CELLS])
def test_annotation_authorization(world: World, cell: Cell) -> None:
    ids = _ids(world, cell)
    url = API + cell.path.format(**ids)
    response = world.client.request(cell.method, url, headers=world.headers[cell.role],
                                    **_body(world, cell, ids))
    assert response.status_code == cell.status, response.text[:300]
    if cell.status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if cell.status == 401 else "forbidden")
    if cell.path.endswith("/next") and cell.status == 200:
        assert set(response.json()["data"]) == {"text"}  # the schema's field, not the row


def test_the_project_made_under_a_grant_belongs_to_the_holder(world: World) -> None:
    ids = fresh_project(world, "granted")
    with world.platform.session() as s:
        project = s.query(AnnotationProject).filter_by(name=ids["name"]).one()
        assert project.grant_id == world.grant
        assert project.organization_id == get_user(s, "a-other").organization_id


def test_a_grant_stops_working_when_revoked_or_expired(world: World) -> None:
    ids = fresh_project(world, "granted")
    url = f"{API}/projects/{ids['name']}/next"
    assert world.client.post(url, headers=world.headers["xmem"]).status_code == 200
    with world.platform.session() as s:
        grant = s.get_one(Grant, world.grant)
        grant.expires_at = utcnow() - timedelta(seconds=1)
        s.commit()
    try:
        refused = world.client.post(url, headers=world.headers["xmem"])
        assert refused.status_code == 403
        assert "expired" in refused.json()["error"]["message"]
        assert world.client.post(url, headers=world.headers["mem"]).status_code == 200
    finally:
        with world.platform.session() as s:
            s.get_one(Grant, world.grant).expires_at = utcnow() + timedelta(days=30)
            s.commit()


def test_a_project_says_which_grant_it_was_made_under(world: World) -> None:
    ids = fresh_project(world, "granted")
    body = world.client.get(f"{API}/projects/{ids['name']}", headers=world.headers["other"])
    assert body.json()["grant"] == world.grant
    plain = fresh_project(world, "conditional")
    body = world.client.get(f"{API}/projects/{plain['name']}", headers=world.headers["own"])
    assert body.json()["grant"] is None
