"""``jingshu psi serve``: the answering side of ECDH-PSI, an ASGI app under uvicorn.

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

Errors answer in the API's one JSON format (:mod:`jingshu.http_errors`):
``{"error": {"code", "message", "hint"}}`` with the status of the error's class.
"""

from __future__ import annotations

import random
import secrets
import socket
import threading
from dataclasses import dataclass, field
from typing import Annotated

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jingshu.errors import InputError, NotFoundError, PermissionDenied
from jingshu.http_errors import install_json_error_handlers
from jingshu.psi.protocol import POINT_BYTES, blind, exponentiate, random_scalar, split_points
from jingshu.psi.suite import DEFAULT_SUITE, check_suite

__all__ = ["PsiServer", "PsiState", "create_app", "make_server"]

MAX_BODY = 64 << 20
KEEP_ALIVE_S = 600  # a joiner blinds its whole set between two calls on one connection


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

    def take_session(self, sid: str) -> list[bytes]:
        """Close session ``sid`` and return its batches."""
        with self.lock:
            batches = self.sessions.pop(sid, None)
        if batches is None:
            raise _no_session(sid)
        return batches

    def add_points(self, sid: str, body: bytes) -> None:
        """Raise a batch of session ``sid`` to our scalar and keep it."""
        if sid not in self.sessions:
            raise _no_session(sid)
        done = self.exponentiate(body)
        with self.lock:
            self.sessions[sid].append(done)


def _no_session(sid: str) -> NotFoundError:
    return NotFoundError(f"no PSI session {sid!r}",
                         hint="start one with POST /psi/v1/sessions; a result ends its session")


def _points(body: bytes) -> Response:
    return Response(body, media_type="application/octet-stream")


async def _body(request: Request) -> bytes:
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_BODY:
        raise InputError(f"a batch of {length} bytes is over {MAX_BODY}", hint="send less")
    return await request.body()


def create_app(state: PsiState) -> FastAPI:
    """The PSI endpoints over ``state``, answering errors in the API's one JSON format."""
    app = FastAPI(title="jingshu PSI", openapi_url=None, docs_url=None, redoc_url=None)
    install_json_error_handlers(app)

    @app.get("/psi/v1/hello")
    def hello() -> dict[str, object]:
        return {"size": state.size, "kind": state.kind, "size_only": state.size_only,
                "suite": state.suite}

    @app.get("/psi/v1/set")
    def our_set(offset: Annotated[int, Query(ge=0)] = 0,
                limit: Annotated[int, Query(ge=0)] = 65536) -> Response:
        return _points(state.points[offset * POINT_BYTES:(offset + limit) * POINT_BYTES])

    @app.post("/psi/v1/exponentiate")
    async def exponentiate_batch(request: Request) -> Response:
        if state.size_only:
            raise PermissionDenied("this server reveals only the intersection size",
                                   hint="use a session: POST /psi/v1/sessions")
        body = await _body(request)
        return _points(await run_in_threadpool(state.exponentiate, body))

    @app.post("/psi/v1/sessions")
    def open_session() -> dict[str, str]:
        sid = secrets.token_hex(8)
        with state.lock:
            state.sessions[sid] = []
        return {"session": sid}

    @app.post("/psi/v1/sessions/{sid}/points", status_code=204)
    async def session_points(sid: str, request: Request) -> Response:
        body = await _body(request)
        await run_in_threadpool(state.add_points, sid, body)
        return Response(status_code=204)

    @app.get("/psi/v1/sessions/{sid}/result")
    def session_result(sid: str) -> Response:
        points = [p for b in state.take_session(sid) for p in split_points(b)]
        random.SystemRandom().shuffle(points)
        return _points(b"".join(points))

    return app


class PsiServer:
    """The PSI app under uvicorn on a socket bound at construction (so port 0 is known).

    ``serve_forever`` runs until ``shutdown`` (from another thread) or an interrupt;
    ``server_close`` releases the socket.
    """

    def __init__(self, address: tuple[str, int], state: PsiState) -> None:
        self.state = state
        self.socket = socket.create_server(address)
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        config = uvicorn.Config(create_app(state), log_level="warning", access_log=False,
                                lifespan="off", timeout_keep_alive=KEEP_ALIVE_S)
        self._server = uvicorn.Server(config)
        self._running = threading.Event()
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        self._running.set()
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop ``serve_forever`` and wait until it has returned."""
        self._server.should_exit = True
        if self._running.is_set():
            self._stopped.wait()

    def server_close(self) -> None:
        self.socket.close()


def make_server(state: PsiState, host: str = "127.0.0.1", port: int = 0) -> PsiServer:
    """A server bound to ``host:port`` (0: a free port; see ``server_address``)."""
    return PsiServer((host, port), state)
