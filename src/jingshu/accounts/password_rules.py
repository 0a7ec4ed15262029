"""The password rule: long enough, not common, not a trivial pattern, not the username.

Follows NIST SP 800-63B §5.1.1.2 (a minimum length, and a check against lists of
commonly used or compromised values, repetitive or sequential characters and
context-specific words such as the username) rather than composition rules. The list
is ``common_passwords.txt`` beside this module.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from itertools import pairwise

from jingshu.errors import InputError

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "check_password"]

MIN_LENGTH = 10
MAX_LENGTH = 256
HINT = ("use at least 10 characters that are hard to guess, e.g. three or four unrelated "
        "words with a digit: 'river-lamp-7-cloud'")

# Leetspeak substitutions undone before looking a password up in the list.
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s",
                       "5": "s", "7": "t", "+": "t"})
# Keys next to each other on a QWERTY keyboard, by row and by column: a walk along them
# ('qwertyuiop', '1qaz2wsx') is as guessable as 'abcdef'.
_ROWS = ("1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./")
_NEIGHBOURS: frozenset[tuple[str, str]] = frozenset(
    {(row[i], row[i + 1]) for row in _ROWS for i in range(len(row) - 1)}
    | {(_ROWS[r][i], _ROWS[r + 1][i]) for r in range(3) for i in range(len(_ROWS[r + 1]))}
)


def check_password(password: str, username: str = "") -> None:
    """Raise :class:`InputError` naming the rule ``password`` breaks; return if it is fine."""
    if len(password) < MIN_LENGTH:
        raise InputError(f"password is too short ({len(password)} characters; the minimum "
                         f"is {MIN_LENGTH})", hint=HINT)
    if len(password) > MAX_LENGTH:
        raise InputError(f"password is too long (over {MAX_LENGTH} characters)",
                         hint="use a shorter passphrase")
    lower = password.lower()
    name = username.lower()
    if len(name) >= 3 and (name in lower or name[::-1] in lower):
        raise InputError("password contains the username", hint=HINT)
    if _is_common(lower):
        raise InputError("password is one of the most commonly used passwords, or one with "
                         "a few characters added", hint=HINT)
    if _is_trivial(lower):
        raise InputError("password is a trivial pattern (repeated, sequential or "
                         "keyboard-walk characters such as 'aaaaaaaaaa' or 'abcdef1234')",
                         hint=HINT)


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list, lowercase."""
    text = resources.files("jingshu.accounts").joinpath("common_passwords.txt").read_text(
        encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _is_common(lower: str) -> bool:
    """In the list as typed, with leetspeak undone, or once digits/symbols around it go."""
    listed = common_passwords()
    for candidate in {lower, lower.translate(_LEET)}:
        core = candidate.strip("0123456789!@#$%^&*()-_=+.,;:?~ ")
        if candidate in listed or (len(core) >= 4 and core in listed):
            return True
    return False


def _is_trivial(lower: str) -> bool:
    """Too few distinct characters, or nearly every character predictable from the last.

    A character is predictable when it repeats the previous one, follows it in the
    alphabet or digits (either way), or is its neighbour on the keyboard. Passwords
    with at most a quarter (and at least 2) unpredictable characters are refused:
    'abcdefgh12', 'qwertyuiop', '1qaz2wsx3edc', 'aaaabbbbcccc'.
    """
    if len(set(lower)) < 4:
        return True
    if any(len(lower) % n == 0 and lower == lower[:n] * (len(lower) // n)
           for n in range(1, len(lower) // 2 + 1)):
        return True
    surprises = 1 + sum(not _predictable(a, b) for a, b in pairwise(lower))
    return surprises <= max(2, len(lower) // 4)


def _predictable(previous: str, char: str) -> bool:
    return (abs(ord(char) - ord(previous)) <= 1 or (previous, char) in _NEIGHBOURS
            or (char, previous) in _NEIGHBOURS)
