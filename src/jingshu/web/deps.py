"""Request dependencies: the platform, a database session, who is asking, CSRF."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from jingshu.accounts.models import Role, User
from jingshu.accounts.service import resolve_session, resolve_token
from jingshu.errors import AuthError, PermissionDenied
from jingshu.platform import Platform

__all__ = [
    "CSRF_COOKIE",
    "SESSION_COOKIE",
    "Principal",
    "check_csrf",
    "current",
    "db_session",
    "get_platform",
    "login_csrf_token",
    "principal",
]

SESSION_COOKIE = "jingshu_session"
CSRF_COOKIE = "jingshu_csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


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

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(username="anonymous", role=None)

    @classmethod
    def of(cls, user: User, via: str, csrf_token: str | None = None) -> Principal:
        return cls(user.username, user.role, user.id, user.organization_id, via, csrf_token)


def get_platform(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


def db_session(platform: Platform = Depends(get_platform)) -> Iterator[Session]:
    """A session per request; handlers that write call ``session.commit()`` themselves."""
    with platform.db._factory() as session:
        try:
            yield session
        finally:
            session.rollback()


def principal(request: Request, session: Session = Depends(db_session)) -> Principal:
    """Bearer token first, then the session cookie; otherwise anonymous.

    A cookie-authenticated request that changes something must carry the session's
    CSRF token (``X-CSRF-Token`` header or ``csrf_token`` form field).
    """
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, secret = auth.partition(" ")
        if scheme.lower() != "bearer" or not secret:
            raise AuthError("the Authorization header must be 'Bearer TOKEN'")
        who = Principal.of(resolve_token(session, secret.strip()), "token")
        # Ends the read (and gives the connection back to the pool before the handler
        # waits for a worker thread); writes last_used_at, at most once a minute.
        session.commit()
        return who
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        try:
            ws = resolve_session(session, cookie)
        except AuthError:
            if request.url.path.startswith("/api/"):
                raise
            return Principal.anonymous()
        return Principal.of(ws.user, "session", ws.csrf_token)
    return Principal.anonymous()


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
