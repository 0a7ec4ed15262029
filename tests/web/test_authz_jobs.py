"""Who may list, read and cancel jobs of the queue: route × role, written out.

Roles: ``anon``; ``cons`` (a consumer); ``own`` (the publisher who submitted the job);
``other`` (a publisher who did not); ``admin``. Every cell gets a fresh queued job
submitted by ``own``, so one cell's cancel cannot decide another's. A job holds run
settings and progress, never dataset rows (tests/web/test_row_routes.py).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.jobs import enqueue
from jingshu.platform import Platform
from tests.web.helpers import API, as_role

ROLES = ("anon", "cons", "own", "other", "admin")

TABLE = """
method path                   anon cons own other admin
GET    /jobs                  401  200  200 200   200
GET    /jobs/{job_id}         401  403  200 403   200
POST   /jobs/{job_id}/cancel  401  403  200 403   200
DELETE /jobs/{job_id}         401  403  200 403   200
"""

ROWS = [line.split() for line in TABLE.strip().splitlines()[1:]]
ROUTES: set[tuple[str, str]] = {(row[0], row[1]) for row in ROWS}
KIND = "test.nobody-runs-this"  # no handler: the app's embedded worker leaves it alone
USERS = {"cons": Role.CONSUMER, "own": Role.PUBLISHER, "other": Role.PUBLISHER,
         "admin": Role.ADMIN}


@pytest.mark.parametrize(("method", "path", "role", "status"), [
    (m, p, role, int(code)) for m, p, *codes in ROWS
    for role, code in zip(ROLES, codes, strict=True)])
def test_job_routes(platform: Platform, client: TestClient, method: str, path: str,
                    role: str, status: int) -> None:
    headers = {r: as_role(platform, kind, name=f"jobs-{r}") for r, kind in USERS.items()}
    with platform.session() as s:
        job_id = enqueue(s, KIND, {"n": 1}, actor="jobs-own").id
    response = client.request(method, API + path.format(job_id=job_id),
                              headers=headers.get(role, {}))
    assert response.status_code == status, response.text
    if path == "/jobs" and status == 200:
        listed = [j["id"] for j in response.json()]
        assert (job_id in listed) == (role in ("own", "admin"))
