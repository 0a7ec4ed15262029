"""/api/v1/jobs: list, read and cancel jobs (POST …/cancel and DELETE are the same)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.jobs import claim, enqueue, finish
from jingshu.platform import Platform
from tests.web.helpers import API, as_role, error_of

KIND = "test.nobody-runs-this"  # no handler: the app's embedded worker leaves it alone


def _job(platform: Platform, actor: str) -> int:
    with platform.session() as s:
        return enqueue(s, KIND, {"n": 1}, actor=actor).id


def test_owner_lists_reads_and_cancels(platform: Platform, client: TestClient) -> None:
    alice = as_role(platform, Role.PUBLISHER, name="alice")
    bob = as_role(platform, Role.PUBLISHER, name="bob")
    mine, running = _job(platform, "alice"), _job(platform, "alice")
    _job(platform, "bob")
    assert [j["id"] for j in client.get(f"{API}/jobs", headers=alice).json()] == [running, mine]
    one = client.get(f"{API}/jobs/{mine}", headers=alice).json()
    assert (one["status"], one["kind"], one["percent"], one["eta_s"]) == (
        "queued", KIND, None, None)
    assert client.get(f"{API}/jobs/{mine}", headers=bob).status_code == 403
    assert client.get(f"{API}/jobs/{mine}").status_code == 401
    assert client.post(f"{API}/jobs/{mine}/cancel", headers=bob).status_code == 403
    cancelled = client.post(f"{API}/jobs/{mine}/cancel", headers=alice)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert claim(platform.session, "w", [KIND]) is not None  # takes `running`
    asked = client.delete(f"{API}/jobs/{running}", headers=alice).json()
    assert (asked["status"], asked["cancel_requested"]) == ("running", True)
    finish(platform.session, running, "w", cancelled=True)
    assert client.get(f"{API}/jobs/{running}", headers=alice).json()["status"] == "cancelled"


def test_finished_is_409_and_unknown_is_404(platform: Platform, client: TestClient) -> None:
    admin = as_role(platform, Role.ADMIN, name="root")
    job_id = _job(platform, "someone")
    assert claim(platform.session, "w", [KIND]) is not None
    finish(platform.session, job_id, "w", result={"ok": True})
    done = client.delete(f"{API}/jobs/{job_id}", headers=admin)
    assert done.status_code == 409 and "already succeeded" in str(error_of(done)["message"])
    assert client.post(f"{API}/jobs/999/cancel", headers=admin).status_code == 404
    assert [j["id"] for j in client.get(f"{API}/jobs", headers=admin).json()] == [job_id]
