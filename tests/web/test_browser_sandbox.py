"""The DP sandbox pages in a real browser (Debian's chromium through Playwright).

The owner declares the columns; a consumer with a grant runs a count by group and a
histogram, sees the noisy values, the accuracy and the budget go down; a query over the
remaining budget is refused with its reason and spends nothing; the page switches to English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jingshu.platform import Platform
from tests.sandbox.helpers import REGIONS, make_sandbox
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots
from tests.web.test_browser_annotate import _login

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures shared with the portal's browser test


def _declare(page: Any, base: str, dataset: str) -> None:
    page.goto(f"{base}/datasets/{dataset}")
    page.locator("#sandbox-declare").click()
    page.locator("#col-0-name").fill("age")
    page.locator("#col-0-lower").fill("0")
    page.locator("#col-0-upper").fill("100")
    page.locator("#col-0-bins").fill("10")
    page.locator("#col-1-name").fill("region")
    page.locator("#col-1-kind").select_option("categorical")
    page.locator("#col-1-values").fill("，".join(REGIONS))
    page.get_by_label("每位使用者的总预算 ε").fill("2")
    page.get_by_label("单次查询最多花费 ε").fill("1")
    page.get_by_label("最小分组人数").fill("10")
    page.locator("#sb-save").click()
    page.locator("#sb-saved").wait_for()


def _run(page: Any, aggregate: str, epsilon: str, *, column: str = "",
         group_by: str = "") -> None:
    page.locator("#aggregate").select_option(aggregate)
    page.locator("#column").select_option(column)
    page.locator("#group_by").select_option(group_by)
    page.locator("#epsilon").fill(epsilon)
    page.locator("#sb-run").click()
    page.wait_for_load_state()


def test_owner_declares_consumer_queries_until_the_budget_refuses(
        platform: Platform, base_url: str, shots: Path) -> None:
    sync_playwright = _playwright()
    box = make_sandbox(platform, declared=False)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            owner = _login(browser, base_url, box.publisher)
            _declare(owner, base_url, box.dataset)
            owner.screenshot(path=str(shots / "sandbox-declaration.png"), full_page=True)

            page = _login(browser, base_url, box.consumer)
            page.goto(base_url + "/grants")
            page.get_by_role("link", name="在沙箱中查询").click()
            budget = page.locator("#sb-budget")
            assert budget.inner_text() == "剩余 ε 2 / 共 2（已查询 0 次）"

            _run(page, "count", "1", group_by="region")
            assert "95% 的结果落在真实值 ±" in page.locator("#sb-accuracy").inner_text()
            shown = len(REGIONS) + 1 - page.locator("#sb-other-dropped").count()
            assert page.locator("#sb-values tbody tr").count() == shown  # no phantom 其他
            assert page.locator("#sb-chart g.bar").count() == shown
            assert budget.inner_text() == "剩余 ε 1 / 共 2（已查询 1 次）"

            _run(page, "histogram", "1", column="age")
            assert page.locator("#sb-chart g.bar").count() == 10
            assert budget.inner_text() == "剩余 ε 0 / 共 2（已查询 2 次）"
            assert page.locator(".sb-bar-fill").evaluate("e => e.style.width") == "0%"
            page.screenshot(path=str(shots / "sandbox-histogram.png"), full_page=True)

            _run(page, "count", "0.5")
            refusal = page.locator("#sb-refusal")
            assert "未花费预算" in refusal.inner_text()
            assert "over your budget" in refusal.inner_text()
            assert budget.inner_text() == "剩余 ε 0 / 共 2（已查询 2 次）"
            assert page.locator("#sb-history tbody tr").count() == 2

            page.get_by_role("link", name="English").click()
            page.get_by_role("heading", name="Privacy budget").wait_for()
            assert page.locator("#sb-budget").inner_text() == "ε left 0 of 2 (2 queries)"
            page.screenshot(path=str(shots / "sandbox-english.png"), full_page=True)
        finally:
            browser.close()
