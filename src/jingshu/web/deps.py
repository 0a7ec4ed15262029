"""Request dependencies: the platform, a database session, who is asking, CSRF.

Handlers and pages take them through the typed aliases at the end of this module
(``who: Who``, ``session: DbSession``, ``platform: PlatformDep``), one style everywhere.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from jingshu.accounts.models import Role, User
from jingshu.accounts.service import Identity, resolve_session, resolve_token
from jingshu.errors import AuthError, PermissionDenied
from jingshu.jobs.embedded import EmbeddedWorker
from jingshu.platform import Platform
from jingshu.web.token_cache import TokenCache

__all__ = [
    "CSRF_COOKIE",
    "PRINCIPAL_KEY",
    "SESSION_COOKIE",
    "Caller",
    "DbSession",
    "PlatformDep",
    "Principal",
    "Viewer",
    "Who",
    "body_principal",
    "caller",
    "check_csrf",
    "current",
    "db_session",
    "get_platform",
    "login_csrf_token",
    "principal",
    "worker_of",
]

SESSION_COOKIE = "jingshu_session"
CSRF_COOKIE = "jingshu_csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PRINCIPAL_KEY = "jingshu.principal"  # in the request's ASGI scope, set by BodyAuthMiddleware


@dataclass(frozen=True)
class Principal:
    """Who is making a request: a user (by token or session) or an anonymous visitor."""

    username: str
    role: Role | None
    user_id: int | None = None
    organization_id: int | None = None
    via: str = "anonymous"  # "anonymous" | "token" | "session"
    csrf_token: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.role is None

    def require_user_id(self) -> int:
        """The signed-in user's id; :class:`AuthError` (401) for anyone else."""
        if self.user_id is None:
            raise AuthError("this needs a logged-in user",
                            hint="log in, or send 'Authorization: Bearer TOKEN'")
        return self.user_id

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(username="anonymous", role=None)

    @classmethod
    def of(cls, user: User | Identity, via: str, csrf_token: str | None = None) -> Principal:
        return cls(user.username, user.role, user.id, user.organization_id, via, csrf_token)


async def get_platform(request: Request) -> Platform:
    """The app's platform (async: FastAPI runs sync dependencies in a worker thread)."""
    platform: Platform = request.app.state.platform
    return platform


async def db_session(platform: Platform = Depends(get_platform)) -> AsyncIterator[Session]:
    """A session per request; handlers that write call ``session.commit()`` themselves.

    Opening a session does no I/O, so this runs on the event loop instead of costing two
    worker-thread hand-offs per request; only a session that still holds a connection at
    the end (its handler raised before committing) is rolled back in a worker thread.
    """
    session = platform.db._factory()
    try:
        yield session
    finally:
        if session.in_transaction():
            await _close_in_thread(session)
        else:
            session.close()


async def _close_in_thread(session: Session) -> None:
    """Roll back and return the connection, even if the request was cancelled.

    Like FastAPI's own exit of sync generator dependencies, this does not wait for a
    free worker (its own limiter): a session that holds a connection must never queue
    behind workers that wait for a connection from the pool.
    """
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(session.close, limiter=anyio.CapacityLimiter(1))


async def principal(request: Request, session: Session = Depends(db_session)) -> Principal:
    """Bearer token first, then the session cookie; otherwise anonymous.

    A cookie-authenticated request that changes something must carry the session's
    CSRF token (``X-CSRF-Token`` header or ``csrf_token`` form field). A request with
    a body was resolved before its body was read (:func:`body_principal`); that is reused.
    """
    early: Principal | None = request.scope.get(PRINCIPAL_KEY)
    if early is not None:
        return early
    secret = _bearer_secret(request)
    if secret is not None:
        return await _token_principal(request, secret)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return await run_in_threadpool(_session_principal, request, session, cookie)
    return Principal.anonymous()


def _bearer_secret(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header; ``None`` without one."""
    auth = request.headers.get("authorization", "")
    if not auth:
        return None
    scheme, _, secret = auth.partition(" ")
    if scheme.lower() != "bearer" or not secret:
        raise AuthError("the Authorization header must be 'Bearer TOKEN'")
    return secret.strip()


async def _token_principal(request: Request, secret: str) -> Principal:
    """From the app's token cache, else one query in a worker thread (see token_cache)."""
    cache: TokenCache[Principal] = request.app.state.token_cache
    who = cache.get(secret)
    if who is None:
        who = await run_in_threadpool(_resolve_token, await get_platform(request), secret)
        cache.put(secret, who)
    return who


def _resolve_token(platform: Platform, secret: str) -> Principal:
    # Its own short transaction: it writes last_used_at (at most once a minute) and
    # holds no connection while the handler waits for a worker thread.
    with platform.db.session() as session:
        return Principal.of(resolve_token(session, secret), "token")


async def body_principal(request: Request) -> Principal:
    """Who sends a request with a body, before the body is read; AuthError if nobody.

    The bearer token or session cookie must be valid: anonymous bodies are refused
    without reading them (a 30 MB upload costs nothing when it is not allowed).
    """
    secret = _bearer_secret(request)
    if secret is not None:
        return await _token_principal(request, secret)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return await run_in_threadpool(_cookie_principal, await get_platform(request), cookie)
    raise AuthError("log in first: this request needs a logged-in user",
                    hint="log in, or send 'Authorization: Bearer TOKEN'")


def _cookie_principal(platform: Platform, cookie: str) -> Principal:
    with platform.db.session() as session:
        ws = resolve_session(session, cookie)
        return Principal.of(ws.user, "session", ws.csrf_token)


def _session_principal(request: Request, session: Session, cookie: str) -> Principal:
    try:
        ws = resolve_session(session, cookie)
    except AuthError:
        if request.url.path.startswith("/api/"):
            raise
        return Principal.anonymous()
    return Principal.of(ws.user, "session", ws.csrf_token)


async def check_csrf(request: Request, who: Principal) -> None:
    """Refuse an unsafe cookie-authenticated request without the right CSRF token."""
    if request.method not in UNSAFE or who.via != "session":
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = str((await request.form()).get("csrf_token", ""))
    if not sent or not who.csrf_token or not hmac.compare_digest(sent, who.csrf_token):
        raise PermissionDenied("the form's CSRF token is missing or wrong",
                               hint="reload the page and submit the form again")


def login_csrf_token(request: Request) -> str:
    """Double-submit token for forms shown before login (the login form itself)."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)


async def current(request: Request, who: Principal = Depends(principal)) -> Principal:
    """The principal, after the CSRF check: what every handler depends on."""
    await check_csrf(request, who)
    return who


async def caller(request: Request) -> Principal:
    """What :func:`current` gives, without a request-scoped session: for the hot routes
    that open their own session inside their one worker-thread hop.

    The same credentials in the same order (a principal resolved before the body, a bearer
    token, the session cookie; otherwise anonymous) and the same CSRF check. An invalid
    session cookie is a 401, as on every ``/api/`` route.
    """
    who: Principal | None = request.scope.get(PRINCIPAL_KEY)
    if who is None:
        secret = _bearer_secret(request)
        cookie = request.cookies.get(SESSION_COOKIE)
        if secret is not None:
            who = await _token_principal(request, secret)
        elif cookie:
            who = await run_in_threadpool(_cookie_principal, await get_platform(request), cookie)
        else:
            who = Principal.anonymous()
    await check_csrf(request, who)
    return who


def worker_of(request: Request) -> EmbeddedWorker:
    """The app's job worker (made by :func:`jingshu.web.app.create_app`)."""
    worker: EmbeddedWorker = request.app.state.corpus_runs
    return worker


Who = Annotated[Principal, Depends(current)]
"""Whoever asks, after the CSRF check on unsafe methods (what handlers depend on)."""
Caller = Annotated[Principal, Depends(caller)]
"""As ``Who``, for handlers that take no ``DbSession`` (they open one in their worker thread)."""
Viewer = Annotated[Principal, Depends(principal)]
"""Whoever asks, without the CSRF check (pages that only show)."""
DbSession = Annotated[Session, Depends(db_session)]
PlatformDep = Annotated[Platform, Depends(get_platform)]
