"""Logins over HTTP: throttling (429 + Retry-After, API and portal), TOTP, one message."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from jingshu.accounts.models import Role, User
from jingshu.accounts.second_factor import confirm_totp, enrol_totp
from jingshu.accounts.service import get_user
from jingshu.accounts.throttle import (
    ACCOUNT_LIMIT,
    REGISTER_LIMIT,
    REGISTER_WINDOW,
    RegistrationThrottle,
)
from jingshu.accounts.totp import totp
from jingshu.errors import TooManyAttempts
from jingshu.platform import Platform
from tests.factories import PASSWORD, make_org, make_user
from tests.web.helpers import API, as_role, error_of, login
from tests.web.pages.forms import csrf_field


def test_repeated_wrong_passwords_get_429_with_retry_after(platform: Platform,
                                                           client: TestClient) -> None:
    user = make_user(platform, name="li")
    for _ in range(ACCOUNT_LIMIT):
        wrong = client.post(f"{API}/auth/login", json={"username": "li",
                                                       "password": "guess-guess-1"})
        assert wrong.status_code == 401
    refused = client.post(f"{API}/auth/login", json={"username": user.username,
                                                     "password": PASSWORD})
    assert refused.status_code == 429
    error = error_of(refused)
    assert error["code"] == "too_many_attempts"
    assert "登录失败次数过多" in str(error["message"])
    assert 0 < int(refused.headers["retry-after"]) <= 900
    assert "jingshu_session" not in refused.headers.get("set-cookie", "")


def test_portal_login_is_throttled_too(platform: Platform, client: TestClient) -> None:
    make_user(platform, name="wang")
    form = client.get("/login")
    token = form.cookies.get("jingshu_csrf") or client.cookies.get("jingshu_csrf")
    data = {"username": "wang", "password": "guess-guess-1", "csrf_token": token}
    for _ in range(ACCOUNT_LIMIT):
        assert client.post("/login", data=data).status_code == 401
    page = client.post("/login", data=data | {"password": PASSWORD}, follow_redirects=False)
    assert page.status_code == 429
    assert "retry-after" in page.headers
    assert "登录失败次数过多" in page.text


def test_totp_enrolment_over_the_api(platform: Platform, client: TestClient) -> None:
    make_user(platform, Role.ADMIN, name="root-admin")
    headers = as_role(platform, Role.ADMIN, name="other-admin")
    csrf = login(client, "root-admin")
    write = {"X-CSRF-Token": csrf}
    assert client.get(f"{API}/auth/totp").json() == {"enabled": False}
    enrolled = client.post(f"{API}/auth/totp", headers=write)
    assert enrolled.status_code == 201, enrolled.text
    secret = enrolled.json()["secret"]
    assert enrolled.json()["uri"].startswith("otpauth://totp/jingshu%3Aroot-admin?secret=")
    bad = client.post(f"{API}/auth/totp/verify", json={"code": "000000"}, headers=write)
    assert bad.status_code == 400 and "wrong or expired" in str(error_of(bad)["message"])
    ok = client.post(f"{API}/auth/totp/verify", json={"code": totp(secret)}, headers=write)
    assert ok.json() == {"enabled": True}
    client.cookies.clear()
    no_code = client.post(f"{API}/auth/login", json={"username": "root-admin",
                                                     "password": PASSWORD})
    assert no_code.status_code == 401
    assert "one-time code" in str(error_of(no_code)["message"])
    # another admin's token cannot turn it off for them; the owner needs a code
    assert client.get(f"{API}/auth/totp", headers=headers).json() == {"enabled": False}


def test_consumers_cannot_enrol(platform: Platform, client: TestClient) -> None:
    refused = client.post(f"{API}/auth/totp", headers=as_role(platform, Role.CONSUMER))
    assert refused.status_code == 422
    assert "TOTP is for administrators" in str(error_of(refused)["message"])


def test_portal_login_with_a_one_time_code(platform: Platform, client: TestClient) -> None:
    make_user(platform, Role.ADMIN, name="root-admin")
    with platform.session() as s:
        secret = enrol_totp(s, get_user(s, "root-admin"), actor="test").secret
        confirm_totp(s, get_user(s, "root-admin"), totp(secret), actor="test")
    client.get("/login")
    data = {"username": "root-admin", "password": PASSWORD,
            "csrf_token": client.cookies.get("jingshu_csrf")}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 401
    page = client.post("/login", data=data | {"totp": totp(secret, time.time() + 30)},
                       follow_redirects=False)
    assert page.status_code == 303
    assert "jingshu_session=" in page.headers["set-cookie"]


def test_registrations_from_one_address_are_throttled(platform: Platform,
                                                      client: TestClient) -> None:
    make_org(platform, "reg-lab", title="注册实验室")
    body = {"password": PASSWORD, "organization": "reg-lab"}
    taken = client.post(f"{API}/auth/register", json=body | {"username": "first"})
    assert taken.status_code == 201, taken.text
    for i in range(1, REGISTER_LIMIT):  # refused ones count too (a taken name)
        again = client.post(f"{API}/auth/register", json=body | {"username": "first"})
        assert again.status_code == 409, (i, again.text)
    refused = client.post(f"{API}/auth/register", json=body | {"username": "second"})
    assert refused.status_code == 429
    assert error_of(refused)["code"] == "too_many_attempts"
    assert "此地址注册次数过多" in str(error_of(refused)["message"])
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    with platform.session() as s:
        assert s.scalar(select(func.count()).select_from(User)
                        .where(User.username == "second")) == 0


def test_portal_registration_is_throttled_too(platform: Platform, client: TestClient) -> None:
    make_org(platform, "reg-lab", title="注册实验室")
    form = client.get("/register")
    token = csrf_field(form.text)
    data = {"username": "x", "password": PASSWORD, "password2": PASSWORD,
            "organization": "reg-lab", "csrf_token": token}
    for _ in range(REGISTER_LIMIT):  # a bad username: refused on the form, still counted
        assert client.post("/register", data=data).status_code == 400
    page = client.post("/register", data=data | {"username": "good-name"})
    assert page.status_code == 429
    assert "retry-after" in page.headers
    assert "此地址注册次数过多" in page.text


def test_registration_throttle_forgets_after_its_window(platform: Platform) -> None:
    start = datetime(2026, 1, 1, 12, 0)
    with platform.session() as s:
        throttle = RegistrationThrottle("203.0.113.9")
        for _ in range(REGISTER_LIMIT):
            throttle.attempt(s, now=start)
        with pytest.raises(TooManyAttempts) as refused:
            throttle.attempt(s, now=start + timedelta(minutes=10))
        assert refused.value.retry_after == 50 * 60
        RegistrationThrottle("198.51.100.7").attempt(s, now=start)  # another address
        throttle.attempt(s, now=start + REGISTER_WINDOW + timedelta(seconds=1))
