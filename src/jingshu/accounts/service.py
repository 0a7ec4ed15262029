"""Use cases of the accounts domain: organizations, users, API tokens, browser sessions."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jingshu.accounts.models import ApiToken, Organization, Role, User, WebSession
from jingshu.accounts.password_rules import check_password
from jingshu.accounts.passwords import hash_password, verify_nobody, verify_password
from jingshu.accounts.second_factor import check_login_code
from jingshu.accounts.throttle import LoginThrottle
from jingshu.audit import record
from jingshu.db.base import utcnow
from jingshu.db.lookup import get_existing
from jingshu.errors import AuthError, ConflictError, InputError, NotFoundError

__all__ = [
    "Identity",
    "IssuedToken",
    "authenticate",
    "create_organization",
    "create_session",
    "create_user",
    "end_session",
    "get_organization",
    "get_user",
    "issue_token",
    "list_tokens",
    "resolve_session",
    "resolve_token",
    "revoke_token",
    "secret_hash",
]

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,62}$")
TOKEN_PREFIX = "js_"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is written at most this often


def secret_hash(secret: str) -> str:
    """The sha256 stored for a token or session secret (``token_hash``)."""
    return hashlib.sha256(secret.encode()).hexdigest()


_sha = secret_hash


def check_name(kind: str, name: str) -> None:
    """Names are lowercase slugs; say so if not."""
    if not NAME_RE.match(name):
        raise InputError(
            f"{kind} name {name!r} is not allowed",
            hint="use 2–63 lowercase letters, digits, '-', '_' or '.', starting with a "
            "letter or digit",
        )


def create_organization(session: Session, name: str, title: str, *, actor: str) -> Organization:
    check_name("organization", name)
    if session.scalar(select(Organization).where(Organization.name == name)):
        raise ConflictError(f"organization {name!r} already exists", hint="choose another name")
    org = Organization(name=name, title=title or name)
    session.add(org)
    session.flush()
    record(session, actor, "organization.create", f"organization:{name}", {"title": org.title})
    return org


def get_organization(session: Session, name: str) -> Organization:
    org = session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        raise NotFoundError(
            f"organization {name!r} does not exist",
            hint="create it with `jingshu user org-create NAME`",
        )
    return org


def create_user(
    session: Session,
    username: str,
    password: str,
    role: Role,
    *,
    actor: str,
    organization: str | None = None,
    display_name: str = "",
    email: str = "",
) -> User:
    check_name("user", username)
    check_password(password, username)
    if session.scalar(select(User).where(User.username == username)):
        raise ConflictError(f"user {username!r} already exists", hint="choose another username")
    org = get_organization(session, organization) if organization else None
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        organization_id=org.id if org else None,
        display_name=display_name or username,
        email=email,
    )
    session.add(user)
    session.flush()
    record(session, actor, "user.create", f"user:{username}",
           {"role": role.value, "organization": organization})
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(
            f"user {username!r} does not exist", hint="list users with `jingshu user list`"
        )
    return user


def authenticate(session: Session, username: str, password: str, *, address: str = "",
                 totp: str | None = None) -> User:
    """The user with these credentials; the same message whichever part is wrong.

    Refused with :class:`TooManyAttempts` while the account or ``address`` is throttled
    (see :mod:`jingshu.accounts.throttle`). An unknown user costs the same scrypt time
    as a wrong password. A failure is counted and committed before the error is raised.
    When the user has TOTP on, ``totp`` must be a current code.
    """
    throttle = LoginThrottle(username, address)
    throttle.check(session)
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        ok = verify_nobody(password)
    else:
        ok = verify_password(password, user.password_hash) and user.active
    if ok and user is not None and check_login_code(session, user, totp):
        throttle.succeeded(session)
        return user
    throttle.failed(session)
    session.commit()
    what = "username, password or one-time code" if totp else "username or password"
    raise AuthError(f"wrong {what}", hint="check them and try again")


@dataclass(frozen=True)
class IssuedToken:
    """A new API token: ``secret`` is shown once and never stored."""

    id: int
    name: str
    secret: str
    expires_at: datetime | None


def issue_token(
    session: Session, user: User, name: str, *, days: int | None = None, actor: str
) -> IssuedToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(days=days) if days else None
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:10], token_hash=_sha(secret),
                     expires_at=expires)
    session.add(token)
    session.flush()
    record(session, actor, "token.issue", f"user:{user.username}", {"token": token.prefix})
    return IssuedToken(token.id, name, secret, expires)


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    """A user's API tokens, newest first (hashes only; secrets are never stored)."""
    query = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
    return list(session.scalars(query))


def revoke_token(session: Session, token_id: int, *, actor: str) -> None:
    token = get_existing(session, ApiToken, token_id, f"API token {token_id}")
    token.revoked = True
    record(session, actor, "token.revoke", f"user:{token.user.username}", {"token": token.prefix})


@dataclass(frozen=True)
class Identity:
    """Whom an API token speaks for: what authorizing a request needs, no ORM objects."""

    id: int
    username: str
    role: Role
    organization_id: int | None


_TOKEN_HOLDER = select(
    ApiToken.id.label("token_id"), ApiToken.revoked, ApiToken.expires_at, ApiToken.last_used_at,
    User.id.label("user_id"), User.username, User.role, User.organization_id, User.active,
).join(User, User.id == ApiToken.user_id)


def resolve_token(session: Session, secret: str) -> Identity:
    """The identity behind an API token, in one query of the columns needed.

    Raises AuthError when the token is unknown, revoked or expired, or its user is
    deactivated. Marks the token used (``last_used_at``) at most once a minute.
    """
    conn = session.connection()
    row = conn.execute(_TOKEN_HOLDER.where(ApiToken.token_hash == _sha(secret))).one_or_none()
    now = utcnow()
    if row is None or row.revoked:
        raise AuthError("the API token is not valid", hint="issue a new one with "
                        "`jingshu user token USERNAME`")
    if row.expires_at is not None and row.expires_at < now:
        raise AuthError("the API token has expired", hint="issue a new one")
    if not row.active:
        raise AuthError(f"user {row.username!r} is deactivated")
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        # not on every request: a write and a commit each time
        conn.execute(update(ApiToken).where(ApiToken.id == row.token_id).values(last_used_at=now))
    return Identity(row.user_id, row.username, row.role, row.organization_id)


def create_session(session: Session, user: User, *, hours: int) -> tuple[str, WebSession]:
    """A browser session; returns the cookie value (shown once) and the stored row."""
    secret = secrets.token_urlsafe(32)
    ws = WebSession(user_id=user.id, token_hash=_sha(secret), csrf_token=secrets.token_urlsafe(24),
                    expires_at=utcnow() + timedelta(hours=hours))
    session.add(ws)
    session.flush()
    record(session, user.username, "session.login", f"user:{user.username}")
    return secret, ws


def resolve_session(session: Session, secret: str) -> WebSession:
    ws = session.scalar(select(WebSession).where(WebSession.token_hash == _sha(secret)))
    if ws is None:
        raise AuthError("you are not logged in", hint="log in again")
    if ws.expires_at < utcnow():
        raise AuthError("your session has expired", hint="log in again")
    if not ws.user.active:
        raise AuthError(f"user {ws.user.username!r} is deactivated")
    return ws


def end_session(session: Session, secret: str) -> None:
    ws = session.scalar(select(WebSession).where(WebSession.token_hash == _sha(secret)))
    if ws is not None:
        record(session, ws.user.username, "session.logout", f"user:{ws.user.username}")
        session.delete(ws)
