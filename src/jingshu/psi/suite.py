"""Cipher suites: the group identifiers are hashed into and blinded in.

Both parties must use the same suite; the server states its own in ``/psi/v1/hello``
and a joiner with another refuses to go on. ``x25519`` (the default) hashes to a
Curve25519 u-coordinate and blinds with X25519 (RFC 7748); ``ristretto255`` hashes
to the prime-order ristretto255 group with libsodium. Both give about 128-bit
security; x25519 is several times faster here (see docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from jingshu.errors import InputError

__all__ = ["DEFAULT_SUITE", "DOMAIN", "SUITES", "CipherSuite", "check_suite", "message"]

SUITES = ("x25519", "ristretto255")
DEFAULT_SUITE = "x25519"
DOMAIN = b"jingshu-psi-v1:"


class CipherSuite(Protocol):
    """What a suite module provides (``jingshu.psi.x25519``, ``jingshu.psi.ristretto255``).

    Points travel as one ``bytes`` of concatenated 32-byte values. ``THREADS``: whether
    ``multiply`` releases the GIL, so that workers are threads rather than processes.
    """

    THREADS: bool

    def random_scalar(self) -> bytes: ...

    def hash_points(self, ids: Sequence[str], kind: str) -> bytes: ...

    def multiply(self, scalar: bytes, points: bytes) -> bytes: ...


def message(identifier: str, kind: str) -> bytes:
    """The hashed input for ``identifier``: domain, kind and identifier."""
    return DOMAIN + kind.encode() + b":" + identifier.encode()


def check_suite(name: str) -> str:
    """``name`` when it is a known suite, else :class:`InputError` saying which are."""
    if name not in SUITES:
        raise InputError(f"--suite {name!r} is unknown", hint=f"choose one of {', '.join(SUITES)}")
    return name
