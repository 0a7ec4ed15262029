"""In a real browser: a consumer applies, the publisher approves, the consumer downloads
a watermarked extract that traces back to them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jingshu.accounts.models import Role
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import get_dataset
from jingshu.circulation import AgreementKind, set_agreement, trace_file
from jingshu.circulation.watermark import Verdict
from jingshu.platform import Platform
from tests.circulation.conftest import ROWS
from tests.factories import PASSWORD, make_dataset, make_org, make_user
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright
from tests.web.test_browser import base_url as base_url

pytestmark = pytest.mark.browser


@pytest.fixture
def world(platform: Platform) -> Iterator[Platform]:
    make_org(platform, "city-data", title="市数据局")
    make_user(platform, Role.PUBLISHER, name="pub", organization="city-data")
    make_user(platform, Role.CONSUMER, name="alice")
    make_dataset(platform, name="health", title="医疗健康统计", tier=OpenTier.CONDITIONAL,
                 organization="city-data", rows=ROWS * 10)
    with platform.session() as s:
        ds = get_dataset(s, "health")
        set_agreement(s, ds, AgreementKind.COMMITMENT, "我承诺仅用于申请用途。", actor="pub")
        set_agreement(s, ds, AgreementKind.USE, "不得转让或再发布。", actor="pub")
        s.commit()
    yield platform


def _login(page: object, base_url: str, name: str) -> None:
    page.goto(base_url + "/login")  # type: ignore[attr-defined]
    page.get_by_label("用户名").fill(name)  # type: ignore[attr-defined]
    page.get_by_label("密码").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="登录").click()  # type: ignore[attr-defined]
    page.wait_for_url(base_url + "/")  # type: ignore[attr-defined]


def test_apply_approve_download(world: Platform, base_url: str, tmp_path: Path) -> None:
    sync_playwright = _playwright()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            consumer = browser.new_context().new_page()
            _login(consumer, base_url, "alice")
            consumer.goto(base_url + "/datasets/health")
            consumer.get_by_role("link", name="申请使用").click()
            consumer.wait_for_url("**/datasets/health/apply")
            consumer.get_by_label("申请单位").fill("某大学")
            consumer.get_by_label("使用目的").fill("训练医疗问答模型")
            consumer.get_by_label("使用场景").fill("科研")
            consumer.locator("input[name=fields][value=note]").check()
            consumer.locator("input[name=fields][value=score]").check()
            consumer.get_by_label("我已阅读并接受安全承诺书").check()
            consumer.get_by_label("我已阅读并接受开放利用协议").check()
            consumer.get_by_role("button", name="提交申请").click()
            consumer.wait_for_url("**/requests")
            assert "待审核" in consumer.locator("table.data").inner_text()

            publisher = browser.new_context().new_page()
            _login(publisher, base_url, "pub")
            publisher.get_by_role("link", name="审核").click()
            publisher.wait_for_url("**/review")
            assert "训练医疗问答模型" in publisher.content()
            publisher.get_by_role("button", name="批准").click()
            publisher.wait_for_url("**/review?done=approve&id=*")
            assert publisher.locator("#review-flash").inner_text().startswith("已批准申请 #")

            consumer.get_by_role("navigation").get_by_role("link", name="站内信").click()
            consumer.wait_for_url("**/inbox")
            assert "已批准" in consumer.locator("ul.inbox").inner_text()
            consumer.goto(base_url + "/grants")
            with consumer.expect_download() as info:
                consumer.get_by_role("link", name="csv").click()
            saved = tmp_path / "leak.csv"
            info.value.save_as(saved)
        finally:
            browser.close()
    assert saved.read_text("utf-8").splitlines()[0] == "score,note"
    with world.session() as s:
        result = trace_file(s, world.store, saved)
    assert result.verdict is Verdict.TRACED, result.message
    assert result.findings[0].holder == "alice"
