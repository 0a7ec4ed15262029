"""ECDH private set intersection: normalization, and hashing and blinding in a suite.

Each party hashes its normalized identifiers to the group of the agreed cipher suite
(:mod:`jingshu.psi.suite`) and raises them to its own secret scalar; raising the other
party's blinded points to one's own scalar gives ``H(x)^(ab)``, equal on both sides
exactly for shared identifiers. Large batches are split over ``workers``: threads for
suites whose arithmetic releases the GIL (x25519), processes otherwise (ristretto255).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from jingshu.errors import InputError
from jingshu.psi import ristretto255, x25519
from jingshu.psi.suite import DEFAULT_SUITE, CipherSuite, check_suite

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
    "suite",
]

POINT_BYTES = 32
SCALAR_BYTES = 32
KINDS = ("resident_id", "phone", "text")
_RESIDENT = re.compile(r"^\d{17}[\dX]$")
_PHONE_NOISE = re.compile(r"[\s\-()+.]")
_SUITES: dict[str, CipherSuite] = {"x25519": x25519, "ristretto255": ristretto255}
_SERIAL = 4096  # batches below this run in the calling thread


def suite(name: str) -> CipherSuite:
    """The module implementing cipher suite ``name`` (``InputError`` if unknown)."""
    return _SUITES[check_suite(name)]


def random_scalar(suite_name: str = DEFAULT_SUITE) -> bytes:
    """A fresh secret scalar (one per party and run; never leaves the process)."""
    return suite(suite_name).random_scalar()


def hash_to_point(identifier: str, kind: str, suite_name: str = DEFAULT_SUITE) -> bytes:
    """``H(x)``: SHA-512 of the prefixed identifier, mapped into the suite's group."""
    return suite(suite_name).hash_points([identifier], kind)


def _blind_part(suite_name: str, scalar: bytes, kind: str, ids: Sequence[str]) -> bytes:
    impl = suite(suite_name)
    return impl.multiply(scalar, impl.hash_points(ids, kind))


def _mult_part(suite_name: str, scalar: bytes, points: bytes) -> bytes:
    return suite(suite_name).multiply(scalar, points)


def _split(count: int, parts: int) -> list[tuple[int, int]]:
    size = -(-count // parts) or 1
    return [(i, min(i + size, count)) for i in range(0, count, size)]


def _run(fn: Callable[..., bytes], head: tuple[object, ...], items: Sequence[object] | bytes,
         count: int, suite_name: str, workers: int) -> list[bytes]:
    step = POINT_BYTES if isinstance(items, bytes) else 1
    if workers <= 1 or count < _SERIAL:
        return split_points(fn(suite_name, *head, items))
    pool: Executor = (ThreadPoolExecutor(workers) if suite(suite_name).THREADS
                      else ProcessPoolExecutor(workers))
    with pool:
        parts = [pool.submit(fn, suite_name, *head, items[a * step:b * step])
                 for a, b in _split(count, workers * 4)]
        return split_points(b"".join(p.result() for p in parts))


def blind(ids: Sequence[str], scalar: bytes, kind: str, workers: int = 1,
          suite_name: str = DEFAULT_SUITE) -> list[bytes]:
    """``H(x)^scalar`` for every identifier, in order."""
    return _run(_blind_part, (scalar, kind), ids, len(ids), suite_name, workers)


def exponentiate(points: Sequence[bytes], scalar: bytes, workers: int = 1,
                 suite_name: str = DEFAULT_SUITE) -> list[bytes]:
    """``p^scalar`` for every point, in order (refuses invalid points)."""
    return _run(_mult_part, (scalar,), b"".join(points), len(points), suite_name, workers)


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


