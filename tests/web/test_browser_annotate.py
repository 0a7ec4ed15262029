"""The annotation UI in a real browser (Debian's chromium through Playwright).

An annotator labels spans (keyboard and mouse) and classes (number keys); another
fails a gold item and is paused; the owner sees it on the dashboard and exports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jingshu.accounts.models import Role
from jingshu.annotate.annotator_qc import annotator_stats
from jingshu.annotate.projects import ProjectSpec, create_project, get_project
from jingshu.catalog.service import get_version
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_dataset, make_org, make_user
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures shared with the portal's browser test


def _login(browser: Any, base: str, username: str) -> Any:
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(base + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/")
    return page


def _projects(platform: Platform) -> None:
    make_org(platform, "lab")
    make_user(platform, Role.PUBLISHER, name="owner", organization="lab")
    for name in ("biaozhu", "mahu"):
        make_user(platform, Role.ANNOTATOR, name=name)
    make_dataset(platform, name="ner-src", organization="lab",
                 rows=[{"id": "n1", "text": "张三在北京。"}, {"id": "n2", "text": "李四去上海。"}])
    make_dataset(platform, name="senti-src", organization="lab",
                 rows=[{"id": f"r{i}", "text": f"第{i}条评论"} for i in range(3)])
    with platform.session() as s:
        create_project(s, platform.store, get_version(s, "ner-src"), ProjectSpec(
            name="ner", title="人名地名", overlap=1, instructions="标出**人名**和地名。",
            label_schema={"kind": "spans", "labels": ["人名", "地名"]}), actor="owner")
        create_project(s, platform.store, get_version(s, "senti-src"), ProjectSpec(
            name="senti", title="评论情感", overlap=1, gold={"r0": "正面"}, gold_rate=0.3,
            pause_below=0.5, pause_min_gold=1,
            label_schema={"kind": "single", "labels": ["正面", "负面"]}), actor="owner")


def _join(page: Any, base: str, project: str) -> None:
    page.goto(base + "/projects")
    page.locator(f"form[action='/projects/{project}/join'] button").click()
    page.wait_for_url(f"{base}/projects/{project}/work")
    page.locator("#ann-key:not(:empty)").wait_for()


def test_label_spans_and_classes_pause_on_gold_and_export(
        platform: Platform, base_url: str, shots: Path) -> None:
    sync_playwright = _playwright()
    _projects(platform)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _login(browser, base_url, "biaozhu")
            _join(page, base_url, "ner")
            assert page.locator(".ann-instructions strong").inner_text() == "人名"
            first = page.locator("#ann-key").inner_text()
            page.locator("#ann-text").focus()  # keyboard: select the first two characters
            page.keyboard.press("Shift+ArrowRight")
            page.keyboard.press("Shift+ArrowRight")
            page.keyboard.press("1")
            assert page.locator("#ann-spans li").first.inner_text().startswith("人名")
            page.screenshot(path=str(shots / "annotate-spans.png"), full_page=True)
            page.keyboard.press("Enter")
            page.wait_for_function(
                f"() => document.getElementById('ann-key').textContent !== '{first}'")
            start = page.locator("#ann-text [data-i='3']").bounding_box()  # mouse: 4th-5th chars
            end = page.locator("#ann-text [data-i='4']").bounding_box()
            page.mouse.move(start["x"] + 1, start["y"] + start["height"] / 2)
            page.mouse.down()
            page.mouse.move(end["x"] + end["width"] - 1, end["y"] + end["height"] / 2)
            page.mouse.up()
            page.get_by_role("button", name="地名").click()
            assert "[3, 5)" in page.locator("#ann-spans li").first.inner_text()
            page.keyboard.press("Enter")
            page.locator("#ann-done").wait_for(state="visible")

            _join(page, base_url, "senti")  # classes: gold first (right), then the rest
            for _ in range(3):
                key = page.locator("#ann-key").inner_text()
                page.keyboard.press("1")
                page.keyboard.press("Enter")
                page.wait_for_function(
                    f"() => document.getElementById('ann-key').textContent !== '{key}'"
                    " || !document.getElementById('ann-done').hidden")
            page.locator("#ann-done").wait_for(state="visible")

            sloppy = _login(browser, base_url, "mahu")
            _join(sloppy, base_url, "senti")
            sloppy.keyboard.press("2")  # wrong on the gold item
            sloppy.keyboard.press("Enter")
            sloppy.get_by_text("你已被暂停").wait_for()
            sloppy.screenshot(path=str(shots / "annotate-paused.png"), full_page=True)

            owner = _login(browser, base_url, "owner")
            owner.goto(base_url + "/projects/senti")
            row = owner.locator("#dash-annotators tr[data-annotator='mahu']")
            assert "已暂停" in row.inner_text()
            owner.locator("#dash-export").click()
            owner.get_by_text("已发布 senti-labels@1").wait_for()
            owner.screenshot(path=str(shots / "annotate-dashboard.png"), full_page=True)
        finally:
            browser.close()
    with platform.session() as s:
        stats = {a.annotator: a for a in annotator_stats(s, get_project(s, "senti"))}
        assert stats["biaozhu"].answers == 2 and stats["mahu"].state == "paused"
        assert get_version(s, "senti-labels").rows == 2
