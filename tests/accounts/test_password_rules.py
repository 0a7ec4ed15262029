"""The password rule: length, the common-password list, trivial patterns, the username."""

from __future__ import annotations

import pytest

from jingshu.accounts.password_rules import MIN_LENGTH, check_password, common_passwords
from jingshu.errors import InputError


@pytest.mark.parametrize("password", ["correct-horse-9", "long-enough-1", "river-lamp-7-cloud",
                                      "Tr0ub4dor&3x", "我的密码是一句很长的话", "gbsmQsXlnk0CATpL"])
def test_good_passwords_pass(password: str) -> None:
    check_password(password, "zhangsan")


@pytest.mark.parametrize(("password", "why"), [
    ("aaaaaaaa", "too short"),
    ("short", "too short"),
    ("aaaaaaaaaa", "trivial pattern"),
    ("aaaabbbbcccc", "trivial pattern"),
    ("abcabcabcabc", "trivial pattern"),
    ("mnopqrstuv", "trivial pattern"),
    ("9876543210zyx", "trivial pattern"),
    ("poiuytrewq", "trivial pattern"),
    ("password123", "commonly used"),
    ("Password123!", "commonly used"),
    ("P@ssw0rd2024", "commonly used"),
    ("woaini1314520", "commonly used"),
    ("qq123456789", "trivial pattern"),
    ("iloveyou2025!", "commonly used"),
    ("1qaz2wsx3edc", "commonly used"),
    ("zhangsan-2024", "contains the username"),
    ("nasgnahz-2024", "contains the username"),
    ("x" * 300, "too long"),
])
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    with pytest.raises(InputError, match=why) as info:
        check_password(password, "zhangsan")
    assert why == "too long" or "10 characters" in str(info.value.hint)


def test_the_bundled_list_is_lowercase_and_sizeable() -> None:
    listed = common_passwords()
    assert len(listed) > 500
    assert all(p == p.lower() for p in listed)
    assert {"123456", "password", "5201314", "woaini1314"} <= listed
    assert MIN_LENGTH == 10
