"""The ristretto255 suite: libsodium's prime-order group through ctypes.

``H(x)`` is ``crypto_core_ristretto255_from_hash`` of SHA-512 of the prefixed
identifier; blinding is ``crypto_scalarmult_ristretto255``, one ctypes call per point,
called on the system libsodium (Debian ``libsodium23``): PyNaCl's bundled build does
not expose ristretto255. The calls hold the GIL, so workers are processes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
from collections.abc import Sequence
from functools import lru_cache

from jingshu.errors import DependencyMissing, InputError
from jingshu.psi.suite import message

__all__ = ["THREADS", "hash_points", "multiply", "random_scalar"]

THREADS = False


@lru_cache(maxsize=1)
def _lib() -> ctypes.CDLL:
    name = ctypes.util.find_library("sodium")
    if name is None:
        raise DependencyMissing("libsodium", needed_for="PSI over ristretto255 "
                                "(install Debian's libsodium23 or Homebrew's libsodium)")
    lib = ctypes.CDLL(name)
    if lib.sodium_init() < 0:
        raise DependencyMissing("libsodium", needed_for="PSI (sodium_init failed)")
    return lib


def random_scalar() -> bytes:
    """A fresh secret scalar mod the group order."""
    out = ctypes.create_string_buffer(32)
    _lib().crypto_core_ristretto255_scalar_random(out)
    return out.raw


def hash_points(ids: Sequence[str], kind: str) -> bytes:
    """``H(x)`` of every identifier, concatenated."""
    from_hash, out = _lib().crypto_core_ristretto255_from_hash, ctypes.create_string_buffer(32)
    points = []
    for identifier in ids:
        from_hash(out, hashlib.sha512(message(identifier, kind)).digest())
        points.append(out.raw)
    return b"".join(points)


def multiply(scalar: bytes, points: bytes) -> bytes:
    """``p^scalar`` for every 32-byte point; refuses the first invalid one by index."""
    f, out, result = _lib().crypto_scalarmult_ristretto255, ctypes.create_string_buffer(32), []
    for i in range(0, len(points), 32):
        if f(out, scalar, points[i:i + 32]) != 0:
            raise InputError(f"point {i // 32} of the batch is not a valid ristretto255 element",
                             hint="the peer sent malformed data; check both run jingshu PSI v1 "
                                  "with the same --suite")
        result.append(out.raw)
    return b"".join(result)
