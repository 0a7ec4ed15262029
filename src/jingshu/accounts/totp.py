"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), with hmac and hashlib.

The defaults are what authenticator apps assume: HMAC-SHA1, 6 digits, 30 s steps,
a base32 secret of 20 random bytes, shown as an ``otpauth://`` URI (QR code).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

__all__ = ["DIGITS", "STEP", "hotp", "matching_step", "new_secret", "otpauth_uri", "totp"]

DIGITS = 6
STEP = 30
DRIFT_STEPS = 1  # accept the previous and next code too (clock skew, typing time)


def new_secret() -> str:
    """A fresh secret, base32 without padding (32 characters)."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret_b32: str) -> bytes:
    cleaned = secret_b32.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226 §5.3: HMAC of the 8-byte counter, dynamic truncation, modulo 10^digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def totp(secret_b32: str, at: float | None = None, *, digits: int = DIGITS,
         step: int = STEP) -> str:
    """The code for time ``at`` (now when omitted)."""
    now = time.time() if at is None else at
    return hotp(_key(secret_b32), int(now // step), digits)


def matching_step(secret_b32: str, code: str, *, after: int = 0,
                  at: float | None = None) -> int | None:
    """The time step ``code`` belongs to (within the drift), if later than ``after``.

    Returning the step lets the caller store it and refuse the same code twice
    (RFC 6238 §5.2).
    """
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = _key(secret_b32)
    current = int((time.time() if at is None else at) // STEP)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        # compare every candidate, so the time taken does not say which one matched
        if hmac.compare_digest(hotp(key, step), code) and step > after:
            found = step
    return found


def otpauth_uri(secret_b32: str, username: str, issuer: str = "jingshu") -> str:
    """The URI authenticator apps read from a QR code (Key Uri Format)."""
    label = quote(f"{issuer}:{username}")
    query = urlencode({"secret": secret_b32, "issuer": issuer, "digits": DIGITS,
                       "period": STEP, "algorithm": "SHA1"})
    return f"otpauth://totp/{label}?{query}"
