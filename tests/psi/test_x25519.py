"""The C X25519 ladders against RFC 7748 and libsodium, and the x25519 suite."""

from __future__ import annotations

import ctypes
import hashlib
import os
import random
from pathlib import Path

import pytest

from jingshu.errors import InputError
from jingshu.psi import ristretto255, x25519
from jingshu.psi.protocol import blind, exponentiate, hash_to_point, random_scalar

_x25519 = pytest.importorskip("jingshu.psi._x25519", reason="the C extension was not built")
PATHS = [pytest.param(False, id="default"), pytest.param(True, id="portable")]
P = 2**255 - 19


def _le(n: int) -> bytes:
    return n.to_bytes(32, "little")


def _sodium(k: bytes, u: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    assert ristretto255._lib().crypto_scalarmult(out, k, u) == 0
    return out.raw


def test_the_default_path_is_ifma_where_the_cpu_has_it() -> None:
    cpuinfo = Path("/proc/cpuinfo")
    flags = cpuinfo.read_text() if cpuinfo.exists() else ""
    assert _x25519.ifma_available() == ("avx512ifma" in flags)
    assert x25519.backend() == ("avx512-ifma" if "avx512ifma" in flags else "portable-c")


@pytest.mark.parametrize("portable", PATHS)
def test_rfc7748_vectors(portable: bool) -> None:
    cases = [("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
              "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
              "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
             ("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
              "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
              "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    for k, u, out in cases:
        got = _x25519.scalarmult_batch(bytes.fromhex(k), bytes.fromhex(u) * 11, portable=portable)
        assert got == bytes.fromhex(out) * 11


@pytest.mark.parametrize("portable", PATHS)
def test_rfc7748_iterated_1000_times(portable: bool) -> None:
    k = u = _le(9)
    for i in range(1000):
        k, u = _x25519.scalarmult_batch(k, u, portable=portable), k
        if i == 0:
            assert k.hex() == "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"
    assert k.hex() == "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"


def _awkward_us(rng: random.Random, n: int) -> list[bytes]:
    edges = [P, P + 1, P + 9, 2**255 - 1, P - 1 + 2**255, 9, 2, P - 2]
    us = [_le(e % 2**256) for e in edges]
    us += [rng.randbytes(32) for _ in range(n)]  # half with the top bit set
    return [u for u in us if _le(int.from_bytes(u, "little") % 2**255 % P)
            not in (_le(0), _le(1), _le(P - 1))]


@pytest.mark.parametrize("portable", PATHS)
def test_equal_to_libsodium_on_random_and_non_canonical_inputs(portable: bool) -> None:
    rng = random.Random(7)
    for _ in range(40):  # 40 scalars x ~100 u-coordinates, batches not a multiple of 8
        k, us = rng.randbytes(32), _awkward_us(rng, 90 + rng.randrange(8))
        got = _x25519.scalarmult_batch(k, b"".join(us), portable=portable)
        assert got == b"".join(_sodium(k, u) for u in us)


@pytest.mark.parametrize("portable", PATHS)
@pytest.mark.parametrize("low_order", [0, 1, P - 1, P, P + 1])
def test_low_order_points_are_refused_by_index(portable: bool, low_order: int) -> None:
    batch = _le(9) * 3 + _le(low_order) + _le(9)
    with pytest.raises(ValueError, match=r"u-coordinate 3 .* all-zero"):
        _x25519.scalarmult_batch(os.urandom(32), batch, portable=portable)
    with pytest.raises(InputError, match="low-order"):
        x25519.multiply(os.urandom(32), batch)


def test_bad_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="scalar must be 32 bytes"):
        _x25519.scalarmult_batch(b"k", _le(9))
    with pytest.raises(ValueError, match="whole 32-byte"):
        _x25519.scalarmult_batch(_le(5), b"\x09" * 33)


def test_the_libsodium_fallback_gives_the_same_points(monkeypatch: pytest.MonkeyPatch) -> None:
    k, us = os.urandom(32), x25519.hash_points([f"id{i}" for i in range(50)], "text")
    fast = x25519.multiply(k, us)
    monkeypatch.setattr(x25519, "_BUILT", False)
    assert x25519.backend() == "libsodium"
    assert x25519.multiply(k, us) == fast
    with pytest.raises(InputError, match=r"u-coordinate 1 .* all-zero"):
        x25519.multiply(k, _le(9) + _le(0))


def test_hash_to_point_clears_the_top_bit() -> None:
    points = [hash_to_point(str(i), "text", "x25519") for i in range(64)]
    assert all(p[31] < 0x80 for p in points) and len(set(points)) == 64
    assert hash_to_point("1", "phone", "x25519") != points[1]
    digest = hashlib.sha512(b"jingshu-psi-v1:text:7").digest()
    assert points[7] == digest[:31] + bytes([digest[31] & 0x7F])


@pytest.mark.parametrize("workers", [1, 2])
def test_x25519_blinding_commutes(workers: int) -> None:
    ids = [f"{i:017d}X" for i in range(5000)]
    a, b = random_scalar("x25519"), random_scalar("x25519")
    ab = exponentiate(blind(ids, a, "resident_id", workers, "x25519"), b, workers, "x25519")
    ba = exponentiate(blind(ids[::-1], b, "resident_id", workers, "x25519"), a, workers,
                      "x25519")
    assert ab == ba[::-1] and len(set(ab)) == len(ids)
