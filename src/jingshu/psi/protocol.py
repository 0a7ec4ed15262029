"""ECDH private set intersection over ristretto255: normalization, hashing, blinding.

Each party hashes its normalized identifiers to the group (``crypto_core_ristretto255_
from_hash`` of SHA-512 with a domain-separation prefix) and raises them to its own
secret scalar; raising the other party's blinded points to one's own scalar gives
``H(x)^(ab)``, equal on both sides exactly for shared identifiers. The group
operations are libsodium's ``crypto_core_ristretto255_*`` and
``crypto_scalarmult_ristretto255``, called through ctypes on the system libsodium
(Debian ``libsodium23``): PyNaCl 1.6's bundled build does not expose ristretto255.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from jingshu.errors import DependencyMissing, InputError

__all__ = [
    "KINDS",
    "POINT_BYTES",
    "SCALAR_BYTES",
    "blind",
    "exponentiate",
    "hash_to_point",
    "normalize",
    "random_scalar",
    "read_identifiers",
    "split_points",
]

POINT_BYTES = 32
SCALAR_BYTES = 32
KINDS = ("resident_id", "phone", "text")
_DOMAIN = b"jingshu-psi-v1:"
_RESIDENT = re.compile(r"^\d{17}[\dX]$")
_PHONE_NOISE = re.compile(r"[\s\-()+.]")


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
    """A fresh secret scalar (one per party and run; never leaves the process)."""
    out = ctypes.create_string_buffer(SCALAR_BYTES)
    _lib().crypto_core_ristretto255_scalar_random(out)
    return out.raw


def hash_to_point(identifier: str, kind: str) -> bytes:
    """``H(x)``: SHA-512 of the prefixed identifier, mapped to ristretto255."""
    digest = hashlib.sha512(_DOMAIN + kind.encode() + b":" + identifier.encode()).digest()
    out = ctypes.create_string_buffer(POINT_BYTES)
    _lib().crypto_core_ristretto255_from_hash(out, digest)
    return out.raw


def _mult_all(scalar: bytes, points: Sequence[bytes]) -> list[bytes]:
    f, out, result = _lib().crypto_scalarmult_ristretto255, ctypes.create_string_buffer(32), []
    for i, p in enumerate(points):
        if f(out, scalar, p) != 0:
            raise InputError(f"point {i} of the batch is not a valid ristretto255 element",
                             hint="the peer sent malformed data; check both run jingshu PSI v1")
        result.append(out.raw)
    return result


def _blind_all(scalar: bytes, kind: str, ids: Sequence[str]) -> list[bytes]:
    return _mult_all(scalar, [hash_to_point(x, kind) for x in ids])


def _chunks(items: Sequence[object], parts: int) -> list[Sequence[object]]:
    size = -(-len(items) // parts) or 1
    return [items[i:i + size] for i in range(0, len(items), size)]


def _parallel(fn: Callable[..., list[bytes]], head: tuple[object, ...],
              items: Sequence[object], workers: int) -> list[bytes]:
    if workers <= 1 or len(items) < 4096:
        return fn(*head, items)
    with ProcessPoolExecutor(workers) as pool:
        parts = pool.map(fn, *zip(*[(*head, c) for c in _chunks(items, workers * 4)],
                                  strict=True))
        return [p for part in parts for p in part]


def blind(ids: Sequence[str], scalar: bytes, kind: str, workers: int = 1) -> list[bytes]:
    """``H(x)^scalar`` for every identifier, in order."""
    return _parallel(_blind_all, (scalar, kind), ids, workers)


def exponentiate(points: Sequence[bytes], scalar: bytes, workers: int = 1) -> list[bytes]:
    """``p^scalar`` for every point, in order (refuses invalid points)."""
    return _parallel(_mult_all, (scalar,), points, workers)


def split_points(data: bytes) -> list[bytes]:
    """A body of concatenated 32-byte points, as a list."""
    if len(data) % POINT_BYTES:
        raise InputError(f"a batch of {len(data)} bytes is not a whole number of "
                         f"{POINT_BYTES}-byte points", hint="the peer sent a truncated batch")
    return [data[i:i + POINT_BYTES] for i in range(0, len(data), POINT_BYTES)]


def normalize(value: str, kind: str) -> str:
    """The canonical form of one identifier, or :class:`ValueError` saying why not.

    ``resident_id``: 18 characters, 17 digits then a digit or X (lower-case x and
    spaces accepted); ``phone``: digits only, a leading +86/86 dropped, 11 digits
    starting with 1 (mobile) or 7–12 digits (landline with area code); ``text``:
    NFKC, trimmed.
    """
    text = unicodedata.normalize("NFKC", value).strip()
    if kind == "resident_id":
        text = text.replace(" ", "").upper()
        if not _RESIDENT.match(text):
            raise ValueError("a resident ID is 17 digits then a digit or X")
        return text
    if kind == "phone":
        text = _PHONE_NOISE.sub("", text)
        if text.startswith("86") and len(text) == 13:
            text = text[2:]
        if not text.isdigit() or not (7 <= len(text) <= 12):
            raise ValueError("a phone number has 7 to 12 digits (11 for a mobile)")
        return text
    if kind == "text":
        if not text:
            raise ValueError("the identifier is empty")
        return text
    raise ValueError(f"unknown identifier kind {kind!r}: choose one of {', '.join(KINDS)}")


def read_identifiers(path: str | Path, kind: str) -> list[str]:
    """Normalized, de-duplicated identifiers of a file with one per line (blank lines
    skipped); a malformed one raises :class:`InputError` naming its line."""
    if kind not in KINDS:
        raise InputError(f"--kind {kind!r} is unknown", hint=f"choose one of {', '.join(KINDS)}")
    seen: dict[str, None] = {}
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                seen.setdefault(normalize(line, kind), None)
            except ValueError as exc:
                raise InputError(f"{path}, line {number}: {line.strip()[:40]!r} is not a "
                                 f"valid {kind}: {exc}",
                                 hint="fix or remove the line, or choose another --kind") from exc
    return list(seen)


