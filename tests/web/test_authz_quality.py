"""Profiles, diffs and mixes over HTTP: role × tier, and what a profile hides.

A profile is metadata (everyone may read it), but its row content (frequent values,
repeated lines, string minima and maxima) follows the download policy, as the preview
does. A mix reads its source's rows (download policy) and creates a dataset (create
policy): it is authorized when queued (202), and its job then publishes. The platform
(users, ``ds-<tier>`` of ``owner-org``) is ``test_authz_matrix.py``'s.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.helpers import API
from tests.web.test_authz_matrix import ROLES, World, world  # noqa: F401 (fixture)

ROUTES = {("GET", "/datasets/{name}/versions/{number}/profile"),
          ("GET", "/datasets/{name}/diff"), ("POST", "/datasets/mix")}

# status, then "h" where row content is hidden, "s" where it is shown
TABLE = """
route   tier          anon  cons  anno  own   other admin
profile unconditional 200s  200s  200s  200s  200s  200s
profile conditional   200h  200h  200h  200s  200h  200s
profile not_open      200h  200h  200h  200s  200h  200s
profile core          200h  200h  200h  200h  200h  200h
diff    unconditional 200   200   200   200   200   200
diff    core          200   200   200   200   200   200
mix     unconditional 401   403   403   202   202   202
mix     conditional   401   403   403   202   403   202
mix     core          401   403   403   403   403   403
"""
# the mix rows as ``method path tier statuses``, the shape tests/web/test_row_routes.py reads
MIX_TABLE = "method path tier statuses\n" + "\n".join(
    f"POST /datasets/mix {line.split(maxsplit=1)[1]}"
    for line in TABLE.strip().splitlines()[1:] if line.startswith("mix "))
CELLS = [(route, tier, role, expected) for route, tier, *cells in
         (line.split() for line in TABLE.strip().splitlines()[1:])
         for role, expected in zip(ROLES, cells, strict=True)]
_unique = itertools.count(1)


def wait_for_job(client: TestClient, job_id: int, headers: dict[str, str],
                 timeout_s: float = 120.0) -> dict[str, Any]:
    """The job once finished (the app's embedded worker runs it)."""
    deadline = time.monotonic() + timeout_s
    while True:
        job: dict[str, Any] = client.get(f"{API}/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['status']}"
        time.sleep(0.1)


@pytest.mark.parametrize(("route", "tier", "role", "expected"), CELLS,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CELLS])
def test_quality_routes(world: World, route: str, tier: str, role: str,  # noqa: F811
                        expected: str) -> None:
    name = f"ds-{tier.replace('_', '-')}"
    headers = world.headers[role]
    if route == "profile":
        r = world.client.get(f"{API}/datasets/{name}/versions/latest/profile", headers=headers)
        assert r.status_code == int(expected[:3]), r.text[:300]
        body = r.json()
        assert body["row_content_hidden"] is (expected[3] == "h")
        top = body["profile"]["columns"][0]["top_values"]
        assert (top == []) is (expected[3] == "h")
        assert body["profile"]["text"][0]["tokens"] > 0
    elif route == "diff":
        r = world.client.get(f"{API}/datasets/{name}/diff?before=1&after=latest",
                             headers=headers)
        assert r.status_code == int(expected), r.text[:300]
        assert r.json()["rows"]["added"] == 0
    else:
        body = {"out": f"mix-{next(_unique)}", "sources": [f"{name}@1:1"], "tokens": 10}
        r = world.client.post(f"{API}/datasets/mix", json=body, headers=headers)
        assert r.status_code == int(expected), r.text[:300]
        if r.status_code == 202:
            job = wait_for_job(world.client, r.json()["id"], headers)
            assert (job["kind"], job["status"], job["result"]["dataset"]) == (
                "dataset.mix", "succeeded", body["out"])
            shown = world.client.get(f"{API}/datasets/{body['out']}", headers=headers).json()
            assert shown["open_tier"] == ("unconditional" if tier == "unconditional"
                                          else "conditional")
