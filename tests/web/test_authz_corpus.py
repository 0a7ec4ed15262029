"""Who may call which corpus endpoint: route × role × open tier, written out.

Counting terms reads every document, so ``stats`` follows the download policy: the
rows match the preview and download rows of ``test_authz_matrix.py``. Roles and tiers
as there; the platform (users, one dataset per tier) is that module's ``world``.
"""

from __future__ import annotations

import pytest

from tests.web.helpers import API
from tests.web.test_authz_matrix import ROLES, World, world  # noqa: F401 (fixture)

TABLE = """
method path                                          tier          anon cons anno own  other admin
GET    /datasets/{name}/versions/{number}/stats      unconditional 200  200  200  200  200   200
GET    /datasets/{name}/versions/{number}/stats      conditional   401  403  403  200  403   200
GET    /datasets/{name}/versions/{number}/stats      not_open      401  403  403  200  403   200
GET    /datasets/{name}/versions/{number}/stats      core          401  403  403  403  403   403
"""

ROUTES: set[tuple[str, str]] = {
    (line.split()[0], line.split()[1]) for line in TABLE.strip().splitlines()[1:]}

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
