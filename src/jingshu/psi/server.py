"""``jingshu psi serve``: the answering side of ECDH-PSI, a small HTTP server.

Endpoints (bodies are concatenated 32-byte points of the server's suite)::

    GET  /psi/v1/hello                 {"size", "kind", "size_only", "suite"} as JSON
    GET  /psi/v1/set?offset=&limit=    our points H(y)^b, in a random order
    POST /psi/v1/exponentiate          their points H(x)^a → (H(x)^a)^b, same order
    POST /psi/v1/sessions              start a size-only exchange: {"session": id}
    POST /psi/v1/sessions/{id}/points  append their points (no answer)
    GET  /psi/v1/sessions/{id}/result  all (H(x)^a)^b, shuffled together

With ``size_only`` the server refuses ``/exponentiate``: a joiner then gets its
doubly blinded points back only shuffled as a whole, so it can count matches but
cannot tell which of its identifiers matched.
"""

from __future__ import annotations

import json
import random
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from jingshu.errors import InputError
from jingshu.psi.protocol import POINT_BYTES, blind, exponentiate, random_scalar, split_points
from jingshu.psi.suite import DEFAULT_SUITE, check_suite

__all__ = ["PsiServer", "PsiState", "make_server"]

MAX_BODY = 64 << 20


@dataclass
class PsiState:
    """What the serving side holds: its suite and scalar, its blinded set, open sessions."""

    kind: str
    size: int
    size_only: bool
    scalar: bytes
    points: bytes
    workers: int = 1
    suite: str = DEFAULT_SUITE
    sessions: dict[str, list[bytes]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def prepare(cls, ids: list[str], kind: str, *, size_only: bool = False,
                workers: int = 1, suite: str = DEFAULT_SUITE) -> PsiState:
        scalar = random_scalar(check_suite(suite))
        points = blind(ids, scalar, kind, workers, suite)
        random.SystemRandom().shuffle(points)
        return cls(kind, len(ids), size_only, scalar, b"".join(points), workers, suite)

    def exponentiate(self, body: bytes) -> bytes:
        """Their points raised to our scalar, in order."""
        return b"".join(exponentiate(split_points(body), self.scalar, self.workers, self.suite))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: PsiServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def _send(self, status: int, body: bytes, kind: str = "application/octet-stream") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict[str, object]) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length", "0"))
        if length > MAX_BODY:
            raise InputError(f"a batch of {length} bytes is over {MAX_BODY}", hint="send less")
        return self.rfile.read(length)

    def do_GET(self) -> None:
        url, st = urlparse(self.path), self.server.state
        if url.path == "/psi/v1/hello":
            self._json(200, {"size": st.size, "kind": st.kind, "size_only": st.size_only,
                             "suite": st.suite})
        elif url.path == "/psi/v1/set":
            q = parse_qs(url.query)
            offset, limit = int(q.get("offset", ["0"])[0]), int(q.get("limit", ["65536"])[0])
            self._send(200, st.points[offset * POINT_BYTES:(offset + limit) * POINT_BYTES])
        elif url.path.startswith("/psi/v1/sessions/") and url.path.endswith("/result"):
            with st.lock:
                batches = st.sessions.pop(url.path.split("/")[4], None)
            if batches is None:
                self._json(404, {"error": "no such session"})
                return
            points = [p for b in batches for p in split_points(b)]
            random.SystemRandom().shuffle(points)
            self._send(200, b"".join(points))
        else:
            self._json(404, {"error": f"no route {url.path}"})

    def do_POST(self) -> None:
        url, st = urlparse(self.path), self.server.state
        try:
            body = self._body()
            if url.path == "/psi/v1/exponentiate":
                if st.size_only:
                    self._json(403, {"error": "this server reveals only the intersection "
                                              "size: use a session"})
                    return
                self._send(200, st.exponentiate(body))
            elif url.path == "/psi/v1/sessions":
                sid = secrets.token_hex(8)
                with st.lock:
                    st.sessions[sid] = []
                self._json(200, {"session": sid})
            elif url.path.startswith("/psi/v1/sessions/") and url.path.endswith("/points"):
                done = st.exponentiate(body)
                with st.lock:
                    st.sessions[url.path.split("/")[4]].append(done)
                self._send(204, b"")
            else:
                self._json(404, {"error": f"no route {url.path}"})
        except (InputError, KeyError) as exc:
            self._json(400, {"error": str(exc)})


class PsiServer(ThreadingHTTPServer):
    """A threading HTTP server carrying the :class:`PsiState`."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: PsiState) -> None:
        super().__init__(address, _Handler)
        self.state = state


def make_server(state: PsiState, host: str = "127.0.0.1", port: int = 0) -> PsiServer:
    """A server bound to ``host:port`` (0: a free port; see ``server_address``)."""
    return PsiServer((host, port), state)
