"""The owner's side of annotation in a real browser: create a project, review answers.

A publisher starts from the NER template, switches the schema editor through kinds
(the preview follows), sees errors beside their fields, creates a QA-rating project,
and reads the review queue of a labelled project (教育, marked spans, boxes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jingshu.accounts.models import Role
from jingshu.annotate.projects import get_project
from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.factories import make_dataset, make_org, make_project, make_user
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots
from tests.web.test_browser_annotate import _login

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures shared with the portal's browser test

QA = [{"id": "q1", "question": "什么是数据要素？", "answer": "参与生产经营的数据资源。"}]


def _setup(platform: Platform) -> tuple[str, str]:
    make_org(platform, "lab")
    make_user(platform, Role.PUBLISHER, name="owner", organization="lab")
    make_dataset(platform, name="lab-qa", title="问答语料", organization="lab", rows=QA)
    topic = make_project(platform, organization="lab", rows=[{"id": "t1", "text": "高考改革"}],
                         label_schema={"kind": "multi", "labels": ["教育", "财经"]})
    ner = make_project(platform, organization="lab", rows=[{"id": "n1", "text": "张三在北京。"}],
                       label_schema={"kind": "spans", "labels": ["人名", "地名"]})
    for project in (topic, ner):
        join(platform, project, "a")
    label_all(platform, topic, "a", lambda row: ["教育"])
    label_all(platform, ner, "a", lambda row: [{"start": 0, "end": 2, "label": "人名"},
                                               {"start": 3, "end": 5, "label": "地名"}])
    return topic, ner


def _review(page: Any, base: str, topic: str, ner: str, shots: Path) -> None:
    page.goto(f"{base}/projects/{topic}/review")
    cell = page.locator("#review-queue tbody tr td.ann-review-answer").first
    assert cell.inner_text().strip() == "教育"
    assert page.locator("#review-queue").evaluate(
        "t => getComputedStyle(t.querySelector('thead th')).backgroundColor") \
        != "rgba(0, 0, 0, 0)"  # styled like the portal's other tables
    page.goto(f"{base}/projects/{ner}/review")
    marks = page.locator("#review-queue mark.ann-marked")
    assert marks.count() == 2 and marks.nth(1).inner_text().startswith("北京")
    answer = page.locator("#review-queue td.ann-review-answer").first.inner_text()
    assert "张三" in answer and "人名" in answer and "\\u" not in answer and "{" not in answer
    page.screenshot(path=str(shots / "annotate-review.png"), full_page=True)


def _create(page: Any, base: str, shots: Path) -> None:
    page.goto(base + "/projects")
    page.locator("#new-project").click()
    page.wait_for_url(base + "/projects/new")
    page.get_by_role("link", name="命名实体").click()
    assert page.locator("#new-kind").input_value() == "spans"
    # the preview shows the annotator page: a sample text and the template's labels
    buttons = page.locator("#ann-controls button").all_inner_texts()
    assert len(buttons) == 3 and all(x in b for x, b in zip(["人名", "地名", "机构名"], buttons,
                                                             strict=True))
    assert page.locator("#ann-text").inner_text().startswith("张三")
    page.locator("#ann-text").focus()  # label a span in the preview: nothing is saved
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("1")
    assert page.locator("#ann-spans li").first.inner_text().startswith("人名")
    page.get_by_role("textbox", name="标签").fill("正面\n负面")
    page.get_by_label("标注类型").select_option("single")
    assert page.locator("#ann-controls button").count() == 2
    assert page.locator("#new-second_field").is_hidden()
    page.get_by_label("标注类型").select_option("rating")
    assert page.locator("#new-min").is_visible() and page.locator("#new-labels").is_hidden()
    page.get_by_label("显示的列").fill("question")
    page.locator("#new-second_field").fill("answer")
    assert page.locator("#ann-item .ann-pair").count() == 2
    assert page.locator("#ann-controls button").count() == 5  # 1..5
    page.screenshot(path=str(shots / "annotate-new-preview.png"), full_page=True)
    page.get_by_label("数据集").select_option("lab-qa")
    page.get_by_label("项目标识").fill("QA Rating")  # not a slug: error by the field
    page.locator("#new-max").fill("0")
    page.locator("#new-submit").click()
    page.locator("#name-error").wait_for()
    assert page.locator("#new-name").get_attribute("aria-invalid") == "true"
    assert "最高分必须高于最低分" in page.locator("#max-error").inner_text()
    page.screenshot(path=str(shots / "annotate-new-errors.png"), full_page=True)
    page.get_by_label("项目标识").fill("qa-rating")
    page.locator("#new-max").fill("5")
    page.locator("#new-submit").click()
    page.wait_for_url(base + "/projects/qa-rating")


def test_create_a_project_and_review_answers(platform: Platform, base_url: str,
                                             shots: Path) -> None:
    sync_playwright = _playwright()
    topic, ner = _setup(platform)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _login(browser, base_url, "owner")
            _review(page, base_url, topic, ner, shots)
            _create(page, base_url, shots)
        finally:
            browser.close()
    with platform.session() as s:
        project = get_project(s, "qa-rating")
        assert project.label_schema["second_field"] == "answer"
        assert project.label_schema["kind"] == "rating"
