"""``jingshu user totp``: enrol, verify, status, disable; a weak password is refused."""

from __future__ import annotations

import pytest

from jingshu.accounts.service import authenticate
from jingshu.accounts.totp import totp
from jingshu.errors import AuthError
from jingshu.platform import Platform
from tests.cli.conftest import Invoke

PASSWORD = "correct-horse-9"


def test_totp_round_trip(invoke: Invoke, platform: Platform) -> None:
    invoke("user", "create", "root-admin", "--role", "admin", "--password", PASSWORD)
    enrolled = invoke("user", "totp", "enrol", "root-admin")
    secret, uri = enrolled.stdout.split()
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    assert "jingshu user totp verify root-admin CODE" in enrolled.stderr
    assert "TOTP is off" in invoke("user", "totp", "status", "root-admin").stdout
    wrong = invoke("user", "totp", "verify", "root-admin", "000000", code=2)
    assert "wrong or expired" in wrong.stderr
    assert "TOTP is on" in invoke("user", "totp", "verify", "root-admin", totp(secret)).stdout
    with platform.session() as s, pytest.raises(AuthError, match="one-time code"):
        authenticate(s, "root-admin", PASSWORD)
    assert "TOTP is off" in invoke("user", "totp", "disable", "root-admin").stdout
    with platform.session() as s:
        authenticate(s, "root-admin", PASSWORD)


def test_totp_is_for_administrators(invoke: Invoke) -> None:
    invoke("user", "create", "li", "--role", "consumer", "--password", PASSWORD)
    assert "not an administrator" in invoke("user", "totp", "enrol", "li", code=2).stderr


def test_weak_passwords_are_refused(invoke: Invoke) -> None:
    result = invoke("user", "create", "li", "--role", "admin", "--password", "aaaaaaaaaa",
                    code=2)
    assert "trivial pattern" in result.stderr
    result = invoke("user", "create", "li", "--role", "admin", "--password", "Password2024!",
                    code=2)
    assert "most commonly used passwords" in result.stderr
