"""Error pages explain in the page's language; refusals' hints are translated and fit the role."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.platform import Platform
from tests.factories import make_dataset, make_user
from tests.web.helpers import as_role
from tests.web.pages.forms import page_login


def test_login_needed_in_chinese_and_english(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="cond", tier=OpenTier.CONDITIONAL)
    zh = client.get("/datasets/cond/download")
    assert zh.status_code == 401
    assert "请先登录再访问此页面。" in zh.text
    assert "请登录；脚本与命令行请在请求头中发送 Authorization: Bearer 令牌。" in zh.text
    assert "log in, or send" not in zh.text  # the hint is not left in English
    en = client.get("/datasets/cond/download?lang=en")
    assert "Log in to see this page." in en.text and "Log in, or send" in en.text


def test_refusal_names_the_role_in_the_page_language(platform: Platform,
                                                     client: TestClient) -> None:
    make_dataset(platform, name="cond", tier=OpenTier.CONDITIONAL)
    page_login(client, make_user(platform, Role.CONSUMER).username)
    refused = client.get("/datasets/cond/download")
    assert refused.status_code == 403
    assert "你的账户无权进行此操作" in refused.text
    assert "你的角色是“数据使用者”。如需此权限，请联系管理员。" in refused.text
    assert "详情" in refused.text  # the precise reason stays, marked as details


def test_an_administrator_is_not_told_to_ask_an_administrator(platform: Platform,
                                                              client: TestClient) -> None:
    make_dataset(platform, name="core", tier=OpenTier.NOT_OPEN, grade=Grade.CORE,
                 sensitivity=Sensitivity.L4)
    admin = make_user(platform, Role.ADMIN)
    api = client.get("/api/v1/datasets/core/versions/1/download",
                     headers=as_role(platform, Role.ADMIN))
    assert api.status_code == 403
    assert "ask an administrator" not in api.text and "cannot override" in api.text
    page_login(client, admin.username)
    page = client.get("/datasets/core/download")
    assert page.status_code == 403
    assert "这是平台的数据保护规则，管理员也不能越过。" in page.text
    assert "请联系管理员" not in page.text


def test_not_found_explains_in_chinese(platform: Platform, client: TestClient) -> None:
    page = client.get("/datasets/nope")
    assert page.status_code == 404 and "请检查网址中的名称与版本号" in page.text
