"""Bounding boxes in a real browser (Debian's chromium through Playwright).

An annotator draws two boxes on an image with the mouse, labels each with a number key,
deletes the second with the keyboard and submits; the stored answer holds the first box
where it was drawn, in image pixels (answers are stored in percent of width and height).
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.annotate.models import Answer
from jingshu.platform import Platform
from tests.factories import make_org, make_project, make_user
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots
from tests.web.test_browser_annotate import _join, _login

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures shared with the portal's browser test

WIDTH, HEIGHT = 400, 300
CAT = (40, 30, 200, 150)  # x1, y1, x2, y2 in image pixels
DOG = (260, 120, 380, 280)


def _image() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (WIDTH, HEIGHT), (200, 220, 240)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _drag(page: Any, frame: dict[str, float], box: tuple[int, int, int, int]) -> None:
    scale = frame["width"] / WIDTH
    page.mouse.move(frame["x"] + box[0] * scale, frame["y"] + box[1] * scale)
    page.mouse.down()
    page.mouse.move(frame["x"] + box[2] * scale, frame["y"] + box[3] * scale, steps=5)
    page.mouse.up()


def test_draw_label_delete_and_submit_boxes(platform: Platform, base_url: str,
                                            shots: Path) -> None:
    sync_playwright = _playwright()
    make_org(platform, "lab")
    make_user(platform, Role.ANNOTATOR, name="huakuang")
    project = make_project(platform, name="pets", organization="lab", overlap=1,
                           rows=[{"id": "i1", "image": _image()}],
                           label_schema={"kind": "boxes", "labels": ["猫", "狗"]})
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _login(browser, base_url, "huakuang")
            _join(page, base_url, project)
            image = page.locator("#ann-item img")
            page.wait_for_function(
                "() => document.querySelector('#ann-item img')?.naturalWidth > 0")
            frame = image.bounding_box()
            _drag(page, frame, CAT)
            page.keyboard.press("1")
            _drag(page, frame, DOG)
            page.keyboard.press("2")
            items = page.locator("#ann-spans li")
            assert items.count() == 2 and items.nth(1).inner_text().startswith("狗")
            assert page.locator(".ann-box").count() == 2
            page.screenshot(path=str(shots / "annotate-boxes.png"), full_page=True)
            page.keyboard.press("Delete")
            assert items.count() == 1 and items.first.inner_text().startswith("猫")
            page.keyboard.press("Enter")
            page.locator("#ann-done").wait_for(state="visible")
        finally:
            browser.close()
    with platform.session() as s:
        (value,) = s.scalars(select(Answer.value).where(Answer.annotator == "huakuang")).all()
    assert [b["label"] for b in value] == ["猫"]
    drawn = value[0]
    pixels = (drawn["x"] * WIDTH / 100, drawn["y"] * HEIGHT / 100,
              (drawn["x"] + drawn["w"]) * WIDTH / 100, (drawn["y"] + drawn["h"]) * HEIGHT / 100)
    assert all(abs(got - want) <= 3 for got, want in zip(pixels, CAT, strict=True)), pixels
