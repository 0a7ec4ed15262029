"""The viewer of media datasets in Chromium: lazy thumbnails and audio players served by
the governed media endpoint, at desktop width and at 390 px; closed media stay hidden."""

from __future__ import annotations

import io
import math
import struct
import time
import wave
from pathlib import Path
from typing import Any

import pytest

from jingshu.accounts.models import Role
from jingshu.catalog.rules import OpenTier
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_dataset, make_org, make_user
from tests.media.conftest import jpeg
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PHOTOS = 25  # one viewer page


def _wav(seconds: float = 1.0, rate: int = 16_000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(i / 8))) for i in range(int(seconds * rate))
            )
        )
    return buf.getvalue()


def _media(platform: Platform) -> list[str]:
    make_org(platform, "city")
    make_user(platform, Role.PUBLISHER, name="owner", organization="city")
    blobs = platform.store.blobs()
    shas = [blobs.put(jpeg(i, size=(640, 420))) for i in range(PHOTOS)]
    rows = [
        {
            "id": f"p{i}",
            "image_sha256": sha,
            "format": "JPEG",
            "width": 640,
            "height": 420,
            "caption": f"街景照片{i}",
            "error": None,
        }
        for i, sha in enumerate(shas)
    ]
    make_dataset(platform, name="street", title="街景照片", organization="city", rows=rows)
    make_dataset(
        platform,
        name="street-closed",
        title="受限街景",
        organization="city",
        tier=OpenTier.CONDITIONAL,
        rows=rows[:3],
    )
    clip = blobs.put(_wav())
    make_dataset(
        platform,
        name="speech",
        title="语音",
        organization="city",
        rows=[
            {
                "id": "a0",
                "audio_sha256": clip,
                "format": "WAV",
                "duration_s": 1.0,
                "text": "你好",
                "error": None,
            }
        ],
    )
    return shas


def _open_viewer(page: Any, url: str) -> Any:
    page.goto(url)
    page.locator(".ds-tabs").get_by_role("link", name="数据查看器").click()
    viewer = page.locator("#viewer")
    viewer.wait_for(state="visible", timeout=10_000)  # the tab's script shows it
    return viewer


def _wait(page: Any, js: str, seconds: float = 15) -> None:
    """Poll ``js`` until true (wait_for_function evaluates strings, which the CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(js):
        assert time.monotonic() < deadline, f"not true after {seconds} s: {js}"
        page.wait_for_timeout(100)


def _loaded(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(f"""(() => {{ const im = document.querySelector({selector!r});
        return im.complete && im.naturalWidth > 0; }})()""")
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_thumbnails_load_lazily_and_fit(
    platform: Platform, base_url: str, shots: Path, size: str
) -> None:
    shas = _media(platform)
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=SIZES[size])
            thumbs: list[str] = []
            page.on("request", lambda r: thumbs.append(r.url) if "thumb=" in r.url else None)
            viewer = _open_viewer(page, base_url + "/datasets/street")
            images = viewer.locator("a.media-thumb img")
            assert images.count() == PHOTOS
            assert images.first.get_attribute("loading") == "lazy"
            _wait(page, "document.querySelector('a.media-thumb img').naturalWidth > 0")
            first = page.evaluate("""(() => {
                const im = document.querySelector('a.media-thumb img');
                return [im.naturalWidth, im.naturalHeight, im.getBoundingClientRect().width];
            })()""")
            assert first[:2] == [160, 105]  # made on the server, aspect kept
            assert first[2] == (96 if size == "phone" else 160)
            assert 0 < len(set(thumbs)) < PHOTOS  # the rows far below are not fetched yet
            assert {u.split("/media/")[1].split("?")[0] for u in thumbs} <= set(shas)
            page.evaluate("document.querySelector('.viewer-scroll').scrollTop = 1e6")
            _wait(
                page,
                """(() => { const all = document.querySelectorAll('a.media-thumb img');
                const im = all[all.length - 1]; return im.complete && im.naturalWidth > 0; })()""",
            )
            assert len(set(thumbs)) == PHOTOS
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= SIZES[size]["width"] + 1, width
            page.screenshot(path=str(shots / f"media-viewer-{size}.png"), full_page=True)
            href = images.first.locator("xpath=..").get_attribute("href")
            assert href == f"/api/v1/datasets/street/versions/1/media/{shas[0]}"
        finally:
            browser.close()


def test_audio_player_loads_only_when_asked(platform: Platform, base_url: str) -> None:
    _media(platform)
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=SIZES["phone"])
            fetched: list[str] = []
            page.on("request", lambda r: fetched.append(r.url) if "/media/" in r.url else None)
            viewer = _open_viewer(page, base_url + "/datasets/speech")
            player = viewer.locator("audio.media-audio")
            assert player.count() == 1 and player.get_attribute("preload") == "none"
            assert fetched == []
            page.evaluate("document.querySelector('audio.media-audio').load()")
            _wait(page, "document.querySelector('audio.media-audio').readyState >= 1")
            duration = page.evaluate("document.querySelector('audio.media-audio').duration")
            assert abs(duration - 1.0) < 0.01 and fetched
        finally:
            browser.close()


def test_closed_media_show_only_to_those_allowed(platform: Platform, base_url: str) -> None:
    _media(platform)
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            anonymous = browser.new_page()
            fetched: list[str] = []
            anonymous.on("request", lambda r: fetched.append(r.url) if "/media/" in r.url else None)
            anonymous.goto(base_url + "/datasets/street-closed")
            anonymous.locator(".ds-tabs").get_by_role("link", name="数据查看器").click()
            assert anonymous.locator("#viewer img, #viewer audio").count() == 0
            assert fetched == []

            owner = browser.new_context(locale="zh-CN").new_page()
            owner.goto(base_url + "/login")
            owner.get_by_label("用户名").fill("owner")
            owner.get_by_label("密码").fill(PASSWORD)
            owner.get_by_role("button", name="登录").click()
            owner.wait_for_url(base_url + "/")
            viewer = _open_viewer(owner, base_url + "/datasets/street-closed")
            assert viewer.locator("a.media-thumb img").count() == 3
            _wait(owner, "document.querySelector('a.media-thumb img').naturalWidth > 0")
            assert _loaded(owner, "a.media-thumb img")
        finally:
            browser.close()
