"""Registration, the members page (approve / reject, org admins), organizations, tokens."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.accounts.registration import set_org_admin
from jingshu.accounts.service import get_user, issue_token
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_org, make_user
from tests.web.pages.forms import csrf_field, page_login


def _register(client: TestClient, username: str, org: str, *, password: str = PASSWORD,
              password2: str | None = None, lang: str = "zh") -> str:
    form = client.get(f"/register?lang={lang}")
    assert form.status_code == 200
    page = client.post(f"/register?lang={lang}", data={
        "username": username, "display_name": "新同事", "email": "", "password": password,
        "password2": password if password2 is None else password2, "organization": org,
        "note": "数据治理课题组", "csrf_token": csrf_field(form.text)})
    return page.text


def test_register_then_org_admin_approves(platform: Platform, client: TestClient) -> None:
    make_org(platform, "city-lab", title="城市实验室")
    boss = make_user(platform, Role.PUBLISHER, name="boss", organization="city-lab")
    with platform.session() as s:
        set_org_admin(s, get_user(s, boss.username), True, actor="test")
        s.commit()
    done = _register(client, "newbie", "city-lab")
    assert "注册已提交：newbie 正在等待 城市实验室 的管理员审核" in done
    token = csrf_field(client.get("/login").text)
    refused = client.post("/login", data={"username": "newbie", "password": PASSWORD,
                                          "csrf_token": token, "next": "/"})
    assert refused.status_code == 401, "pending accounts cannot log in"
    assert "你的注册正在等待 城市实验室 的管理员审核" in refused.text
    client.cookies.clear()
    page_login(client, "boss")
    members = client.get("/admin/members")
    assert "城市实验室 的成员与注册审核" in members.text and "数据治理课题组" in members.text
    reg_id = re.search(r'action="/admin/registrations/(\d+)"', members.text)
    assert reg_id
    done_page = client.post(f"/admin/registrations/{reg_id.group(1)}", data={
        "action": "approve", "role": "annotator", "csrf_token": csrf_field(members.text)})
    assert done_page.status_code == 200
    assert "已批准 newbie 的注册，角色为“标注员”" in done_page.text
    assert "没有待审核的注册" in done_page.text
    client.cookies.clear()
    page_login(client, "newbie")


def test_reject_needs_a_reason_and_confirms(platform: Platform, client: TestClient) -> None:
    make_org(platform, "city-lab")
    make_user(platform, Role.ADMIN, name="root")
    _register(client, "spammer", "city-lab")
    client.cookies.clear()
    page_login(client, "root")
    client.get("/lang/en")  # the cookie: redirects keep the language
    members = client.get("/admin/members")
    reg_id = re.search(r'action="/admin/registrations/(\d+)"', members.text)
    assert reg_id
    url, token = f"/admin/registrations/{reg_id.group(1)}", csrf_field(members.text)
    empty = client.post(url, data={"action": "reject", "csrf_token": token})
    assert empty.status_code == 400 and "A rejection needs a reason." in empty.text
    assert 'id="member-error"' in empty.text and "spammer" in empty.text, "the list stays"
    done = client.post(url, data={"action": "reject", "reason": "unknown person",
                                  "csrf_token": token})
    assert "Rejected spammer (reason: unknown person)" in done.text


def test_registration_form_errors_in_the_page_language(platform: Platform,
                                                       client: TestClient) -> None:
    make_org(platform, "city-lab")
    make_user(platform, name="taken-name")
    assert "两次输入的密码不一致" in _register(client, "someone", "city-lab",
                                              password2="other-pass-99")
    assert "密码太短：至少 10 个字符" in _register(client, "someone", "city-lab",
                                                password="short1")
    assert "That username is taken" in _register(client, "taken-name", "city-lab", lang="en")
    assert "Choose a registered organization" in _register(client, "someone", "", lang="en")
    assert "用户名须为" in _register(client, "Bad Name", "city-lab")


def test_members_page_is_for_admins_of_the_organization(platform: Platform,
                                                        client: TestClient) -> None:
    make_org(platform, "city-lab")
    make_user(platform, Role.PUBLISHER, name="plain", organization="city-lab")
    assert client.get("/admin/members").url.path == "/login"
    page_login(client, "plain")
    assert client.get("/admin/members").status_code == 403
    assert client.get("/admin/organizations").status_code == 403


def test_admin_makes_org_admin_and_creates_organization(platform: Platform,
                                                       client: TestClient) -> None:
    make_org(platform, "city-lab", title="城市实验室")
    make_user(platform, Role.CONSUMER, name="member", organization="city-lab")
    make_user(platform, Role.ADMIN, name="root")
    page_login(client, "root")
    members = client.get("/admin/members?org=city-lab")
    made = client.post("/admin/members/member/admin", data={
        "org_admin": "1", "csrf_token": csrf_field(members.text)})
    assert "member 现在是本机构管理员" in made.text
    with platform.session() as s:
        assert get_user(s, "member").org_admin
    orgs = client.get("/admin/organizations")
    assert "城市实验室" in orgs.text
    created = client.post("/admin/organizations", data={
        "name": "river-office", "title": "河务办", "csrf_token": csrf_field(orgs.text)})
    assert "已新建机构 河务办" in created.text
    again = client.post("/admin/organizations", data={
        "name": "river-office", "title": "河务办", "csrf_token": csrf_field(orgs.text)})
    assert again.status_code == 400 and "该机构标识已存在" in again.text


def test_token_created_once_and_revoked(platform: Platform, client: TestClient) -> None:
    user = make_user(platform, name="scripter")
    with platform.session() as s:
        issued = issue_token(s, get_user(s, user.username), "ci", actor="test")
    page_login(client, "scripter")
    account = client.get("/account")
    assert issued.secret not in account.text, "a token is shown only when made"
    tid = re.search(r'action="/account/tokens/(\d+)/revoke"', account.text)
    assert tid
    done = client.post(f"/account/tokens/{tid.group(1)}/revoke",
                       data={"csrf_token": csrf_field(account.text)})
    assert "令牌“ci”已吊销" in done.text
    api = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {issued.secret}"})
    assert api.status_code == 401
    assert "/account/tokens/" not in done.text.split("token-revoked")[1], "nothing left to revoke"
