"""Who may read a project's label-error candidates and fill its review queue from them.

Both follow the review queue's policy (``AnnotationPolicy.review``): the project's
managers, as long as they may see the source's rows. The platform (roles, tiers, the
annotate grant, a fresh project per cell with one answer) is ``test_authz_annotate``'s.
"""

from __future__ import annotations

import pytest

from tests.web.authz import Cell, parse_matrix, routes_of
from tests.web.helpers import API
from tests.web.test_authz_annotate import (  # noqa: F401 (fixture)
    PLAIN_TIERS,
    ROLES,
    World,
    fresh_project,
    world,
)

TABLE = """
method path                                 tier          anon cons mem  xmem anno xanno own  other admin
GET    /projects/{name}/label-errors        unconditional 401  403  403  403  403  403   200  403   200
GET    /projects/{name}/label-errors        conditional   401  403  403  403  403  403   200  403   200
GET    /projects/{name}/label-errors        not_open      401  403  403  403  403  403   200  403   200
GET    /projects/{name}/label-errors        core          401  403  403  403  403  403   200  403   403
GET    /projects/{name}/label-errors        granted       401  403  403  403  403  403   403  200   200
POST   /projects/{name}/label-errors/review unconditional 401  403  403  403  403  403   200  403   200
POST   /projects/{name}/label-errors/review conditional   401  403  403  403  403  403   200  403   200
POST   /projects/{name}/label-errors/review not_open      401  403  403  403  403  403   200  403   200
POST   /projects/{name}/label-errors/review core          401  403  403  403  403  403   200  403   403
POST   /projects/{name}/label-errors/review granted       401  403  403  403  403  403   403  200   200
"""  # noqa: E501

ROUTES = routes_of(TABLE)
CELLS = parse_matrix(TABLE, ROLES, PLAIN_TIERS)


@pytest.mark.parametrize("cell", CELLS, ids=[c.id for c in CELLS])
def test_label_error_authorization(world: World, cell: Cell) -> None:  # noqa: F811
    ids = fresh_project(world, cell.state or "", "a-mem", answer=True)
    url = API + cell.path.format(**ids)
    body = {"json": {"k": 1}} if cell.method == "POST" else {}
    response = world.client.request(cell.method, url, headers=world.headers[cell.role], **body)
    assert response.status_code == cell.status, response.text[:300]
    if cell.status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if cell.status == 401 else "forbidden")
    elif cell.method == "GET":
        got = response.json()
        assert got["items"] == 1 and got["candidates"][0]["task"] == "r0"
        assert got["candidates"][0]["label"] == "正面"
    else:
        filled = response.json()
        assert (filled["items"], filled["queued"], filled["reopened"]) == (["r0"], 1, 0)
        queue = world.client.get(f"{API}/projects/{ids['name']}/review",
                                 headers=world.headers[cell.role]).json()
        assert queue[0]["review_reason"].startswith("suspected label error")
