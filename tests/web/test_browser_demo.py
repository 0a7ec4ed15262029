"""The demo's whole chain in Chromium, at desktop and 390 px.

``run_demo`` (a small sample) makes the catalog, the analyst, the agreements, the
sandbox declaration and the annotation project; then: the analyst applies for the raw
sample (organization pre-filled), the demo admin approves and is told so, the analyst
sees watermarked downloads and queries the sandbox (a DP count), and the
annotation project shows its tasks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jingshu.demo import ADMIN, ANALYST, LAB_TITLE, PROJECT, RAW, DemoResult, run_demo
from jingshu.platform import Platform
from tests.cli.test_demo import _small_sample
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots
from tests.web.test_browser_catalog import SIZES, _no_sideways_scroll

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures

def _page(browser: Any, base: str, size: str, username: str, password: str) -> Any:
    page = browser.new_context(locale="zh-CN", viewport=SIZES[size]).new_page()
    page.goto(base + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/")
    return page


def _apply(page: Any, base: str) -> None:
    page.goto(f"{base}/datasets/{RAW.name}/apply")
    assert page.get_by_label("申请单位").input_value() == LAB_TITLE
    page.get_by_label("使用目的").fill("训练中文文本清洗模型")
    page.get_by_label("使用场景").fill("实验室内部研究")
    page.get_by_label("我已阅读并接受安全承诺书").check()
    page.get_by_label("我已阅读并接受开放利用协议").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/requests")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_demo_chain(platform: Platform, base_url: str, shots: Path, tmp_path: Path,
                        size: str) -> None:
    demo: DemoResult = run_demo(platform, progress=False, sample=_small_sample(tmp_path))
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            analyst = _page(browser, base_url, size, ANALYST, demo.analyst_password)
            _apply(analyst, base_url)
            assert "待审核" in analyst.locator("main").inner_text()

            admin = _page(browser, base_url, size, ADMIN, demo.password)
            admin.goto(base_url + "/review")
            assert "训练中文文本清洗模型" in admin.locator("main").inner_text()
            admin.get_by_role("button", name="批准").first.click()
            admin.wait_for_url("**/review?done=approve&id=*")
            assert "已批准申请" in admin.locator("#review-flash").inner_text()
            _no_sideways_scroll(admin)

            analyst.goto(base_url + "/grants")
            row = analyst.locator("tr[id^=grant-]")
            assert row.get_by_role("link", name="csv").count() == 1
            row.get_by_role("link", name="在沙箱中查询").click()
            analyst.locator("#aggregate").select_option("count")
            analyst.locator("#epsilon").fill("1")
            analyst.locator("#sb-run").click()
            analyst.wait_for_load_state()
            assert "95% 的结果落在真实值 ±" in analyst.locator("#sb-accuracy").inner_text()
            _no_sideways_scroll(analyst)
            analyst.screenshot(path=str(shots / f"demo-sandbox-{size}.png"), full_page=True)

            admin.goto(f"{base_url}/projects/{PROJECT}")
            assert "示范：中文文档主题标注" in admin.locator("main").inner_text()
            admin.screenshot(path=str(shots / f"demo-project-{size}.png"), full_page=True)
        finally:
            browser.close()
