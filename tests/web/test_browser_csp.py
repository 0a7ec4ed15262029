"""The portal works under its Content-Security-Policy: no violation on any page visited.

Chromium reports each blocked script, style or image on the console; the test walks
the pages that carry scripts (login, dataset page, annotation workspace) and fails on
any such report.
"""

from __future__ import annotations

from typing import Any

import pytest

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_dataset, make_org, make_project, make_user
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright
from tests.web.test_browser import base_url as base_url  # the uvicorn fixture

pytestmark = pytest.mark.browser


def test_pages_run_under_the_csp_without_violations(platform: Platform, base_url: str) -> None:
    sync_playwright = _playwright()
    make_org(platform, "lab")
    make_user(platform, Role.ANNOTATOR, name="biaozhu")
    make_dataset(platform, name="zh-news", organization="lab")
    make_project(platform, name="sentiment", organization="lab")
    violations: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page: Any = browser.new_context(locale="zh-CN").new_page()
            page.on("console", lambda m: violations.append(m.text)
                    if "Content Security Policy" in m.text else None)
            page.goto(base_url + "/login")
            page.get_by_label("用户名").fill("biaozhu")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(base_url + "/")
            for path in ("/", "/datasets", "/datasets/zh-news", "/account", "/projects"):
                page.goto(base_url + path)
                page.wait_for_load_state("networkidle")
            page.locator("form[action='/projects/sentiment/join'] button").click()
            page.wait_for_url(f"{base_url}/projects/sentiment/work")
            page.locator("#ann-key:not(:empty)").wait_for()  # annotate.js ran and fetched
            headers = page.request.get(base_url + "/").headers
        finally:
            browser.close()
    assert violations == []
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
