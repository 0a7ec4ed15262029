"""The x25519 suite: hash to a Curve25519 u-coordinate, blind with X25519 (RFC 7748).

``H(x)`` is SHA-512 of the prefixed identifier, truncated to 32 bytes with the top
bit cleared: a u-coordinate on the curve or its twist. X25519 is twist-secure and
clamped scalars are multiples of 8, so small-order components vanish, and
``X25519(a, X25519(b, u)) == X25519(b, X25519(a, u))``. An all-zero output (a
low-order input) is refused.

The arithmetic is the C extension ``jingshu.psi._x25519``: an 8-lane AVX-512 IFMA
Montgomery ladder where the CPU has IFMA, a portable radix-2^51 ladder elsewhere,
both constant time and releasing the GIL (workers are threads). Where the extension
was not built (no C compiler at install time) libsodium's ``crypto_scalarmult`` is
used instead: slower, with identical results, so the parties interoperate.
"""

from __future__ import annotations

import ctypes
import hashlib
import secrets
from collections.abc import Sequence

import numpy as np

from jingshu.errors import InputError
from jingshu.psi.ristretto255 import _lib
from jingshu.psi.suite import message

try:
    from jingshu.psi._x25519 import ifma_available, scalarmult_batch
    _BUILT = True
except ImportError:  # installed without a C compiler: libsodium below
    _BUILT = False

__all__ = ["THREADS", "backend", "hash_points", "multiply", "random_scalar"]

THREADS = True
_REFUSED = "the peer sent a low-order point; check both run jingshu PSI v1 with --suite x25519"


def backend() -> str:
    """Which code multiplies: ``avx512-ifma``, ``portable-c`` or ``libsodium``."""
    if not _BUILT:
        return "libsodium"
    return "avx512-ifma" if ifma_available() else "portable-c"


def random_scalar() -> bytes:
    """32 fresh random bytes (clamped by X25519 itself)."""
    return secrets.token_bytes(32)


def hash_points(ids: Sequence[str], kind: str) -> bytes:
    """``H(x)`` of every identifier as a u-coordinate, concatenated."""
    prefix, sha512 = message("", kind), hashlib.sha512
    digests = bytearray(b"".join([sha512(prefix + x.encode()).digest()[:32] for x in ids]))
    np.frombuffer(digests, dtype=np.uint8)[31::32] &= 0x7F
    return bytes(digests)


def multiply(scalar: bytes, points: bytes) -> bytes:
    """``X25519(scalar, u)`` for every 32-byte u; refuses an all-zero output by index."""
    if not _BUILT:
        return _multiply_libsodium(scalar, points)
    try:
        return scalarmult_batch(scalar, points)
    except ValueError as exc:
        raise InputError(str(exc), hint=_REFUSED) from exc


def _multiply_libsodium(scalar: bytes, points: bytes) -> bytes:
    f, out, result = _lib().crypto_scalarmult, ctypes.create_string_buffer(32), []
    for i in range(0, len(points), 32):
        if f(out, scalar, points[i:i + 32]) != 0:
            raise InputError(f"u-coordinate {i // 32} of the batch gives the all-zero X25519 "
                             "output (a low-order point)", hint=_REFUSED)
        result.append(out.raw)
    return b"".join(result)
