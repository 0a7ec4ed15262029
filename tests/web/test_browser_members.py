"""Registration → approval by the organization's admin, in Chromium at desktop and 390 px.

A visitor registers from the login page; the pending account cannot log in; the
organization admin approves it with a role on the members page and is told what
happened; the new user then logs in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jingshu.accounts.models import Role
from jingshu.accounts.registration import set_org_admin
from jingshu.accounts.service import get_user
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_org, make_user
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _playwright, base_url, shots
from tests.web.test_browser_catalog import SIZES, _no_sideways_scroll

pytestmark = pytest.mark.browser
__all__ = ["base_url", "shots"]  # fixtures


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.mark.parametrize("size", list(SIZES))
def test_register_then_the_org_admin_approves(platform: Platform, base_url: str, shots: Path,
                                              size: str) -> None:
    make_org(platform, "city-lab", title="城市数据实验室")
    make_user(platform, Role.PUBLISHER, name="boss", organization="city-lab")
    with platform.session() as s:
        set_org_admin(s, get_user(s, "boss"), True, actor="test")
        s.commit()
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="zh-CN", viewport=SIZES[size]).new_page()
            page.goto(base_url + "/login")
            page.locator("main").get_by_role("link", name="注册").click()
            page.wait_for_url("**/register")
            page.get_by_label("用户名").fill("newbie")
            page.get_by_label("姓名").fill("新同事")
            page.get_by_label("密码", exact=True).fill(PASSWORD)
            page.get_by_label("再次输入密码").fill("not-the-same-9")
            page.get_by_label("所属机构").select_option("city-lab")
            page.get_by_role("button", name="提交注册").click()
            assert page.locator("#password2-error").inner_text() == "两次输入的密码不一致。"
            page.get_by_label("密码", exact=True).fill(PASSWORD)
            page.get_by_label("再次输入密码").fill(PASSWORD)
            _no_sideways_scroll(page)
            page.screenshot(path=str(shots / f"register-{size}.png"), full_page=True)
            page.get_by_role("button", name="提交注册").click()
            assert "正在等待 城市数据实验室 的管理员审核" in page.locator("#reg-done").inner_text()

            _log_in(page, base_url, "newbie")
            told = page.locator("#login-error").inner_text()
            assert "正在等待 城市数据实验室 的管理员审核" in told, "pending: not yet"

            boss = browser.new_context(locale="zh-CN", viewport=SIZES[size]).new_page()
            _log_in(boss, base_url, "boss")
            boss.goto(base_url + "/account")
            boss.get_by_role("link", name="成员与注册审核").click()
            card = boss.locator("[id^=registration-]")
            assert "newbie" in card.inner_text() and "城市数据实验室" in card.inner_text()
            _no_sideways_scroll(boss)
            boss.screenshot(path=str(shots / f"members-pending-{size}.png"), full_page=True)
            card.get_by_label("批准后的角色").select_option("annotator")
            card.get_by_role("button", name="批准").click()
            flash = boss.locator("#member-flash").inner_text()
            assert flash == "已批准 newbie 的注册，角色为“标注员”，该用户现在可以登录。"
            assert "没有待审核的注册" in boss.locator("main").inner_text()
            boss.screenshot(path=str(shots / f"members-approved-{size}.png"), full_page=True)

            _log_in(page, base_url, "newbie")
            page.wait_for_url(base_url + "/")
            page.goto(base_url + "/account")
            assert "标注员" in page.locator("main").inner_text()
        finally:
            browser.close()
