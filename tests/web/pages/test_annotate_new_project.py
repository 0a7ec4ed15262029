"""Creating a project in the portal: datasets offered by the policy, errors by field."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.annotate.models import AnnotationProject
from jingshu.annotate.projects import get_project
from jingshu.catalog.rules import OpenTier
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.pages.forms import page_login

QA = [{"id": "q1", "question": "什么是数据要素？", "answer": "参与生产经营的数据资源。"}]


def _setup(platform: Platform) -> None:
    make_org(platform, "lab")
    make_org(platform, "away")
    make_user(platform, Role.PUBLISHER, name="pub", organization="lab")
    make_dataset(platform, name="lab-texts", organization="lab", tier=OpenTier.CONDITIONAL)
    make_dataset(platform, name="lab-qa", organization="lab", rows=QA)
    make_dataset(platform, name="away-secret", organization="away", tier=OpenTier.CONDITIONAL)
    make_dataset(platform, name="open-texts", organization="away")


def _options(html: str) -> set[str]:
    select = html[html.index('id="new-dataset"'):html.index("</select>")]
    return set(re.findall(r'<option value="([^"]+)"', select))


def test_the_form_offers_only_datasets_the_policy_allows(
        client: TestClient, platform: Platform) -> None:
    _setup(platform)
    csrf = page_login(client, "pub")
    page = client.get("/projects/new?template=ner")
    assert page.status_code == 200 and "新建标注项目" in page.text
    assert _options(page.text) == {"lab-texts", "lab-qa", "open-texts"}
    assert 'value="spans" selected' in page.text and "人名\n地名\n机构名" in page.text
    assert "New annotation project" in client.get("/projects/new?lang=en").text
    assert 'href="/projects/new"' in client.get("/projects").text
    # a crafted post naming a dataset the form did not offer is refused, nothing made
    refused = client.post("/projects/new", data={
        "csrf_token": csrf, "dataset": "away-secret", "name": "steal", "kind": "single",
        "labels": "是\n否", "field": "text", "overlap": "1"})
    assert refused.status_code == 400
    assert 'id="dataset-error"' in refused.text
    assert "请选择一个你可以用于标注的数据集" in refused.text
    with platform.session() as s:
        assert s.query(AnnotationProject).count() == 0


def test_errors_are_shown_beside_their_fields(client: TestClient, platform: Platform) -> None:
    _setup(platform)
    csrf = page_login(client, "pub")
    bad = client.post("/projects/new", data={
        "csrf_token": csrf, "dataset": "lab-texts", "name": "Bad Name", "kind": "single",
        "labels": "只有一个", "field": "text", "overlap": "两"})
    assert bad.status_code == 400
    for field in ("name", "labels", "overlap"):
        assert f'id="{field}-error"' in bad.text
        assert f'aria-describedby="{field}-error"' in bad.text
    assert "请输入整数" in bad.text and 'value="Bad Name"' in bad.text  # the input is kept
    assert "至少需要 2 个不同的标签" in bad.text
    rating = client.post("/projects/new", data={
        "csrf_token": csrf, "dataset": "lab-qa", "name": "qa", "kind": "rating",
        "field": "question", "second_field": "answer", "min": "5", "max": "1", "step": "1",
        "overlap": "3"})
    assert 'id="max-error"' in rating.text and "最高分必须高于最低分" in rating.text
    column = client.post("/projects/new", data={
        "csrf_token": csrf, "dataset": "lab-texts", "name": "nocol", "kind": "single",
        "labels": "是\n否", "field": "body", "overlap": "1"})
    assert 'id="field-error"' in column.text and "columns: id, text" in column.text


def test_a_template_project_is_created_with_the_apis_schema(
        client: TestClient, platform: Platform) -> None:
    _setup(platform)
    csrf = page_login(client, "pub")
    made = client.post("/projects/new", data={
        "csrf_token": csrf, "dataset": "lab-qa", "name": "qa-rating", "title": "问答对评分",
        "kind": "rating", "field": "question", "second_field": "answer", "min": "1",
        "max": "5", "step": "1", "overlap": "2", "instructions": "按 1–5 打分。",
        "labels": "ignored for ratings"}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/projects/qa-rating"
    with platform.session() as s:
        project = get_project(s, "qa-rating")
        assert project.label_schema == {"kind": "rating", "field": "question", "min": 1.0,
                                        "max": 5.0, "step": 1.0, "second_field": "answer"}
        assert project.overlap == 2 and project.organization_id is not None
    again = client.post("/projects/new", data={
        "csrf_token": csrf, "dataset": "lab-texts", "name": "qa-rating", "kind": "single",
        "labels": "是\n否", "field": "text", "overlap": "1"})
    assert 'id="name-error"' in again.text and "已有名为 qa-rating 的项目" in again.text


def test_an_annotator_is_offered_nothing(client: TestClient, platform: Platform) -> None:
    _setup(platform)
    make_user(platform, Role.ANNOTATOR, name="worker", organization="lab")
    csrf = page_login(client, "worker")
    page = client.get("/projects/new")
    assert _options(page.text) == set() and 'id="new-no-datasets"' in page.text
    assert 'href="/projects/new"' not in client.get("/projects").text
    posted = client.post("/projects/new", data={
        "csrf_token": csrf, "dataset": "open-texts", "name": "x1", "kind": "single",
        "labels": "是\n否", "field": "text", "overlap": "1"})
    assert posted.status_code == 400
