"""``jingshu psi join``: the asking side of ECDH-PSI.

The joiner blinds its identifiers ``H(x)^a`` and has the server raise them to ``b``;
it fetches the server's ``H(y)^b`` and raises them to ``a``; identifiers whose
``H(x)^(ab)`` appear among the ``H(y)^(ba)`` are shared. In size-only mode the
server returns the ``H(x)^(ab)`` shuffled as a whole, so only their count is learnt.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from http.client import HTTPConnection
from urllib.parse import urlparse

from jingshu.errors import InputError
from jingshu.psi.protocol import blind, exponentiate, random_scalar, split_points
from jingshu.psi.suite import DEFAULT_SUITE, check_suite

__all__ = ["PsiResult", "join"]

BATCH = 65536


@dataclass(frozen=True)
class PsiResult:
    """What the joiner learnt, and what the exchange cost."""

    size_self: int
    size_peer: int
    intersection_size: int
    intersection: list[str] | None  # None in size-only mode
    bytes_sent: int
    bytes_received: int
    seconds: float


class _Peer:
    def __init__(self, url: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme != "http" or not parsed.hostname:
            raise InputError(f"--peer {url!r} is not an http://HOST:PORT address",
                             hint="e.g. --peer http://127.0.0.1:8765")
        self.url = url
        self.conn = HTTPConnection(parsed.hostname, parsed.port or 80, timeout=600)
        self.sent = self.received = 0

    def call(self, method: str, path: str, body: bytes = b"") -> bytes:
        try:
            self.conn.request(method, path, body=body,
                              headers={"Content-Type": "application/octet-stream"})
            response = self.conn.getresponse()
            data = response.read()
        except OSError as exc:
            raise InputError(f"cannot reach the PSI peer at {self.url}: {exc}",
                             hint="start it with 'jingshu psi serve' and check the port") from exc
        self.sent += len(body) + len(path)
        self.received += len(data)
        if response.status >= 400:
            message, hint = _refusal(data)
            raise InputError(f"the PSI peer refused {path} ({response.status}): {message}",
                             hint=hint or "both sides must run jingshu PSI v1 with the same "
                                          "--kind and --suite")
        return data


def _refusal(data: bytes) -> tuple[str, str | None]:
    """The message and hint of an error body in the API's format, else the raw text."""
    try:
        error = json.loads(data)["error"]
        return str(error["message"]), error.get("hint")
    except (ValueError, KeyError, TypeError):
        return data.decode(errors="replace"), None


def _their_set(peer: _Peer, size: int, scalar: bytes, workers: int, suite: str) -> set[bytes]:
    points: list[bytes] = []
    for offset in range(0, size, BATCH):
        points += split_points(peer.call("GET", f"/psi/v1/set?offset={offset}&limit={BATCH}"))
    return set(exponentiate(points, scalar, workers, suite))


def _check_hello(hello: dict[str, object], kind: str, suite: str) -> None:
    theirs = str(hello.get("suite", "ristretto255"))  # older servers did not say
    if theirs != suite:
        raise InputError(f"the peer uses the {theirs} cipher suite, not {suite}",
                         hint=f"both sides must agree: run join with --suite {theirs}")
    if hello["kind"] != kind:
        raise InputError(f"the peer holds {hello['kind']} identifiers, not {kind}",
                         hint=f"run join with --kind {hello['kind']}")


def _ours_doubled(peer: _Peer, mine: list[bytes], size_only: bool) -> list[bytes]:
    batches = [b"".join(mine[i:i + BATCH]) for i in range(0, len(mine), BATCH)]
    if not size_only:
        return [p for b in batches for p in split_points(peer.call(
            "POST", "/psi/v1/exponentiate", b))]
    sid = json.loads(peer.call("POST", "/psi/v1/sessions"))["session"]
    for b in batches:
        peer.call("POST", f"/psi/v1/sessions/{sid}/points", b)
    return split_points(peer.call("GET", f"/psi/v1/sessions/{sid}/result"))


def join(ids: list[str], peer_url: str, kind: str, *, size_only: bool = False,
         workers: int = 1, suite: str = DEFAULT_SUITE) -> PsiResult:
    """Run the protocol against ``peer_url`` with normalized identifiers ``ids``.

    Args:
        ids: normalized, de-duplicated identifiers (see ``read_identifiers``).
        peer_url: the serving side, ``http://HOST:PORT``.
        kind: the identifier kind; must be the server's.
        size_only: learn only the intersection size.
        workers: threads (x25519) or processes (ristretto255) for the arithmetic.
        suite: the cipher suite; must be the server's.
    """
    start = time.perf_counter()
    peer = _Peer(peer_url)
    hello = json.loads(peer.call("GET", "/psi/v1/hello"))
    _check_hello(hello, kind, check_suite(suite))
    size_only = size_only or bool(hello["size_only"])
    scalar = random_scalar(suite)
    mine = blind(ids, scalar, kind, workers, suite)
    doubled = _ours_doubled(peer, mine, size_only)
    if len(doubled) != len(ids):
        raise InputError(f"the peer returned {len(doubled)} points for {len(ids)}",
                         hint="the peer misbehaved; run again")
    theirs = _their_set(peer, int(hello["size"]), scalar, workers, suite)
    peer.conn.close()
    if size_only:
        shared, count = None, sum(1 for p in doubled if p in theirs)
    else:
        shared = [x for x, p in zip(ids, doubled, strict=True) if p in theirs]
        count = len(shared)
    return PsiResult(len(ids), int(hello["size"]), count, shared, peer.sent, peer.received,
                     time.perf_counter() - start)


