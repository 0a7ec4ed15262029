"""TOTP: the RFC 6238 test vectors, drift, replay, enrolment and login."""

from __future__ import annotations

import base64
import time

import pytest
from tests.factories import PASSWORD, make_user

from jingshu.accounts.models import Role
from jingshu.accounts.second_factor import (
    confirm_totp,
    disable_totp,
    enrol_totp,
    totp_enabled,
)
from jingshu.accounts.service import authenticate, get_user
from jingshu.accounts.totp import hotp, matching_step, otpauth_uri, totp
from jingshu.errors import AuthError, ConflictError, InputError, RuleViolation
from jingshu.platform import Platform

RFC_KEY = b"12345678901234567890"  # RFC 6238 Appendix B, SHA-1 seed


@pytest.mark.parametrize(("at", "code"), [
    (59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"),
    (1234567890, "89005924"), (2000000000, "69279037"), (20000000000, "65353130"),
])
def test_rfc_6238_vectors(at: int, code: str) -> None:
    assert hotp(RFC_KEY, at // 30, digits=8) == code
    secret = base64.b32encode(RFC_KEY).decode()
    assert totp(secret, at, digits=8) == code


def test_rfc_4226_hotp_vectors() -> None:
    expected = ["755224", "287082", "359152", "969429", "338314"]
    assert [hotp(RFC_KEY, i) for i in range(5)] == expected


def test_drift_and_replay() -> None:
    secret = base64.b32encode(RFC_KEY).decode()
    now = 1_700_000_000.0
    step = int(now // 30)
    assert matching_step(secret, totp(secret, now), at=now) == step
    assert matching_step(secret, totp(secret, now - 30), at=now) == step - 1
    assert matching_step(secret, totp(secret, now - 90), at=now) is None
    assert matching_step(secret, totp(secret, now), at=now, after=step) is None  # used once
    assert matching_step(secret, "12345", at=now) is None
    assert matching_step(secret, "abcdef", at=now) is None


def test_otpauth_uri() -> None:
    uri = otpauth_uri("JBSWY3DPEHPK3PXP", "admin")
    assert uri.startswith("otpauth://totp/jingshu%3Aadmin?secret=JBSWY3DPEHPK3PXP&issuer=jingshu")


def test_enrol_confirm_login_disable(platform: Platform) -> None:
    make_user(platform, Role.ADMIN, name="root-admin")
    with platform.session() as s:
        enrolment = enrol_totp(s, get_user(s, "root-admin"), actor="root-admin")
    with platform.session() as s:  # not on until confirmed: the password alone still works
        assert authenticate(s, "root-admin", PASSWORD).username == "root-admin"
        with pytest.raises(InputError, match="wrong or expired"):
            confirm_totp(s, get_user(s, "root-admin"), "000000", actor="root-admin")
    with platform.session() as s:
        confirm_totp(s, get_user(s, "root-admin"), totp(enrolment.secret), actor="root-admin")
        assert totp_enabled(s, get_user(s, "root-admin"))
        with pytest.raises(ConflictError, match="already has TOTP"):
            enrol_totp(s, get_user(s, "root-admin"), actor="root-admin")
    with platform.session() as s, pytest.raises(AuthError, match="needs a one-time code"):
        authenticate(s, "root-admin", PASSWORD)
    with platform.session() as s, pytest.raises(AuthError, match="one-time code"):
        authenticate(s, "root-admin", PASSWORD, totp="000000")
    fresh = totp(enrolment.secret, time.time() + 30)  # next step: not used at confirmation
    with platform.session() as s:
        assert authenticate(s, "root-admin", PASSWORD, totp=fresh).username == "root-admin"
    with platform.session() as s, pytest.raises(AuthError):  # the same code twice
        authenticate(s, "root-admin", PASSWORD, totp=fresh)
    with platform.session() as s:
        disable_totp(s, get_user(s, "root-admin"), actor="root-admin")
    with platform.session() as s:
        assert authenticate(s, "root-admin", PASSWORD).username == "root-admin"


def test_only_administrators_enrol(platform: Platform) -> None:
    make_user(platform, Role.PUBLISHER, name="pub")
    with platform.session() as s, pytest.raises(RuleViolation, match="not an administrator"):
        enrol_totp(s, get_user(s, "pub"), actor="pub")
