"""Where labels may go and what they carry: export targets, labels files, review payloads.

Uses the platform of ``test_authz_annotate.py`` (datasets ``src-<tier>`` of ``own-org``,
an annotate grant on ``src-granted`` held by ``a-other``). Export targets need edit
rights and are never less protected than the source; rows reach only who may hold them.
"""

from __future__ import annotations

import json
from typing import Any

from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset, get_version, open_version
from tests.factories import make_dataset
from tests.web.helpers import API
from tests.web.test_authz_annotate import World, fresh_project, world  # noqa: F401 (fixture)

ROUTES: set[tuple[str, str]] = {("POST", "/projects/{name}/export"),
                                ("GET", "/projects/{name}/labels"),
                                ("GET", "/projects/{name}/review"),
                                ("POST", "/projects/{name}/answers")}


def _export(on: World, project: str, role: str, dataset: str | None = None) -> Any:
    params = {"dataset": dataset} if dataset else {}
    return on.client.post(f"{API}/projects/{project}/export", params=params,
                          headers=on.headers[role])


def test_labels_never_go_into_another_organizations_dataset(world: World) -> None:  # noqa: F811
    make_dataset(platform=world.platform, name="foreign-labels", organization="other-org")
    ids = fresh_project(world, "unconditional", "a-mem", answer=True)
    refused = _export(world, ids["name"], "own", "foreign-labels")
    assert refused.status_code == 403
    assert "foreign-labels" in refused.json()["error"]["message"]
    with world.platform.session() as s:
        assert len(get_dataset(s, "foreign-labels").versions) == 1  # nothing appended


def test_a_squatted_default_target_is_refused_not_written(world: World) -> None:  # noqa: F811
    ids = fresh_project(world, "conditional", "a-mem", answer=True)
    make_dataset(platform=world.platform, name=f"{ids['name']}-labels",
                 organization="other-org")  # another organization took the default name
    refused = _export(world, ids["name"], "own")
    assert refused.status_code == 403
    assert "?dataset=NAME" in refused.json()["error"]["message"]
    assert _export(world, ids["name"], "own", f"{ids['name']}-mine").status_code == 201


def test_labels_never_go_into_a_less_protected_dataset(world: World) -> None:  # noqa: F811
    make_dataset(platform=world.platform, name="own-open", organization="own-org",
                 rows=[{"id": "x", "text": "公开"}])
    ids = fresh_project(world, "not_open", "a-mem", answer=True)
    refused = _export(world, ids["name"], "own", "own-open")
    assert refused.status_code == 422
    assert "lineage carries protection" in refused.json()["error"]["message"]
    with world.platform.session() as s:
        assert len(get_dataset(s, "own-open").versions) == 1


def test_an_export_never_changes_the_targets_columns(world: World) -> None:  # noqa: F811
    make_dataset(platform=world.platform, name="own-cond", organization="own-org",
                 tier=OpenTier.CONDITIONAL, rows=[{"id": "x", "text": "别的列"}])
    ids = fresh_project(world, "conditional", "a-mem", answer=True)
    refused = _export(world, ids["name"], "own", "own-cond")
    assert refused.status_code == 409
    assert "label" in refused.json()["error"]["message"]


def test_a_new_target_takes_the_sources_protection_and_organization(
        world: World) -> None:  # noqa: F811
    ids = fresh_project(world, "core", "a-mem", answer=True)
    made = _export(world, ids["name"], "own")
    assert made.status_code == 201
    with world.platform.session() as s:
        target = get_dataset(s, f"{ids['name']}-labels")
        assert (target.open_tier, target.grade, target.sensitivity) == (
            OpenTier.NOT_OPEN, Grade.CORE, Sensitivity.L4)
        assert target.organization is not None and target.organization.name == "own-org"
        rows = open_version(world.platform.store, get_version(s, target.name)).head(10)
    assert rows and rows[0]["text"]  # rows stay inside the owning organization
    download = world.client.get(f"{API}/datasets/{ids['name']}-labels/versions/latest/download")
    assert download.status_code == 401


def test_a_granted_projects_export_carries_keys_and_labels_not_rows(
        world: World) -> None:  # noqa: F811
    ids = fresh_project(world, "granted", "a-mem", answer=True)
    assert _export(world, ids["name"], "other").status_code == 201
    with world.platform.session() as s:
        target = get_dataset(s, f"{ids['name']}-labels")
        assert target.organization is not None and target.organization.name == "other-org"
        assert target.open_tier is OpenTier.CONDITIONAL
        rows = open_version(world.platform.store, get_version(s, target.name)).head(10)
    assert set(rows[0]) == {"row_key", "label", "label_confidence", "label_answers",
                            "label_done"}


def _labels(on: World, project: str, role: str, fmt: str = "jsonl") -> Any:
    return on.client.get(f"{API}/projects/{project}/labels", params={"format": fmt},
                         headers=on.headers[role])


def test_a_labels_file_has_rows_only_for_who_may_download_them(
        world: World) -> None:  # noqa: F811
    cond = fresh_project(world, "conditional", "a-mem", answer=True)
    first = json.loads(_labels(world, cond["name"], "own").text.splitlines()[0])
    assert first["text"] and first["phone"] and first["label"] == "正面"
    core = fresh_project(world, "core", "a-mem", answer=True)
    for role in ("own", "admin"):  # /download refuses core data even to admins
        got = _labels(world, core["name"], role)
        assert got.status_code == 200
        line = json.loads(got.text.splitlines()[0])
        assert "text" not in line and "phone" not in line and "label" in line
        assert _labels(world, core["name"], role, "labelstudio").status_code == 403
    granted = fresh_project(world, "granted", "a-mem", answer=True)
    line = json.loads(_labels(world, granted["name"], "other").text.splitlines()[0])
    assert set(line) == {"row_key", "label", "label_confidence", "label_answers", "label_done"}


def test_review_shows_only_the_schemas_fields(world: World) -> None:  # noqa: F811
    ids = fresh_project(world, "conditional", "a-mem", answer=True)
    queue = world.client.get(f"{API}/projects/{ids['name']}/review",
                             headers=world.headers["own"]).json()
    assert queue and all(set(a["data"]) == {"text"} for a in queue)


def test_absurd_seconds_are_refused_naming_the_field(world: World) -> None:  # noqa: F811
    for seconds in (-1, 1e9):
        ids = fresh_project(world, "unconditional", "a-mem")
        refused = world.client.post(f"{API}/projects/{ids['name']}/answers",
                                    headers=world.headers["mem"],
                                    json={"lease_id": ids["lease_id"], "value": "正面",
                                          "seconds": seconds})
        assert refused.status_code == 400, refused.text
        assert "seconds" in refused.json()["error"]["message"]
    ids = fresh_project(world, "unconditional", "a-mem")
    raw = f'{{"lease_id": {ids["lease_id"]}, "value": "正面", "seconds": NaN}}'
    nan = world.client.post(f"{API}/projects/{ids['name']}/answers", content=raw,
                            headers=world.headers["mem"] | {"Content-Type": "application/json"})
    assert nan.status_code in (400, 422), nan.text
    fine = world.client.post(f"{API}/projects/{ids['name']}/answers",
                             headers=world.headers["mem"],
                             json={"lease_id": ids["lease_id"], "value": "正面", "seconds": 12.5})
    assert fine.status_code == 201
