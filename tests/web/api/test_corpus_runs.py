"""/api/v1/corpus/runs: submit a recipe run, poll it, find the version it published."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.service import get_version
from jingshu.platform import Platform
from jingshu.store import Manifest
from tests.factories import make_dataset, make_org
from tests.jobs.test_runs import RECIPE, ROWS
from tests.web.helpers import API, Headers, as_role, error_of


def _publisher(platform: Platform) -> Headers:
    make_org(platform, "pub-org")
    make_dataset(platform, name="raw", rows=ROWS, organization="pub-org")
    return as_role(platform, Role.PUBLISHER, organization="pub-org", name="pub")


def _poll(client: TestClient, headers: Headers, run_id: int,
          timeout_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        body: dict[str, Any] = client.get(f"{API}/corpus/runs/{run_id}", headers=headers).json()
        if body["status"] in ("succeeded", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def test_submit_then_poll_until_the_new_version_exists(platform: Platform,
                                                       client: TestClient) -> None:
    headers = _publisher(platform)
    response = client.post(f"{API}/corpus/runs", headers=headers,
                           json={"recipe": RECIPE, "source": "raw@1", "target": "raw-clean"})
    assert response.status_code == 202, response.text
    queued = response.json()
    assert (queued["status"], queued["recipe"], queued["source"]) == ("queued", "small", "raw@1")
    done = _poll(client, headers, queued["id"])
    assert done["status"] == "succeeded", done["error"]
    deadline = time.monotonic() + 60  # the job's outcome is recorded just after the run's
    while (job := client.get(f"{API}/jobs/{queued['job']}", headers=headers).json())[
            "status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (job["status"], job["percent"], job["result"]["version"]) == ("succeeded", 100.0, 1)
    assert (done["version"], done["progress"]) == (1, 3)
    assert done["summary"]["docs_out"] == 1
    assert done["summary"]["drops"] == {"text_length:too_short": 1,
                                        "exact_dedup:exact_duplicate": 1}
    assert done["report_url"] == "/datasets/raw-clean?version=1#processing-report"
    version = client.get(done["version_url"])
    assert version.status_code == 200 and version.json()["made_by"] == "recipe:small"
    lineage = client.get(f"{done['version_url']}/lineage").json()
    assert {n["dataset"] for n in lineage["nodes"]} == {"raw", "raw-clean"}
    with platform.session() as s:
        made, source = get_version(s, "raw-clean", 1), get_version(s, "raw", 1)
        manifest = Manifest.from_json(made.manifest)
    assert manifest.parents == (source.id,)
    assert "op: exact_dedup" in dict(manifest.made_by.detail)["recipe"]


def test_a_bad_recipe_is_refused_with_422_naming_the_operator(platform: Platform,
                                                              client: TestClient) -> None:
    headers = _publisher(platform)
    bad = "name: x\nsteps:\n  - op: html_entitys\n"
    response = client.post(f"{API}/corpus/runs", headers=headers,
                           json={"recipe": bad, "source": "raw@1", "target": "raw-clean"})
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["code"] == "invalid_recipe"
    assert "html_entitys" in str(error["message"])
    assert error["hint"] == "did you mean 'html_entities'?"
    assert client.get(f"{API}/corpus/runs", headers=headers).json() == []


def test_a_missing_source_is_404_and_workers_are_bounded(platform: Platform,
                                                         client: TestClient) -> None:
    headers = _publisher(platform)
    missing = client.post(f"{API}/corpus/runs", headers=headers,
                          json={"recipe": "zh-sft", "source": "raw@9", "target": "raw-clean"})
    assert missing.status_code == 404 and "no version 9" in str(error_of(missing)["message"])
    two = client.post(f"{API}/corpus/runs", headers=headers,
                      json={"recipe": "zh-sft", "source": "raw@1", "target": "raw-clean",
                            "workers": 99})
    assert two.status_code == 400 and "workers=99" in str(error_of(two)["message"])


def test_a_failed_run_reports_its_error(platform: Platform, client: TestClient) -> None:
    make_org(platform, "pub-org")
    make_dataset(platform, name="nums", rows=[{"id": "a", "n": 1}], organization="pub-org")
    headers = as_role(platform, Role.PUBLISHER, organization="pub-org")
    run = client.post(f"{API}/corpus/runs", headers=headers,
                      json={"recipe": "zh-sft", "source": "nums@1", "target": "nums-out"}).json()
    done = _poll(client, headers, run["id"])
    assert done["status"] == "failed" and "no 'text' column" in done["error"]
    assert (done["version"], done["version_url"], done["summary"]) == (None, None, None)
    assert client.get(f"{API}/datasets/nums-out").status_code == 404


def test_users_see_their_own_runs_and_admins_all(platform: Platform,
                                                 client: TestClient) -> None:
    headers = _publisher(platform)
    other = as_role(platform, Role.CONSUMER)
    admin = as_role(platform, Role.ADMIN)
    run = client.post(f"{API}/corpus/runs", headers=headers,
                      json={"recipe": RECIPE, "source": "raw@1", "target": "raw-clean"}).json()
    _poll(client, headers, run["id"])
    assert [r["id"] for r in client.get(f"{API}/corpus/runs", headers=headers).json()] == [
        run["id"]]
    assert client.get(f"{API}/corpus/runs", headers=other).json() == []
    assert [r["id"] for r in client.get(f"{API}/corpus/runs", headers=admin).json()] == [
        run["id"]]
    assert client.get(f"{API}/corpus/runs/{run['id']}", headers=other).status_code == 403
    assert client.get(f"{API}/corpus/runs/999", headers=admin).status_code == 404
