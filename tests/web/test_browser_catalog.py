"""Facets, the dataset sections and the viewer in Chromium, at desktop width and at 390 px.

Screenshots go to ``$JINGSHU_SCREENSHOTS`` when set (``docs/images/catalog`` holds the
ones the guide shows), else to the test's temporary folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures

LONG = "这是一段很长的网页正文，" * 40 + "结尾。"
ROWS = [{"id": f"doc-{i}", "url": f"https://news.example.cn/2025/{i}.html",
         "text": LONG if i % 7 == 3 else f"第{i}篇：数据要素市场建设稳步推进。"}
        for i in range(120)]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _catalog(platform: Platform) -> None:
    make_org(platform, "sh-data", title="上海市数据局")
    make_dataset(platform, name="zh-news", title="中文新闻语料", organization="sh-data",
                 theme="语言", keywords=("新闻", "预训练"), license="CC-BY-4.0", rows=ROWS,
                 description="经过清洗和去重的中文新闻正文。")
    make_dataset(platform, name="traffic", title="城市交通流量", organization="sh-data",
                 theme="交通", keywords=("交通",), rows=[{"hour": 1, "cars": 30}])
    make_dataset(platform, name="core-med", title="核心医疗数据", tier=OpenTier.NOT_OPEN,
                 grade=Grade.CORE, sensitivity=Sensitivity.L4, theme="医疗")


def _row_numbers_not_clipped(page: Any) -> None:
    """Each row number fits its column and stays inside the viewer (an expanded cell once
    squeezed the column until its numbers were cut off)."""
    boxes = page.evaluate("""(() => {
        const scroller = document.querySelector('.viewer-scroll').getBoundingClientRect();
        return [...document.querySelectorAll('table.viewer .rownum')]
          .filter(c => c.tagName === 'TH').map(c => {
            const box = c.getBoundingClientRect();
            const text = document.createRange();
            text.selectNodeContents(c);
            const ink = text.getBoundingClientRect();
            return {cell: [box.left, box.right], ink: [ink.left, ink.right],
                    view: [scroller.left, scroller.right], text: c.textContent,
                    fits: c.scrollWidth <= c.clientWidth};
          });
    })()""")
    for b in boxes:
        assert b["fits"], b
        assert b["cell"][0] - 0.5 <= b["ink"][0] and b["ink"][1] <= b["cell"][1] + 0.5, b
        assert b["view"][0] - 0.5 <= b["cell"][0], b  # not scrolled out of the viewer


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, width


@pytest.mark.parametrize("size", list(SIZES))
def test_facets_filter_the_catalog(platform: Platform, base_url: str, shots: Path,
                                   size: str) -> None:
    _catalog(platform)
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=SIZES[size])
            page.goto(base_url + "/datasets")
            grade = page.locator("[data-facet=grade]")
            assert "核心" in grade.inner_text() and "一般" in grade.inner_text()
            page.screenshot(path=str(shots / f"search-facets-{size}.png"), full_page=True)
            _no_sideways_scroll(page)
            grade.get_by_role("link", name="核心").click()
            page.wait_for_url("**/datasets?grade=core")
            assert page.locator(".dataset-item").count() == 1
            assert "核心医疗数据" in page.locator(".results").inner_text()
            page.locator(".chip").click()  # remove the filter
            page.wait_for_url(base_url + "/datasets")
            page.locator("[data-facet=tag]").get_by_role("link", name="交通").click()
            page.wait_for_url("**/datasets?tag=*")
            assert page.locator(".dataset-item").count() == 1
            page.select_option("#f-sort", "name")  # submits by itself
            page.wait_for_url("**sort=name*")
        finally:
            browser.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_viewer_pages_expands_and_searches(platform: Platform, base_url: str, shots: Path,
                                           size: str) -> None:
    _catalog(platform)
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=SIZES[size])
            page.goto(base_url + "/datasets/zh-news")
            assert page.locator("#overview").is_visible()
            assert not page.locator("#viewer").is_visible()  # sections are tabs
            height = page.evaluate("document.documentElement.scrollHeight")
            assert height < (2600 if size == "phone" else 1400), height
            page.screenshot(path=str(shots / f"dataset-overview-{size}.png"), full_page=True)

            page.locator(".ds-tabs").get_by_role("link", name="数据查看器").click()
            viewer = page.locator("#viewer")
            viewer.wait_for(state="visible", timeout=10_000)  # the tab's script shows it
            assert not page.locator("#overview").is_visible()
            assert "第 1–25 行，共 120 行" in viewer.inner_text()
            cell = viewer.locator("details.cell-more").first
            full = cell.locator(".cell-full")
            assert not full.is_visible()
            cell.locator("summary").click()
            full.wait_for(state="visible", timeout=10_000)
            assert "结尾。" in full.inner_text()
            _row_numbers_not_clipped(page)
            widths = page.evaluate("""[...document.querySelectorAll('table.viewer thead th')]
                                      .map(th => th.getBoundingClientRect().width)""")
            assert widths[3] > widths[1]  # text is wider than id
            _no_sideways_scroll(page)
            page.screenshot(path=str(shots / f"dataset-viewer-{size}.png"), full_page=True)
            tall = page.evaluate("document.documentElement.scrollHeight")
            assert tall < 4000, tall  # not the old 23,000 px page

            viewer.locator("[data-page=next]").click()
            page.wait_for_url("**offset=25*")
            assert "第 26–50 行" in page.locator("#viewer").inner_text()
            assert page.locator("#viewer").is_visible()  # the viewer stays open
            page.locator("#viewer").locator("[data-page=last]").click()
            page.wait_for_url("**offset=100*")
            assert "第 101–120 行" in page.locator("#viewer").inner_text()
            page.fill("#viewer-goto", "57")
            page.locator(".goto button").click()
            page.wait_for_url("**row=57*")
            assert "第 51–75 行" in page.locator("#viewer").inner_text()

            page.fill("#viewer-q", "第11篇")
            page.keyboard.press("Enter")
            page.wait_for_url("**q=*")
            text = page.locator("#viewer").inner_text()
            assert "匹配 1 行" in text and "第11篇" in text and "第12篇" not in text
        finally:
            browser.close()


def test_closed_dataset_shows_no_rows_in_the_browser(platform: Platform, base_url: str,
                                                     shots: Path) -> None:
    _catalog(platform)
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=SIZES["phone"])
            page.goto(base_url + "/datasets/core-med#viewer")
            assert "没有权限查看" in page.locator("#viewer").inner_text()
            assert page.locator("#access").is_visible()  # the access box is always shown
            assert page.locator("#download-jsonl").count() == 0
            page.screenshot(path=str(shots / "dataset-closed-phone.png"), full_page=True)
        finally:
            browser.close()
