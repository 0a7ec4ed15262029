"""Login throttling: per account, per address, in the database, with the wait to show."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from tests.factories import PASSWORD, make_user

from jingshu.accounts.service import authenticate
from jingshu.accounts.throttle import ACCOUNT_LIMIT, ADDRESS_LIMIT, WINDOW, LoginThrottle
from jingshu.db.base import utcnow
from jingshu.errors import AuthError, TooManyAttempts
from jingshu.platform import Platform


def _fail(platform: Platform, username: str, address: str = "10.0.0.1") -> None:
    with platform.session() as s, pytest.raises(AuthError) as info:
        authenticate(s, username, "not-the-password-1", address=address)
    assert not isinstance(info.value, TooManyAttempts)


def test_account_is_throttled_after_the_limit_even_with_the_right_password(
        platform: Platform) -> None:
    make_user(platform, name="li")
    for _ in range(ACCOUNT_LIMIT):
        _fail(platform, "li")
    with platform.session() as s, pytest.raises(TooManyAttempts) as info:
        authenticate(s, "li", PASSWORD, address="10.0.0.2")
    assert "登录失败次数过多" in info.value.message and "try again in" in info.value.message
    assert 0 < info.value.retry_after <= WINDOW.total_seconds()
    assert info.value.code == "too_many_attempts"


def test_success_clears_the_account_but_not_the_address(platform: Platform) -> None:
    make_user(platform, name="wang")
    for _ in range(ACCOUNT_LIMIT - 1):
        _fail(platform, "wang")
    with platform.session() as s:
        authenticate(s, "wang", PASSWORD, address="10.0.0.1")
    for _ in range(ACCOUNT_LIMIT - 1):  # the count started again
        _fail(platform, "wang")
    with platform.session() as s:
        authenticate(s, "wang", PASSWORD, address="10.0.0.1")


def test_address_is_throttled_across_usernames(platform: Platform) -> None:
    for i in range(ADDRESS_LIMIT):
        _fail(platform, f"ghost-{i}", address="192.0.2.7")
    with platform.session() as s, pytest.raises(TooManyAttempts, match="this address"):
        authenticate(s, "someone-else", "whatever-1234", address="192.0.2.7")
    make_user(platform, name="zhao")
    with platform.session() as s:  # another address is not affected
        authenticate(s, "zhao", PASSWORD, address="192.0.2.8")


def test_the_wait_ends_with_the_window(platform: Platform) -> None:
    make_user(platform, name="sun")
    throttle = LoginThrottle("sun", "10.0.0.9")
    old = utcnow() - WINDOW + timedelta(seconds=20)
    with platform.session() as s:
        for _ in range(ACCOUNT_LIMIT):
            throttle.failed(s, now=old)
    with platform.session() as s, pytest.raises(TooManyAttempts) as info:
        throttle.check(s)
    assert 15 <= info.value.retry_after <= 21
    with platform.session() as s:
        throttle.check(s, now=utcnow() + timedelta(seconds=25))


def test_unknown_user_costs_the_same_scrypt_as_a_wrong_password(
        platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    """The time is the scrypt call's: count them rather than time them (a busy CI box)."""
    make_user(platform, name="zhou")
    from jingshu.accounts import passwords

    passwords.verify_nobody("warm-up")  # the dummy hash itself is made on first use
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append(kwargs["n"])
        return real(*args, **kwargs)

    monkeypatch.setattr(passwords.hashlib, "scrypt", counting)
    for username in ("zhou", "nobody-at-all"):
        with platform.session() as s, pytest.raises(AuthError, match="wrong username"):
            authenticate(s, username, "not-the-password-1", address=f"a-{username}")
    assert calls == [2**14, 2**14]
