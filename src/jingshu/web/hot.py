"""The annotators' three hot routes (``next``, ``answers``, ``skip``) as plain ASGI.

Every annotator calls ``POST /api/v1/projects/{name}/next`` and ``…/answers`` in a loop
(and now and then ``…/skip``). Through FastAPI each request paid for the exception and
exit-stack middlewares, router-by-router matching, dependency solving and a thread hop
through anyio's limiter: more CPU than the request's database work. This middleware
answers those requests itself when they are the common case, with the same use cases,
policy and error bodies, and hands everything else to the app unchanged:

* it sits inside :class:`~jingshu.web.headers.SecurityHeadersMiddleware`,
  :class:`~jingshu.web.limits.UploadLimitMiddleware` and
  :class:`~jingshu.web.limits.BodyAuthMiddleware`, so headers, the body limit and the
  refusal of bodies without credentials are theirs, as for every route;
* only bearer-token callers are served here (the token cache, or one lookup, as for
  every route: :func:`jingshu.web.deps.body_principal`); a session cookie (CSRF check),
  no credentials, a body that is not JSON or does not fit ``AnswerIn``/``SkipIn`` go to
  the FastAPI routes in :mod:`jingshu.web.api.handlers.projects`, which give the usual
  answers (a body already read is replayed to them);
* the work runs in one worker thread per request (a pool of :data:`HOT_THREADS`) and one
  transaction: lock the member's row, which returns in the same statement the source
  dataset's current policy columns (:func:`jingshu.annotate.work.start_work` with
  ``source=True``: the policy is checked on every request, with no query of its own),
  check membership and the policy, do the work, commit;
* these threads take pooled connections without the ping (``SELECT 1``) every other
  checkout pays (:func:`jingshu.db.engine.unpinged_thread`): a request whose first
  statement finds the connection dropped (the database restarted) is retried once on a
  fresh one; nothing was written before that statement.

Domain errors get the one JSON error body (:func:`jingshu.http_errors.domain_json`),
database errors the app's answers (:func:`jingshu.web.errors.database_error_response`).
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jingshu.accounts.service import secret_hash
from jingshu.annotate.access import source_of_work
from jingshu.annotate.answers import submit_work
from jingshu.annotate.assignment import lease_next, skip_item
from jingshu.annotate.work import TokenHolder, Work, start_work
from jingshu.db.base import utcnow
from jingshu.db.engine import unpinged_thread
from jingshu.errors import JingshuError
from jingshu.http_errors import domain_json
from jingshu.platform import Platform
from jingshu.web.api.schemas.annotate import AnswerIn, AssignmentOut, SkipIn, SubmittedOut
from jingshu.web.deps import Principal, body_principal
from jingshu.web.errors import database_error_response
from jingshu.web.headers import COMMON, CSP, HSTS
from jingshu.web.policies import authorize
from jingshu.web.policies.annotate import AnnotationPolicy
from jingshu.web.token_cache import TokenCache

__all__ = ["HOT_THREADS", "HotAnnotationMiddleware"]

HOT_THREADS = 16
"""Worker threads for the hot routes (each holds one pooled connection while it works)."""
HOT_TOKEN_SECONDS = 60.0
"""How long a token's holder is kept here. Not a revocation window: every request checks
the token and its user in the member lock; this only bounds how often a token is looked
up as other routes do it (which also marks it used: ``last_used_at``)."""
MAX_KNOWN = 10_000

PREFIX = "/api/v1/projects/"
_PATH = re.compile(r"/api/v1/projects/([^/]+)/(next|answers|skip)")
_BODIES: dict[str, type[BaseModel]] = {"answers": AnswerIn, "skip": SkipIn}
_JSON = [(b"content-type", b"application/json")]

_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The process's hot-route threads, started on first use (shared by every app)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(HOT_THREADS, thread_name_prefix="jingshu-hot",
                                       initializer=unpinged_thread)
        return _POOL


class _Reply:
    """What a hot request answers when it succeeds: a status and a JSON body (or none)."""

    __slots__ = ("body", "status")

    def __init__(self, status: int, body: bytes = b"") -> None:
        self.status = status
        self.body = body


def _authorized(session: Session, who: Principal, work: Work) -> None:
    """A member who may (still) see the source's rows (the policy read with the lock)."""
    authorize(who, AnnotationPolicy.work(work.rules, work.member))
    authorize(who, AnnotationPolicy.label(work.rules, work.member,
                                          *source_of_work(session, work)))


def _do(session: Session, work: Work, who: str, action: str, body: BaseModel | None) -> _Reply:
    if isinstance(body, AnswerIn):
        done = submit_work(session, work, who, lease_id=body.lease_id, value=body.value,
                           seconds=body.seconds)
        out = SubmittedOut(answer_id=done.answer_id, item_done=done.item_done,
                           member_state=done.member_state.value)
        return _Reply(201, out.model_dump_json().encode())
    if isinstance(body, SkipIn):
        skip_item(session, work.rules, who, body.lease_id, body.reason, now=work.now)
        return _Reply(204)
    got = lease_next(session, work, who)
    return _Reply(204) if got is None else _Reply(200, AssignmentOut.of(got).model_dump_json()
                                                  .encode())


class _Stale(Exception):
    """The cached caller no longer holds: the token was revoked or expired, or its user
    was deactivated or changed (name, role, organization); or, for a non-member, the
    lock could not say. Nothing was written."""


def _serve(platform: Platform, who: Principal, token: TokenHolder | None, name: str,
           action: str, body: BaseModel | None) -> _Reply:
    """One transaction on a hot-route thread; retried once when its first statement
    finds the (unpinged) connection dropped. ``token``: check in the lock that the cached
    caller still holds (:class:`_Stale` when not); ``None``: ``who`` was just resolved."""
    for attempt in (1, 2):
        locked = False
        try:
            with platform.db.session() as session:
                work = start_work(session, name, who.username, utcnow(),
                                  held=action == "next", source=True, token=token)
                locked = True
                if token is not None and not work.token_ok:
                    raise _Stale
                _authorized(session, who, work)
                return _do(session, work, who.username, action, body)
        except DBAPIError as exc:
            if locked or attempt == 2 or not exc.connection_invalidated:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body; ``None`` when the client went away."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """``receive`` for the app after the body was read here: the body once, then the rest."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


@dataclass(frozen=True)
class _Head:
    """The request headers the hot path looks at, read in one pass."""

    bearer: bool = False
    secret: str = ""  # the bearer token
    cookie: bool = False
    json: bool = False
    length: int | None = None  # Content-Length; None when absent (or chunked)
    chunked: bool = False


def _head(scope: Scope) -> _Head:
    bearer = cookie = json = chunked = False
    secret = ""
    length: int | None = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            secret = value[7:].decode("latin-1").strip()
            bearer = value[:7].lower() == b"bearer " and bool(secret)
        elif name == b"content-type":
            json = value.split(b";", 1)[0].strip().lower() == b"application/json"
        elif name == b"content-length":
            length = int(value) if value.strip().isdigit() else -1
        elif name == b"transfer-encoding":
            chunked = True
        elif name == b"cookie":
            cookie = True
    return _Head(bearer, secret, cookie, json, length, chunked)


class HotAnnotationMiddleware:
    """Serve ``POST …/projects/{name}/next|answers|skip`` for bearer-token callers.

    The outermost of the app's own middlewares: what the three below it do for every
    request, it does for the requests it serves (the security headers, the body limit,
    credentials before the body); every other request goes down the usual stack.
    """

    def __init__(self, app: ASGIApp, platform: Platform) -> None:
        self.app = app
        self.platform = platform
        self.limit = platform.settings.max_upload_mb * 2**20
        # token hash -> (until, caller): checked again on every request by the lock
        self.known: dict[str, tuple[float, Principal]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope["method"] != "POST"
                or not path.startswith(PREFIX)):
            await self.app(scope, receive, send)
            return
        match = _PATH.fullmatch(path)
        head = _head(scope) if match is not None else None
        if match is None or head is None or not self._ours(head, match.group(2)):
            await self.app(scope, receive, send)
            return
        name, action = match.groups()
        token_hash = secret_hash(head.secret)
        who = self._known(token_hash)
        if who is None:
            who = await self._resolve(scope, receive, send, head, token_hash)
            if who is None:
                return
        body: BaseModel | None = None
        model = _BODIES.get(action)
        if model is not None:
            raw = await _read_body(receive)
            if raw is None:
                return
            try:
                body = model.model_validate_json(raw)
            except ValidationError:  # the app's own 400 names the field
                await self.app(scope, _replaying(raw, receive), send)
                return
        holder = TokenHolder(token_hash, who.user_id or 0, who.role, who.organization_id)
        try:
            await self._answer(scope, receive, send, who, holder, name, action, body)
        except _Stale:  # resolve the token afresh (401 when it no longer holds), then work
            self.known.pop(token_hash, None)
            cache: TokenCache[Principal] = scope["app"].state.token_cache  # the app's
            cache.forget(token_hash)  # so that the token is looked up again, now
            who = await self._resolve(scope, receive, send, head, token_hash)
            if who is not None:
                await self._answer(scope, receive, send, who, None, name, action, body)

    def _known(self, token_hash: str) -> Principal | None:
        entry = self.known.get(token_hash)
        if entry is None or entry[0] <= time.monotonic():
            return None
        return entry[1]

    async def _resolve(self, scope: Scope, receive: Receive, send: Send, head: _Head,
                       token_hash: str) -> Principal | None:
        """The token's holder as every route resolves it (the app's token cache, or one
        lookup); ``None`` when refused (the refusal is sent), as BodyAuthMiddleware (for
        a body) or the route would."""
        try:
            who = await body_principal(Request(scope))
        except JingshuError as exc:
            response = domain_json(exc)
            if head.length:
                response.headers["Connection"] = "close"
            await response(scope, receive, _with_headers(scope, send))
            return None
        if len(self.known) >= MAX_KNOWN:
            self.known.clear()
        self.known[token_hash] = (time.monotonic() + HOT_TOKEN_SECONDS, who)
        return who

    def _ours(self, head: _Head, action: str) -> bool:
        """A bearer token without a session cookie, and for ``answers``/``skip`` a JSON
        body of announced length within the upload limit (for ``next``, none)."""
        if not head.bearer or head.cookie or head.chunked:
            return False
        if action not in _BODIES:
            return not head.length
        return head.json and head.length is not None and 0 < head.length <= self.limit

    async def _answer(self, scope: Scope, receive: Receive, send: Send, who: Principal,
                      token: TokenHolder | None, name: str, action: str,
                      body: BaseModel | None) -> None:
        send = _with_headers(scope, send)
        loop = asyncio.get_running_loop()
        work: Callable[[], _Reply] = lambda: _serve(  # noqa: E731
            self.platform, who, token, name, action, body)
        try:
            reply = await loop.run_in_executor(_pool(), work)
        except _Stale:
            raise
        except JingshuError as exc:
            await domain_json(exc)(scope, receive, send)
            return
        except Exception as exc:
            response = database_error_response(Request(scope), exc)
            if response is None:
                raise
            await response(scope, receive, send)
            return
        await _send(send, reply)


_SECURE = [(k.encode(), v.encode()) for k, v in (*COMMON, ("content-security-policy", CSP))]
_SECURE_HTTPS = [*_SECURE, (b"strict-transport-security", HSTS.encode())]


def _with_headers(scope: Scope, send: Send) -> Send:
    """``send`` adding the security headers (:mod:`jingshu.web.headers`) to the answer."""
    extra = _SECURE_HTTPS if scope.get("scheme") == "https" else _SECURE

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", ()), *extra]
        await send(message)

    return send_with_headers


async def _send(send: Send, reply: _Reply) -> None:
    headers: list[Any] = []
    if reply.status != 204:
        headers = [*_JSON, (b"content-length", str(len(reply.body)).encode())]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})
