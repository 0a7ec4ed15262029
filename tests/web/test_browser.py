"""The portal in a real browser: log in, search, open a dataset, download, switch language.

Needs Debian's ``/usr/bin/chromium`` and the ``playwright`` package (its own browsers are
not used). Screenshots go to ``$JINGSHU_SCREENSHOTS`` when set (for looking at the
layout), else to the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import uvicorn

from jingshu.accounts.models import Role
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import DatasetSpec, create_dataset, get_version, publish_version
from jingshu.platform import Platform
from jingshu.store import Provenance
from jingshu.web.app import create_app
from tests.factories import PASSWORD, make_dataset, make_org, make_user

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ROWS = [{"id": "d0", "text": "今天天气很好。"}, {"id": "d1", "text": "数据要素市场。"},
        {"id": "d2", "text": "人工智能语料。"}]


def _playwright() -> Any:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is absent: pip install 'jingshu[test]'")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def base_url(platform: Platform) -> Iterator[str]:
    """The real app served by uvicorn on 127.0.0.1 in a background thread."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(platform), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start within 10 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("JINGSHU_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_login_search_preview_download_and_switch_language(
        platform: Platform, base_url: str, shots: Path, tmp_path: Path) -> None:
    sync_playwright = _playwright()
    org = make_org(platform, "lang-lab", title="中文语言实验室")
    make_user(platform, Role.ADMIN, name="admin")
    make_dataset(platform, name="zh-web-raw", title="网页原始文本", organization=org.name)
    _derived(platform, "zh-corpus", parent="zh-web-raw", rows=ROWS, title="高质量中文语料",
             organization=org.name, theme="教育", keywords=("语料", "中文"),
             license="CC-BY-4.0", update_frequency="每月",
             description="经过清洗、去重和隐私脱敏的中文文本，可用于预训练。")
    make_dataset(platform, name="cond-corpus", title="受限对话语料", organization=org.name,
                 tier=OpenTier.CONDITIONAL)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base_url + "/")
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=str(shots / "home-phone.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent") == "跳到正文"
            page.screenshot(path=str(shots / "home.png"), full_page=True)

            page.get_by_role("link", name="登录").click()
            page.get_by_label("用户名").fill("admin")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(base_url + "/")
            assert page.get_by_role("link", name="admin").is_visible()

            page.get_by_placeholder("搜索数据集，例如：语料").fill("语料")
            page.keyboard.press("Enter")
            page.wait_for_url("**/datasets?q=*")
            page.screenshot(path=str(shots / "search.png"), full_page=True)
            page.get_by_role("link", name="高质量中文语料").click()
            page.wait_for_url("**/datasets/zh-corpus")
            page.locator(".ds-tabs").get_by_role("link", name="数据查看器").click()
            assert "今天天气很好。" in page.locator("table.viewer").inner_text()
            assert page.locator("svg.lineage a[href='/datasets/zh-web-raw?version=1']").count()
            page.screenshot(path=str(shots / "dataset.png"), full_page=True)

            with page.expect_download() as info:
                page.get_by_role("link", name="下载 JSONL").click()
            saved = tmp_path / "download.jsonl"
            info.value.save_as(saved)
            assert [json.loads(line) for line in saved.read_text("utf-8").splitlines()] == ROWS

            page.get_by_role("link", name="English").click()
            page.wait_for_url("**/datasets/zh-corpus")
            page.locator(".ds-tabs").get_by_role("link", name="Data viewer").click()
            assert page.get_by_role("heading", name="Data viewer").is_visible()
            assert page.get_by_role("link", name="Download JSONL").is_visible()
            page.screenshot(path=str(shots / "dataset-en.png"), full_page=True)

            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(base_url + "/datasets/cond-corpus")
            phone.screenshot(path=str(shots / "dataset-phone.png"), full_page=True)
        finally:
            browser.close()


def _derived(platform: Platform, name: str, *, parent: str, rows: list[dict[str, str]],
             **spec: Any) -> None:
    """Dataset ``name`` whose one version was made from the latest version of ``parent``."""
    with platform.session() as s:
        dataset = create_dataset(s, DatasetSpec(name=name, **spec), actor="test")
        publish_version(s, platform.store, dataset, [pa.RecordBatch.from_pylist(rows)],
                        creator="test", made_by=Provenance(kind="recipe", source="clean.yaml"),
                        parents=[get_version(s, parent)])
