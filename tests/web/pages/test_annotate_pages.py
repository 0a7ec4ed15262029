"""The annotation pages, server-rendered: list and join, workspace, dashboard, review."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.annotate.models import Answer, AnswerState
from jingshu.annotate.schema import AnswerPart
from jingshu.platform import Platform
from jingshu.web.pages.annotate.review import marked_text
from tests.annotate.conftest import join, label_all
from tests.factories import make_org, make_project, make_user
from tests.web.pages.forms import page_login


def test_annotator_joins_and_gets_the_workspace(client: TestClient, platform: Platform) -> None:
    make_org(platform, "lab")
    name = make_project(platform, organization="lab", instructions="请判断**情感**。")
    make_user(platform, Role.ANNOTATOR, name="worker")
    csrf = page_login(client, "worker")
    listing = client.get("/projects")
    assert f"/projects/{name}/join" in listing.text and "加入" in listing.text
    assert client.get(f"/projects/{name}/work").status_code == 403
    page = client.post(f"/projects/{name}/join", data={"csrf_token": csrf})
    assert page.status_code == 200 and 'id="ann-workspace"' in page.text
    assert "<strong>情感</strong>" in page.text
    assert "Keyboard shortcuts" in client.get(f"/projects/{name}/work?lang=en").text


def test_owner_dashboard_review_and_export(client: TestClient, platform: Platform) -> None:
    make_org(platform, "lab")
    name = make_project(platform, organization="lab", overlap=2, cost_per_answer=0.2)
    join(platform, name, "a", "b")
    label_all(platform, name, "a")
    label_all(platform, name, "b", lambda row: "负面")
    make_user(platform, Role.PUBLISHER, name="boss", organization="lab")
    csrf = page_login(client, "boss")
    dash = client.get(f"/projects/{name}")
    assert "Krippendorff" in dash.text and 'data-annotator="a"' in dash.text
    assert "4.0" in dash.text  # cost: 20 answers × 0.2
    queue = client.get(f"/projects/{name}/review")
    assert queue.text.count('value="reject"') == 20
    with platform.session() as s:
        first, second = s.scalars(select(Answer.id).order_by(Answer.id).limit(2)).all()
    client.post(f"/projects/{name}/review/{first}", data={"csrf_token": csrf,
                                                           "action": "accept"})
    rejected = client.post(f"/projects/{name}/review/{second}",
                           data={"csrf_token": csrf, "action": "reject", "reason": "错了"})
    assert rejected.status_code == 200
    with platform.session() as s:
        states = dict(s.execute(select(Answer.id, Answer.state)
                                .where(Answer.id.in_([first, second]))).tuples().all())
    assert states == {first: AnswerState.ACCEPTED, second: AnswerState.REJECTED}
    done = client.post(f"/projects/{name}/export", data={"csrf_token": csrf})
    assert f"已发布 {name}-labels@1" in done.text


def test_review_queue_shows_answers_as_a_reviewer_reads_them(
        client: TestClient, platform: Platform) -> None:
    make_org(platform, "lab")
    topic = make_project(platform, organization="lab", rows=[{"id": "t1", "text": "高考改革"}],
                         label_schema={"kind": "multi", "labels": ["教育", "财经"]})
    ner = make_project(platform, organization="lab", rows=[{"id": "n1", "text": "张三在北京。"}],
                       label_schema={"kind": "spans", "labels": ["人名", "地名"]})
    boxes = make_project(platform, organization="lab", rows=[{"id": "b1", "image": "/x.png"}],
                         label_schema={"kind": "boxes", "labels": ["行人"]})
    join(platform, topic, "a")
    join(platform, ner, "a")
    join(platform, boxes, "a")
    label_all(platform, topic, "a", lambda row: ["教育", "财经"])
    label_all(platform, ner, "a", lambda row: [{"start": 0, "end": 2, "label": "人名"},
                                               {"start": 3, "end": 5, "label": "地名"}])
    label_all(platform, boxes, "a", lambda row: [{"x": 10, "y": 20, "w": 30, "h": 40,
                                                  "label": "行人"}])
    make_user(platform, Role.PUBLISHER, name="boss", organization="lab")
    page_login(client, "boss")
    text = client.get(f"/projects/{topic}/review").text
    assert '<span class="badge ann-chip">教育</span>' in text and "\\u6559" not in text
    assert 'class="data ann-review"' in text
    text = client.get(f"/projects/{ner}/review").text
    assert '<q>张三</q> <span class="badge ann-chip">人名</span>' in text
    assert '<mark class="ann-marked" title="地名">北京<sub>地名</sub></mark>' in text
    assert "[3, 5)" in text and "&#34;start&#34;" not in text and '"start"' not in text
    text = client.get(f"/projects/{boxes}/review?lang=en").text
    assert "at 10%, 20%, 30% × 40%" in text
    assert 'data-label="行人" style="left:10.0%;top:20.0%;width:30.0%;height:40.0%"' in text


def test_marked_text_cuts_at_spans_and_leaves_nested_ones_unmarked() -> None:
    spans = [AnswerPart(label="地名", span=(3, 5)), AnswerPart(label="人名", span=(0, 2))]
    assert marked_text("张三在北京。", spans) == [("张三", "人名"), ("在", None),
                                               ("北京", "地名"), ("。", None)]
    nested = [AnswerPart(label="机构名", span=(0, 4)), AnswerPart(label="地名", span=(2, 4))]
    assert marked_text("北京大学", nested) == [("北京大学", None)]
