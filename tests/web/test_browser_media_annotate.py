"""Annotating images and audio in a real browser (Debian's chromium through Playwright).

The items name their files by sha256, so the page loads them through the project's
governed media route (``/api/v1/projects/NAME/media/SHA``). An annotator draws a polygon
with mouse clicks and the keyboard (Backspace drops a vertex, Enter closes, a number key
labels it) and a second one with the keyboard alone (arrows move a cross, Space adds a
vertex), rates an image–text pair with a number key, marks an audio segment with
the arrow keys and ``[``/``]``, and types a transcript; the stored answers are then read
back through the HTTP API (``GET …/labels?format=answers``) and checked against what was
drawn, in image fractions and seconds.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.annotate.media_samples import shape_png, tone_wav
from tests.factories import make_org, make_project, make_user
from tests.media.conftest import multimodal  # noqa: F401 (fixture)
from tests.web.helpers import bearer
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots
from tests.web.test_browser_annotate import _join, _login

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures shared with the portal's browser test

WIDTH, HEIGHT = 400, 300
VERTICES = [(60, 50), (220, 40), (260, 200), (80, 230)]  # image pixels, clockwise
STRAY = (350, 280)  # clicked, then removed with Backspace
SECONDS = 4.0


def _projects(platform: Platform) -> dict[str, str]:
    make_org(platform, "lab")
    make_user(platform, Role.PUBLISHER, name="owner", organization="lab")
    make_user(platform, Role.ANNOTATOR, name="huaxian")
    blobs = platform.store.blobs()
    image = {"id": "img1", "image_sha256": blobs.put(shape_png(WIDTH, HEIGHT, VERTICES)),
             "format": "PNG", "width": WIDTH, "height": HEIGHT,
             "caption": "蓝色背景上的一个深蓝色四边形。"}
    audio = {"id": "clip1", "audio_sha256": blobs.put(tone_wav(SECONDS)), "format": "WAV",
             "duration_s": SECONDS}
    return {
        "polygons": make_project(platform, name="regions", organization="lab", overlap=1,
                                 rows=[image], label_schema={
                                     "kind": "polygons", "field": "image_sha256",
                                     "labels": ["车", "人"]}),
        "image_text": make_project(platform, name="captions", organization="lab", overlap=1,
                                   rows=[image], label_schema={
                                       "kind": "image_text", "field": "image_sha256",
                                       "second_field": "caption",
                                       "labels": ["匹配", "部分匹配", "不匹配"]}),
        "segments": make_project(platform, name="sounds", organization="lab", overlap=1,
                                 rows=[audio], label_schema={
                                     "kind": "audio_segments", "field": "audio_sha256",
                                     "labels": ["说话", "噪声"]}),
        "transcription": make_project(platform, name="speech", organization="lab", overlap=1,
                                      rows=[audio], label_schema={
                                          "kind": "transcription", "field": "audio_sha256"}),
        "image_class": make_project(platform, name="kinds", organization="lab", overlap=1,
                                    rows=[image], label_schema={
                                        "kind": "image_class", "field": "image_sha256",
                                        "labels": ["车", "人"]}),
    }


def _click(page: Any, frame: dict[str, float], point: tuple[int, int]) -> None:
    scale = frame["width"] / WIDTH
    page.mouse.click(frame["x"] + point[0] * scale, frame["y"] + point[1] * scale)


def _draw_polygon(page: Any, shots: Path) -> None:
    page.wait_for_function("() => document.querySelector('#ann-item img')?.naturalWidth > 0")
    frame = page.locator("#ann-item img").bounding_box()
    for point in VERTICES[:3]:
        _click(page, frame, point)
    _click(page, frame, STRAY)
    page.keyboard.press("Backspace")  # drops STRAY
    _click(page, frame, VERTICES[3])
    page.keyboard.press("Enter")  # closes the polygon (does not submit)
    page.keyboard.press("2")  # labels it 人
    listed = page.locator("#ann-spans li")
    assert listed.count() == 1 and listed.first.inner_text().startswith("人: 4 个点")
    # a second polygon without the mouse: the cross starts at the centre
    page.locator("#ann-item .ann-poly").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Space")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.keyboard.press("1")  # 车
    assert listed.count() == 2 and listed.nth(1).inner_text().startswith("车: 3 个点")
    assert page.locator("polygon.ann-poly-shape").count() == 2
    page.screenshot(path=str(shots / "annotate-polygon.png"), full_page=True)
    page.keyboard.press("Enter")  # submits
    page.locator("#ann-done").wait_for(state="visible")


def _rate_pair(page: Any) -> None:
    page.wait_for_function("() => document.querySelector('#ann-item img')?.naturalWidth > 0")
    assert "深蓝色四边形" in page.locator(".ann-caption").inner_text()
    page.keyboard.press("2")
    assert page.locator(".ann-label.pressed").inner_text().endswith("部分匹配")
    page.keyboard.press("Enter")
    page.locator("#ann-done").wait_for(state="visible")


def _mark_segment(page: Any, shots: Path) -> None:
    page.wait_for_function("() => document.querySelector('#ann-item audio')?.readyState >= 1")
    page.locator(".ann-timeline").focus()
    page.keyboard.press("ArrowRight")  # 1 s
    page.keyboard.press("BracketLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # 3 s
    page.keyboard.press("BracketRight")
    page.keyboard.press("2")  # 噪声
    assert page.locator("#ann-spans li").first.inner_text().startswith("噪声: 1.0–3.0 s")
    assert page.locator(".ann-seg").count() == 1
    page.screenshot(path=str(shots / "annotate-segments.png"), full_page=True)
    page.keyboard.press("Enter")
    page.locator("#ann-done").wait_for(state="visible")


def _transcribe(page: Any) -> None:
    page.wait_for_function("() => document.querySelector('#ann-item audio')?.readyState >= 1")
    box = page.locator("#ann-transcript")
    assert box.evaluate("el => el === document.activeElement")
    box.type("今天天气很好")
    page.keyboard.press("Control+Enter")
    page.locator("#ann-done").wait_for(state="visible")


def _answers(base: str, headers: dict[str, str], project: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(f"{base}/api/v1/projects/{project}/labels?format=answers",
                                     headers=headers)
    with urllib.request.urlopen(request) as response:
        return [json.loads(line) for line in response.read().decode().splitlines()]


def test_polygon_rating_segment_and_transcript_in_the_browser(
        platform: Platform, base_url: str, shots: Path) -> None:
    sync_playwright = _playwright()
    names = _projects(platform)
    errors: list[Any] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _login(browser, base_url, "huaxian")
            page.on("pageerror", lambda error: errors.append(error))
            _join(page, base_url, names["polygons"])
            _draw_polygon(page, shots)
            _join(page, base_url, names["image_text"])
            _rate_pair(page)
            _join(page, base_url, names["segments"])
            _mark_segment(page, shots)
            _join(page, base_url, names["transcription"])
            _transcribe(page)
            _join(page, base_url, names["image_class"])  # the older image kinds, by sha256 too
            page.wait_for_function(
                "() => document.querySelector('#ann-item img')?.naturalWidth > 0")
            page.keyboard.press("2")
            page.keyboard.press("Enter")
            page.locator("#ann-done").wait_for(state="visible")
        finally:
            browser.close()
    assert not errors, errors
    owner = bearer(platform, "owner")
    (polygon,) = _answers(base_url, owner, names["polygons"])
    assert polygon["annotator"] == "huaxian" and polygon["row_key"] == "img1"
    drawn, keyed = polygon["value"]
    assert drawn["label"] == "人" and len(drawn["points"]) == 4
    for (x, y), (px, py) in zip(drawn["points"], VERTICES, strict=True):
        assert abs(x * WIDTH - px) <= 3 and abs(y * HEIGHT - py) <= 3, drawn["points"]
    assert keyed == {"points": [[0.5, 0.5], [0.6, 0.5], [0.6, 0.6]], "label": "车"}
    assert [a["value"] for a in _answers(base_url, owner, names["image_text"])] == ["部分匹配"]
    (segment,) = _answers(base_url, owner, names["segments"])
    assert segment["value"] == [{"start": 1.0, "end": 3.0, "label": "噪声"}]
    (spoken,) = _answers(base_url, owner, names["transcription"])
    assert spoken["value"] == "今天天气很好"
    assert [a["value"] for a in _answers(base_url, owner, names["image_class"])] == ["人"]


def test_project_form_previews_the_media_kinds(platform: Platform, base_url: str,
                                               shots: Path) -> None:
    """The form's preview shows a sample image, caption or clip for each media kind and
    takes its keys; nothing is stored."""
    sync_playwright = _playwright()
    make_org(platform, "lab")
    make_user(platform, Role.PUBLISHER, name="owner", organization="lab")
    errors: list[Any] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _login(browser, base_url, "owner")
            page.on("pageerror", lambda error: errors.append(error))
            page.goto(base_url + "/projects/new")
            kind = page.get_by_label("标注类型")
            kind.select_option("polygons")
            page.locator("#new-labels").fill("车\n人")
            page.wait_for_function(
                "() => document.querySelector('#ann-item img')?.naturalWidth > 0")
            page.locator("#ann-item img").scroll_into_view_if_needed()
            frame = page.locator("#ann-item img").bounding_box()
            for x, y in ((0.2, 0.2), (0.6, 0.2), (0.4, 0.7)):
                page.mouse.click(frame["x"] + x * frame["width"],
                                 frame["y"] + y * frame["height"])
            page.keyboard.press("Enter")
            assert page.locator("#ann-spans li").first.inner_text().startswith("车: 3 个点")
            kind.select_option("image_text")
            page.locator("#new-labels").fill("匹配\n不匹配")
            assert page.locator(".ann-caption").inner_text() == "一只黑白相间的猫趴在窗台上。"
            assert page.locator("#ann-controls .ann-label").count() == 2
            kind.select_option("audio_segments")
            page.wait_for_function(
                "() => document.querySelector('#ann-item audio')?.readyState >= 1")
            assert page.locator(".ann-timeline").count() == 1
            kind.select_option("transcription")
            assert page.locator("#ann-transcript").count() == 1
            page.screenshot(path=str(shots / "annotate-form-transcription.png"), full_page=True)
        finally:
            browser.close()
    assert not errors, errors


@pytest.mark.realdata
def test_real_photo_and_speech_in_the_browser(platform: Platform, base_url: str,
                                              multimodal: Path) -> None:  # noqa: F811
    """A NUS-WIDE photo and an AISHELL-1 clip (../shared/data/multimodal) decode in
    Chromium through the project's media route; a polygon on the photo and a segment of
    the clip come back over the API as drawn."""
    from jingshu.store.media_probe import probe_audio, probe_image

    sync_playwright = _playwright()
    make_org(platform, "lab")
    make_user(platform, Role.PUBLISHER, name="owner", organization="lab")
    make_user(platform, Role.ANNOTATOR, name="huaxian")
    photo = (multimodal / "images" / "nuswide100_zh_tags" / "48661375.jpg").read_bytes()
    clip = (multimodal / "audio" / "aishell1_flyai" / "BAC009S0724W0121.wav").read_bytes()
    image, sound = probe_image(photo, "cat.jpg"), probe_audio(clip, "clip.wav")
    blobs = platform.store.blobs()
    regions = make_project(platform, name="cats", organization="lab", overlap=1, rows=[
        {"id": "cat", "image_sha256": blobs.put(photo), "format": image.format}],
        label_schema={"kind": "polygons", "field": "image_sha256", "labels": ["猫"]})
    sounds = make_project(platform, name="speech", organization="lab", overlap=1, rows=[
        {"id": "W0121", "audio_sha256": blobs.put(clip), "format": sound.format,
         "duration_s": sound.duration_s}],
        label_schema={"kind": "audio_segments", "field": "audio_sha256", "labels": ["说话"]})
    corners = [(0.25, 0.2), (0.75, 0.2), (0.5, 0.8)]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _login(browser, base_url, "huaxian")
            _join(page, base_url, regions)
            page.wait_for_function(
                "() => document.querySelector('#ann-item img')?.naturalWidth > 0")
            assert page.evaluate("document.querySelector('#ann-item img').naturalWidth") \
                == image.width
            page.locator("#ann-item img").scroll_into_view_if_needed()
            frame = page.locator("#ann-item img").bounding_box()
            for x, y in corners:
                page.mouse.click(frame["x"] + x * frame["width"],
                                 frame["y"] + y * frame["height"])
            page.keyboard.press("Enter")
            page.keyboard.press("Enter")
            page.locator("#ann-done").wait_for(state="visible")
            _join(page, base_url, sounds)
            page.wait_for_function(
                "() => document.querySelector('#ann-item audio')?.readyState >= 1")
            played = page.evaluate("document.querySelector('#ann-item audio').duration")
            assert played == pytest.approx(sound.duration_s, abs=0.05)
            page.locator(".ann-timeline").focus()
            for key in ("ArrowRight", "BracketLeft", "ArrowRight", "ArrowRight", "BracketRight",
                        "Enter"):
                page.keyboard.press(key)
            page.locator("#ann-done").wait_for(state="visible")
        finally:
            browser.close()
    owner = bearer(platform, "owner")
    ((drawn,),) = [a["value"] for a in _answers(base_url, owner, regions)]
    for (x, y), (cx, cy) in zip(drawn["points"], corners, strict=True):
        assert abs(x - cx) < 0.01 and abs(y - cy) < 0.01, drawn
    assert [a["value"] for a in _answers(base_url, owner, sounds)] == [
        [{"start": 1.0, "end": 3.0, "label": "说话"}]]
