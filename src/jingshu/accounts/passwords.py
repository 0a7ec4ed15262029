"""Password hashing with scrypt (stdlib), parameters stored alongside each hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

__all__ = ["hash_password", "verify_nobody", "verify_password"]

_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algo != "scrypt":
        return False
    got = hashlib.scrypt(
        password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(got.hex(), digest)


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def verify_nobody(password: str) -> bool:
    """Spend the time :func:`verify_password` would, for a user who does not exist.

    Without it a wrong username answers in a few milliseconds and a wrong password in
    the scrypt time, which tells an attacker which usernames exist. Always False.
    """
    verify_password(password, _dummy_hash())
    return False
