"""Portal: the "run a recipe" form on the dataset page and the runs page."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.jobs.runs import RunStatus, list_runs
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.pages.forms import page_login

ROWS = [{"id": "a", "text": "数据要素市场建设稳步推进。"}, {"id": "b", "text": "短"}]
RECIPE = "name: small\nsteps:\n  - op: text_length\n    params: {min_chars: 5}\n"


def _publisher(platform: Platform, client: TestClient) -> str:
    make_org(platform, "pub-org")
    make_dataset(platform, name="raw", rows=ROWS, organization="pub-org")
    make_user(platform, Role.PUBLISHER, name="pub", organization="pub-org")
    return page_login(client, "pub")


def _wait_for_runs(platform: Platform, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        with platform.session() as s:
            statuses = {r.status for r in list_runs(s)}
        if not statuses & {RunStatus.QUEUED, RunStatus.RUNNING}:
            return
        assert time.monotonic() < deadline, "runs still not done"
        time.sleep(0.05)


def test_the_form_is_shown_only_to_who_may_run(platform: Platform, client: TestClient) -> None:
    _publisher(platform, client)
    page = client.get("/datasets/raw")
    assert "运行配方" in page.text and 'value="zh-web"' in page.text
    assert 'action="/datasets/raw/versions/1/runs"' in page.text
    assert "Run a recipe" in client.get("/datasets/raw?lang=en").text
    client.cookies.clear()
    make_user(platform, Role.CONSUMER, name="reader")
    page_login(client, "reader")
    assert "运行配方" not in client.get("/datasets/raw").text


def test_submit_a_pasted_recipe_and_follow_it_to_the_report(platform: Platform,
                                                            client: TestClient) -> None:
    csrf = _publisher(platform, client)
    response = client.post("/datasets/raw/versions/1/runs", follow_redirects=False,
                           data={"csrf_token": csrf, "recipe": "custom",
                                 "recipe_yaml": RECIPE, "target": "raw-short"})
    assert response.status_code == 303 and response.headers["location"].startswith(
        "/corpus/runs#run-")
    _wait_for_runs(platform)
    runs = client.get("/corpus/runs")
    assert "已完成" in runs.text and "raw@1" in runs.text
    link = "/datasets/raw-short?version=1#processing-report"
    assert link in runs.text
    report = client.get(link.split("#")[0])
    assert 'id="processing-report"' in report.text and "text_length" in report.text


def test_a_bad_recipe_shows_the_error_page_naming_the_operator(platform: Platform,
                                                               client: TestClient) -> None:
    csrf = _publisher(platform, client)
    response = client.post("/datasets/raw/versions/1/runs",
                           data={"csrf_token": csrf, "recipe": "custom", "target": "raw-x",
                                 "recipe_yaml": "name: x\nsteps:\n  - op: text_lenght\n"})
    assert response.status_code == 422
    assert "text_lenght" in response.text and "text_length" in response.text
    with platform.session() as s:
        assert list_runs(s) == []


def test_the_form_needs_the_csrf_token(platform: Platform, client: TestClient) -> None:
    _publisher(platform, client)
    response = client.post("/datasets/raw/versions/1/runs",
                           data={"recipe": "zh-sft", "target": "raw-x"})
    assert response.status_code == 403
