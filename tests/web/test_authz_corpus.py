"""Who may call which corpus endpoint: route × role × open tier, written out.

Counting terms reads every document, so ``stats`` follows the download policy: the
rows match the preview and download rows of ``test_authz_matrix.py``. Roles and tiers
as there; the platform (users, one dataset per tier) is that module's ``world``.

A recipe run reads every document of its source too (the download policy), and
publishes a new target dataset for the caller's organization: only publishers and
admins who may download the source. A run is read by its submitter and admins (the
``{run_id}`` rows use a run the owner submitted; tier ``-``: no dataset in the URL).
"""

from __future__ import annotations

import itertools

import pytest

from jingshu.catalog.service import get_version
from jingshu.jobs.runs import RunRequest, submit
from tests.web.helpers import API
from tests.web.test_authz_matrix import ROLES, World, world  # noqa: F401 (fixture)

TABLE = """
method path                                          tier          anon cons anno own  other admin
GET    /datasets/{name}/versions/{number}/stats      unconditional 200  200  200  200  200   200
GET    /datasets/{name}/versions/{number}/stats      conditional   401  403  403  200  403   200
GET    /datasets/{name}/versions/{number}/stats      not_open      401  403  403  200  403   200
GET    /datasets/{name}/versions/{number}/stats      core          401  403  403  403  403   403
"""

RUNS_TABLE = """
method path                                          tier          anon cons anno own  other admin
POST   /corpus/runs                                  unconditional 401  403  403  202  202   202
POST   /corpus/runs                                  conditional   401  403  403  202  403   202
POST   /corpus/runs                                  not_open      401  403  403  202  403   202
POST   /corpus/runs                                  core          401  403  403  403  403   403
GET    /corpus/runs                                  -             401  200  200  200  200   200
GET    /corpus/runs/{run_id}                         -             401  403  403  200  403   200
"""
RECIPE = "name: small\nsteps:\n  - op: text_length\n    params: {min_chars: 2}\n"

ROUTES: set[tuple[str, str]] = {
    (line.split()[0], line.split()[1])
    for table in (TABLE, RUNS_TABLE) for line in table.strip().splitlines()[1:]}

CELLS = [
    (method, path, tier, role, int(status))
    for method, path, tier, *statuses in (line.split() for line in TABLE.strip().splitlines()[1:])
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("method", "path", "tier", "role", "status"), CELLS,
                         ids=[f"{c[0]} {c[1]} [{c[2]}] {c[3]}" for c in CELLS])
def test_corpus_authorization(world: World, method: str, path: str, tier: str, role: str,  # noqa: F811
                              status: int) -> None:
    url = API + path.format(name=f"ds-{tier.replace('_', '-')}", number="latest")
    world.client.cookies.clear()
    response = world.client.request(method, url, headers=world.headers[role],
                                    params={"terms": "数据,语料"})
    assert response.status_code == status, response.text[:300]
    if status == 200:
        body = response.json()
        assert body["documents"] == 3
        assert [t["term"] for t in body["terms"]] == ["数据", "语料"]
    elif status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if status == 401 else "forbidden")


RUN_CELLS = [
    (method, path, tier, role, int(status))
    for method, path, tier, *statuses in (line.split()
                                          for line in RUNS_TABLE.strip().splitlines()[1:])
    for role, status in zip(ROLES, statuses, strict=True)
]
_targets = itertools.count(1)


def _owners_run(on: World) -> int:
    """A run the owner submitted (queued, executed by the app's worker)."""
    with on.platform.session() as s:
        source = get_version(s, "ds-unconditional")
        return submit(s, source, RunRequest(RECIPE, "ds-unconditional@1", "owners-run"),
                      actor=on.users["owner"]).id


@pytest.mark.parametrize(("method", "path", "tier", "role", "status"), RUN_CELLS,
                         ids=[f"{c[0]} {c[1]} [{c[2]}] {c[3]}" for c in RUN_CELLS])
def test_corpus_run_authorization(world: World, method: str, path: str, tier: str,  # noqa: F811
                                  role: str, status: int) -> None:
    url = API + path.format(run_id=_owners_run(world) if "{run_id}" in path else "")
    body = {"recipe": RECIPE, "source": f"ds-{tier.replace('_', '-')}@1",
            "target": f"run-target-{next(_targets)}"} if method == "POST" else None
    world.client.cookies.clear()
    response = world.client.request(method, url, headers=world.headers[role], json=body)
    assert response.status_code == status, response.text[:300]
    if status == 202:
        assert response.json()["status"] == "queued"
    elif status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if status == 401 else "forbidden")
