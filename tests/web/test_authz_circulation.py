"""Who may call which circulation endpoint: route × role × state, written out.

Roles: ``anon``; ``cons`` (the applicant and grant holder); ``anno`` (another signed-in
user: an annotator); ``own`` (publisher of the dataset's organization); ``other``
(publisher of another organization); ``admin``. States: ``cond`` (a conditional
dataset with both agreements written), ``uncond`` (open data), ``pending``,
``changes`` and ``rejected`` (an application by ``cons``), ``active``, ``revoked``,
``expired``, ``spent`` (a grant held by ``cons``; spent: quota used up), ``core`` (an
active grant on core/L4 data), ``note`` (a message in ``cons``'s inbox), ``-`` (none).
Every cell gets fresh objects, so one cell's write cannot decide another's answer.
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
    ask_changes,
    notify,
    reject,
    set_agreement,
)
from tests.factories import make_dataset
from tests.web.authz import Cell, World, matrix_world, parse_matrix, routes_of
from tests.web.helpers import API

ROLES = ("anon", "cons", "anno", "own", "other", "admin")

TABLE = """
method path                                     state    anon cons anno own  other admin
GET    /datasets/{name}/agreements              cond     200  200  200  200  200   200
PUT    /datasets/{name}/agreements/{kind}       cond     401  403  403  201  403   201
POST   /datasets/{name}/requests                cond     401  201  201  403  201   403
POST   /datasets/{name}/requests                uncond   401  422  422  403  422   403
GET    /requests                                -        401  200  200  200  200   200
GET    /requests/review                         -        401  403  403  200  200   200
GET    /requests/{request_id}                   pending  401  200  403  200  403   200
PUT    /requests/{request_id}                   changes  401  200  403  403  403   403
PUT    /requests/{request_id}                   pending  401  409  403  403  403   403
POST   /requests/{request_id}/approve           pending  401  403  403  201  403   201
POST   /requests/{request_id}/approve           rejected 401  403  403  409  403   409
POST   /requests/{request_id}/reject            pending  401  403  403  200  403   200
POST   /requests/{request_id}/changes           pending  401  403  403  200  403   200
GET    /grants                                  -        401  200  200  200  200   200
GET    /grants/issued                           -        401  403  403  200  200   200
GET    /grants/{grant_id}                       active   401  200  403  200  403   200
POST   /grants/{grant_id}/revoke                active   401  403  403  200  403   200
POST   /grants/{grant_id}/revoke                revoked  401  403  403  409  403   409
GET    /grants/{grant_id}/download              active   401  200  403  403  403   403
GET    /grants/{grant_id}/download              revoked  401  403  403  403  403   403
GET    /grants/{grant_id}/download              expired  401  403  403  403  403   403
GET    /grants/{grant_id}/download              spent    401  403  403  403  403   403
GET    /grants/{grant_id}/download              core     401  403  403  403  403   403
GET    /inbox                                   -        401  200  200  200  200   200
POST   /inbox/{note_id}/read                    note     401  204  404  404  404   404
POST   /watermark/trace                         -        401  403  403  200  200   200
"""

ROUTES = routes_of(TABLE)
CELLS = parse_matrix(TABLE, ROLES)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[World]:
    with matrix_world(tmp_path_factory.mktemp("authz-circ"), _template_db, prefix="c") as w:
        yield w


_n = itertools.count(1)


def _fresh(world: World, state: str) -> dict[str, Any]:
    """A new dataset (and application, grant or message) in ``state``."""
    n = next(_n)
    name = f"c{n}-{state}"
    core = state == "core"
    tier = OpenTier.UNCONDITIONAL if state == "uncond" else (
        OpenTier.NOT_OPEN if core else OpenTier.CONDITIONAL)
    extra = {"grade": Grade.CORE, "sensitivity": Sensitivity.L4} if core else {}
    make_dataset(world.platform, name=name, tier=tier, organization="own-org", **extra)
    out: dict[str, Any] = {"name": name, "kind": "use", "request_id": 0, "grant_id": "x",
                           "note_id": 0}
    with world.platform.session() as s:
        ds = get_dataset(s, name)
        for kind in AgreementKind:
            set_agreement(s, ds, kind, "条款", actor="t")
        user = get_user(s, "c-cons")
        if state in ("pending", "changes", "rejected", "active", "revoked", "expired",
                     "spent", "core"):
            req = apply(s, ds, user, Application("某机构", "研究", "科研", 30, 1, 1))
            out["request_id"] = req.id
            if state == "changes":
                ask_changes(s, req, "补充", actor="t")
            elif state == "rejected":
                reject(s, req, "不符合", actor="t")
            elif state != "pending":
                grant = approve(s, req, GrantTerms(quota=1), actor="t")
                out["grant_id"] = grant.id
                grant.revoked = state == "revoked"
                if state == "expired":
                    grant.expires_at -= timedelta(days=60)
                grant.used = 1 if state == "spent" else 0
        if state == "note":
            out["note_id"] = notify(s, user.id, "test", "消息", "message").id
        s.commit()
    return out


def _body(cell: Cell) -> dict[str, Any]:
    application = {"organization": "机构", "purpose": "研究", "scenario": "科研",
                   "duration_days": 10, "accept_commitment_version": 1,
                   "accept_use_version": 1}
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("PUT", "/datasets/{name}/agreements/{kind}"): {"json": {"text": "新条款"}},
        ("POST", "/datasets/{name}/requests"): {"json": application},
        ("PUT", "/requests/{request_id}"): {"json": application},
        ("POST", "/requests/{request_id}/approve"): {"json": {"quota": 2}},
        ("POST", "/requests/{request_id}/reject"): {"json": {"reason": "理由"}},
        ("POST", "/requests/{request_id}/changes"): {"json": {"reason": "理由"}},
        ("POST", "/grants/{grant_id}/revoke"): {"json": {"reason": "理由"}},
        ("POST", "/watermark/trace"): {"files": {"file": ("leak.txt", "无标记。".encode())}},
    }
    return bodies.get((cell.method, cell.path), {})


@pytest.mark.parametrize("cell", CELLS,
                         ids=[c.id for c in CELLS])
def test_circulation_authorization(world: World, cell: Cell) -> None:
    url = API + cell.path.format(**_fresh(world, cell.state or "-"))
    response = world.client.request(cell.method, url, headers=world.headers[cell.role],
                                    **_body(cell))
    assert response.status_code == cell.status, response.text[:300]
