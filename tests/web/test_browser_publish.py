"""Publishing in Chromium at desktop width and 390 px: a publisher creates a dataset with
its first file (a throttled upload shows its progress bar), is told the tier/grade rule
as they choose, uploads a new version and edits the metadata.

Screenshots go to ``$JINGSHU_SCREENSHOTS`` when set (``docs/images/publish`` holds the
ones the guide shows), else to the test's temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jingshu.accounts.models import Role
from jingshu.catalog.service import get_dataset
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_org, make_user
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots
from tests.web.test_browser_catalog import SIZES, _no_sideways_scroll

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures

UPLOAD_BYTES_PER_S = 512 * 1024  # throttled so that the progress bar is seen mid-way


def _jsonl(path: Path, rows: int, tag: str) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(rows):
            text = f"第{i}条{tag}：城市数据开放平台发布新的交通与气象数据。" * 3
            out.write(json.dumps({"id": f"{tag}-{i}", "text": text}, ensure_ascii=False) + "\n")
    return path


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/")


@pytest.mark.parametrize("size", list(SIZES))
def test_publisher_creates_uploads_and_edits(platform: Platform, base_url: str, shots: Path,
                                             tmp_path: Path, size: str) -> None:
    make_org(platform, "sh-data", title="上海市数据局")
    make_user(platform, Role.PUBLISHER, name="editor", organization="sh-data")
    first = _jsonl(tmp_path / "news.jsonl", 12_000, "新闻")  # about 3 MB
    second = _jsonl(tmp_path / "news-v2.jsonl", 50, "更新")
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="zh-CN", viewport=SIZES[size])
            page = context.new_page()
            violations: list[str] = []  # publish.js and the pages run under the CSP
            page.on("console", lambda m: violations.append(m.text)
                    if "Content Security Policy" in m.text else None)
            _log_in(page, base_url, "editor")
            page.goto(base_url + "/datasets")
            page.get_by_role("link", name="发布新数据集").click()
            page.wait_for_url("**/new-dataset")
            page.get_by_label("标识").fill("city-news")
            page.get_by_label("标题").fill("城市新闻语料")
            page.get_by_label("描述").fill("上海市各区发布的新闻稿。")
            page.get_by_label("关键词").fill("新闻、城市")
            page.get_by_label("数据分级").select_option("important")
            hint = page.locator("#tier-live")
            assert hint.inner_text() == "重要数据（L1）不能无条件开放：可选 不予开放、有条件开放。"
            page.get_by_label("数据分级").select_option("general")
            page.get_by_label("敏感级别").select_option("L2")
            assert "一般数据（L2）不能无条件开放" in hint.inner_text()
            page.get_by_label("开放类型").select_option("conditional")
            assert hint.is_hidden()
            page.get_by_label("数据文件").set_input_files(str(first))
            _no_sideways_scroll(page)
            page.screenshot(path=str(shots / f"publish-new-{size}.png"), full_page=True)

            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": 0, "downloadThroughput": -1,
                "uploadThroughput": UPLOAD_BYTES_PER_S})
            page.get_by_role("button", name="创建数据集").click()
            bar = page.locator(".upload-progress progress")
            page.wait_for_function(
                "() => { const b = document.querySelector('.upload-progress progress');"
                " return b && b.value >= 10 && b.value <= 90; }", timeout=20_000)
            status = page.locator(".upload-status").inner_text()
            assert status.startswith("正在上传：") and "MB" in status, status
            assert page.get_by_role("button", name="创建数据集").is_disabled()
            page.locator(".upload-progress").screenshot(
                path=str(shots / f"publish-progress-{size}.png"))
            assert bar.is_visible()
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": 0, "downloadThroughput": -1,
                "uploadThroughput": -1})
            page.wait_for_url("**/datasets/city-news/edit?done=created_version*",
                              timeout=60_000)
            assert page.locator("#pub-flash").inner_text() == \
                "已创建数据集 city-news，版本 1 共 12000 行。"

            page.get_by_label("数据文件").set_input_files(str(second))
            page.get_by_role("button", name="上传", exact=True).click()
            page.wait_for_url("**done=version_added*")
            assert page.locator("#pub-flash").inner_text() == "已发布版本 2，共 50 行。"

            page.locator("#metadata-form").get_by_label("标题").fill("城市新闻语料（2025）")
            page.locator("#metadata-form").get_by_label("更新频率").fill("每周")
            page.get_by_role("button", name="保存元数据").click()
            page.wait_for_url("**done=saved*")
            assert page.locator("#pub-flash").inner_text() == "元数据已保存。"
            page.locator("#field-1").fill("新闻正文")
            assert "DatasetVersion" not in page.locator("footer").inner_text()
            page.get_by_role("button", name="保存数据字典").click()
            page.wait_for_url("**done=saved_dictionary*")
            _no_sideways_scroll(page)
            page.screenshot(path=str(shots / f"publish-edit-{size}.png"), full_page=True)

            page.get_by_role("link", name="返回数据集").click()
            page.wait_for_url("**/datasets/city-news")
            assert page.locator("h1").inner_text() == "城市新闻语料（2025）"
            assert page.get_by_role("link", name="编辑数据集").is_visible()
            assert "新闻正文" in page.locator("#overview").inner_text()
            assert violations == []
        finally:
            browser.close()
    with platform.session() as s:
        ds = get_dataset(s, "city-news")
        assert [v.rows for v in ds.versions] == [12_000, 50]
        assert ds.update_frequency == "每周" and ds.open_tier.value == "conditional"


def test_the_buttons_are_not_offered_to_others(platform: Platform, base_url: str) -> None:
    make_org(platform, "sh-data", title="上海市数据局")
    make_user(platform, Role.CONSUMER, name="reader", organization="sh-data")
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=SIZES["phone"])
            page.goto(base_url + "/datasets")
            assert page.get_by_role("link", name="发布新数据集").count() == 0
            _log_in(page, base_url, "reader")
            page.goto(base_url + "/datasets")
            assert page.get_by_role("link", name="发布新数据集").count() == 0
        finally:
            browser.close()
