"""/api/v1/artefacts, and recipes over HTTP that reference files only through it.

Issue 10: a recipe parameter naming a server path reached the server's file system
(an existence oracle, a 500 on /etc/passwd, SQLite's locks dropped when the database
file was opened and closed). Now every path gets one 422 and nothing is opened.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.artefacts.helpers import quality_model_file
from tests.factories import make_dataset, make_org
from tests.jobs.test_runs import ROWS
from tests.web.helpers import API, Headers, as_role, error_of


def _publisher(platform: Platform, org: str = "pub-org") -> Headers:
    make_org(platform, org)
    make_dataset(platform, name=f"raw-{org}", rows=ROWS, organization=org)
    return as_role(platform, Role.PUBLISHER, organization=org, name=f"pub-{org}")


def _run(client: TestClient, headers: Headers, recipe: str, org: str = "pub-org") -> Any:
    return client.post(f"{API}/corpus/runs", headers=headers,
                       json={"recipe": recipe, "source": f"raw-{org}@1", "target": f"out-{org}"})


def _recipe(op: str, value: str) -> str:
    return f"name: r\nsteps:\n  - op: {op}\n    params: {{model: '{value}'}}\n"


def _upload(client: TestClient, headers: Headers, path: Path,
            kind: str = "quality_model") -> Any:
    return client.post(f"{API}/artefacts", headers=headers, data={"kind": kind},
                       files={"file": (path.name, path.read_bytes())})


def test_server_paths_in_a_recipe_get_one_422_and_the_database_keeps_its_locks(
        platform: Platform, client: TestClient, tmp_path: Path) -> None:
    headers = _publisher(platform)
    database = make_url(platform.settings.database_url).database or "jingshu.db"
    values = ["/etc/shadow", "/etc/passwd", str(tmp_path / "missing.npz"), database,
              "~/.ssh/id_rsa", "file:///etc/passwd", "s3://bucket/model.npz", "model.npz"]
    answers = set()
    for op in ("quality_score", "pii_redact"):
        for value in values:
            response = _run(client, headers, _recipe(op, value))
            assert response.status_code == 422, (value, response.text)
            error = error_of(response)
            assert error["code"] == "invalid_recipe"
            answers.add((op, str(error["message"]), str(error["hint"])))
    assert len(answers) == 2, answers  # one answer per operator, whatever the path
    message = next(m for op, m, _ in answers if op == "quality_score")
    assert message == ("recipe: step 1 (quality_score), parameter 'model': a recipe sent to "
                       "the server cannot name a file; it must reference an uploaded artefact")
    assert client.get(f"{API}/corpus/runs", headers=headers).json() == []
    admin = as_role(platform, Role.ADMIN)
    for n in range(3):
        made = client.post(f"{API}/datasets", headers=admin,
                           json={"name": f"after-{n}", "title": "之后"})
        assert made.status_code == 201, made.text
    names = {d["name"] for d in client.get(f"{API}/datasets", headers=admin).json()}
    assert {"after-0", "after-1", "after-2"} <= names


def _poll(client: TestClient, headers: Headers, run_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        body: dict[str, Any] = client.get(f"{API}/corpus/runs/{run_id}", headers=headers).json()
        if body["status"] in ("succeeded", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def test_an_uploaded_model_runs_by_reference_and_other_orgs_cannot_use_it(
        platform: Platform, client: TestClient, tmp_path: Path) -> None:
    headers = _publisher(platform)
    model = quality_model_file(tmp_path)
    uploaded = _upload(client, headers, model)
    assert uploaded.status_code == 201, uploaded.text
    art = uploaded.json()
    assert (art["kind"], art["name"], art["organization"]) == ("quality_model", "quality.npz",
                                                                "pub-org")
    assert _upload(client, headers, model).json()["id"] == art["id"]  # same bytes: same one
    recipe = _recipe("quality_score", art["reference"]).replace("}", ", threshold: 0.0}")
    queued = _run(client, headers, recipe)
    assert queued.status_code == 202, queued.text
    assert f"artefact:{art['sha256']}" in queued.json()["recipe_yaml"]
    done = _poll(client, headers, queued.json()["id"])
    assert done["status"] == "succeeded", done["error"]

    other = _publisher(platform, "other-org")
    refused = _run(client, other, recipe, org="other-org")
    missing = _run(client, other, recipe.replace(art["reference"], "artefact:999"),
                   org="other-org")
    assert refused.status_code == missing.status_code == 422
    assert str(error_of(refused)["message"]).replace(art["reference"], "artefact:999") == \
        error_of(missing)["message"]
    assert client.get(f"{API}/artefacts", headers=other).json() == []
    assert client.get(f"{API}/artefacts/{art['id']}", headers=other).status_code == 404
    fetched = client.get(f"{API}/artefacts/{art['id']}/file", headers=headers)
    assert fetched.status_code == 200 and fetched.content == model.read_bytes()


@pytest.mark.parametrize(("kind", "content", "status"), [
    ("quality_model", b"not a model", 400), ("weights", b"x", 400), ("wordlist", b"", 400)])
def test_uploads_are_checked_for_their_kind(platform: Platform, client: TestClient,
                                            tmp_path: Path, kind: str, content: bytes,
                                            status: int) -> None:
    headers = _publisher(platform)
    path = tmp_path / "f.bin"
    path.write_bytes(content)
    response = _upload(client, headers, path, kind=kind)
    assert response.status_code == status, response.text
    assert error_of(response)["code"] == "invalid_input"
    assert client.get(f"{API}/artefacts", headers=headers).json() == []
