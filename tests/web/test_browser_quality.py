"""The quality tab in a real browser: from the dataset page to the charts, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingshu.platform import Platform
from tests.factories import make_dataset
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures

LINE = "欢迎大家再来品尝我们的新菜！"
ROWS = [{"text": f"第{i}条评论：这家店的菜很好吃，送餐也快。\n{LINE}", "stars": i % 5 + 1}
        for i in range(40)]


def test_quality_tab(platform: Platform, base_url: str, shots: Path) -> None:
    make_dataset(platform, name="reviews", rows=ROWS)
    platform.profile("reviews@1")  # stored now: the page does not wait for the profile job
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(10_000)
            page.goto(f"{base_url}/datasets/reviews")
            page.click("#quality-tab")
            page.wait_for_selector("#quality")
            assert "质量概况" in page.title()
            assert page.locator("figure.q-chart").count() == 2
            assert page.locator("rect.q-bar").count() >= 14
            tokens = page.locator("td.q-tokens").inner_text()
            assert int(tokens.replace(",", "")) > 0
            assert LINE in page.locator("ol.q-top-lines").inner_text()
            assert page.locator("table.quality-columns td.mono").first.inner_text() == "stars"
            page.screenshot(path=str(shots / "quality-zh.png"), full_page=True)
            page.goto(f"{base_url}/datasets/reviews/quality?version=1&lang=en")
            assert page.locator("#quality-h").inner_text() == "Quality profile"
            assert page.locator("figcaption").first.inner_text().startswith("Length")
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(f"{base_url}/datasets/reviews/quality")
            phone.screenshot(path=str(shots / "quality-phone.png"), full_page=True)
        finally:
            browser.close()
