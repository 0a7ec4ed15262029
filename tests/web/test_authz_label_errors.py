"""Who may read label-error candidates and fill a project's review queue from them.

The project routes follow the review queue's policy (``AnnotationPolicy.review``): the
project's managers, as long as they may see the source's rows. Their platform (roles,
tiers, the annotate grant, a fresh project per cell with one answer) is
``test_authz_annotate``'s. The candidates of a dataset version of answers are its rows'
content: the download policy, on a platform of its own (``crowd-<tier>`` of ``own-org``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from tests.factories import make_dataset
from tests.web.authz import STANDARD_ROLES, Cell, matrix_world, parse_matrix, routes_of
from tests.web.authz import World as CrowdWorld
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
POST   /projects/{name}/label-errors        unconditional 401  403  403  403  403  403   202  403   202
POST   /projects/{name}/label-errors        conditional   401  403  403  403  403  403   202  403   202
POST   /projects/{name}/label-errors        not_open      401  403  403  403  403  403   202  403   202
POST   /projects/{name}/label-errors        core          401  403  403  403  403  403   202  403   403
POST   /projects/{name}/label-errors        granted       401  403  403  403  403  403   403  202   202
POST   /projects/{name}/label-errors/review unconditional 401  403  403  403  403  403   200  403   200
POST   /projects/{name}/label-errors/review conditional   401  403  403  403  403  403   200  403   200
POST   /projects/{name}/label-errors/review not_open      401  403  403  403  403  403   200  403   200
POST   /projects/{name}/label-errors/review core          401  403  403  403  403  403   200  403   403
POST   /projects/{name}/label-errors/review granted       401  403  403  403  403  403   403  200   200
"""  # noqa: E501

DATASET_TABLE = """
method path                                           tier          anon cons anno own  other admin
GET    /datasets/{name}/versions/{number}/label-errors unconditional 200  200  200  200  200   200
GET    /datasets/{name}/versions/{number}/label-errors conditional   401  403  403  200  403   200
GET    /datasets/{name}/versions/{number}/label-errors not_open      401  403  403  200  403   200
GET    /datasets/{name}/versions/{number}/label-errors core          401  403  403  403  403   403
POST   /datasets/{name}/versions/{number}/label-errors unconditional 401  202  202  202  202   202
POST   /datasets/{name}/versions/{number}/label-errors conditional   401  403  403  202  403   202
POST   /datasets/{name}/versions/{number}/label-errors not_open      401  403  403  202  403   202
POST   /datasets/{name}/versions/{number}/label-errors core          401  403  403  403  403   403
"""

ROUTES = routes_of(TABLE) | routes_of(DATASET_TABLE)
CELLS = parse_matrix(TABLE, ROLES, PLAIN_TIERS)
CROWD_ROLES = ("anon", *STANDARD_ROLES)
DATASET_CELLS = parse_matrix(DATASET_TABLE, CROWD_ROLES)
ANSWERS = [{"task": f"t{t}", "worker": w, "label": "正面" if (t + (w == "c" and t == 0)) % 2
            else "负面"} for t in range(4) for w in ("a", "b", "c")]
TIER_SPECS: dict[str, dict[str, object]] = {
    "unconditional": {"tier": OpenTier.UNCONDITIONAL},
    "conditional": {"tier": OpenTier.CONDITIONAL},
    "not_open": {"tier": OpenTier.NOT_OPEN},
    "core": {"tier": OpenTier.NOT_OPEN, "grade": Grade.CORE, "sensitivity": Sensitivity.L4}}


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[CrowdWorld]:
    with matrix_world(tmp_path_factory.mktemp("authz-crowd"), _template_db,
                      prefix="c") as base:
        for tier, spec in TIER_SPECS.items():
            make_dataset(base.platform, name=f"crowd-{tier.replace('_', '-')}",
                         organization="own-org", rows=ANSWERS, **spec)
        yield base


@pytest.mark.parametrize("cell", DATASET_CELLS, ids=[c.id for c in DATASET_CELLS])
def test_dataset_label_error_authorization(crowd: CrowdWorld, cell: Cell) -> None:
    name = f"crowd-{(cell.state or '').replace('_', '-')}"
    response = crowd.client.request(cell.method,
                                    f"{API}/datasets/{name}/versions/1/label-errors?top=4",
                                    headers=crowd.headers.get(cell.role, {}),
                                    json={"top": 4} if cell.method == "POST" else None)
    assert response.status_code == cell.status, response.text[:300]
    if cell.status == 202:  # queued: a job of the user's, the version pinned
        job = response.json()
        assert (job["kind"], job["payload"]["dataset"]) == ("label.errors", f"{name}@1")
    if cell.status == 200:
        got = response.json()
        assert (got["project"], got["items"], len(got["candidates"])) == (f"{name}@1", 4, 4)
        assert got["worker_agreement"]["a"] == 1.0


@pytest.mark.parametrize("cell", CELLS, ids=[c.id for c in CELLS])
def test_label_error_authorization(world: World, cell: Cell) -> None:  # noqa: F811
    ids = fresh_project(world, cell.state or "", "a-mem", answer=True)
    url = API + cell.path.format(**ids)
    body = {"json": {"k": 1, "top": 1}} if cell.method == "POST" else {}
    response = world.client.request(cell.method, url, headers=world.headers[cell.role], **body)
    assert response.status_code == cell.status, response.text[:300]
    if cell.status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if cell.status == 401 else "forbidden")
    elif cell.status == 202:  # queued: a job of the user's
        job = response.json()
        assert (job["kind"], job["payload"]["project"]) == ("label.errors", ids["name"])
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
