"""Optional TOTP second factor for administrators: enrol, confirm, check at login, disable.

Enrolling stores a new secret, unconfirmed; confirming with a first code turns it on,
and from then on logging in needs a current code as well as the password. Each code
is accepted once (the step it belongs to is stored).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from jingshu.accounts.models import Role, User, UserTotp
from jingshu.accounts.totp import matching_step, new_secret, otpauth_uri
from jingshu.audit import record
from jingshu.errors import AuthError, ConflictError, InputError, NotFoundError, RuleViolation

__all__ = [
    "TotpEnrolment",
    "check_login_code",
    "confirm_totp",
    "disable_totp",
    "enrol_totp",
    "totp_enabled",
]


@dataclass(frozen=True)
class TotpEnrolment:
    """A new secret to put in an authenticator app (by hand or as a QR code of ``uri``)."""

    username: str
    secret: str
    uri: str


def totp_enabled(session: Session, user: User) -> bool:
    row = session.get(UserTotp, user.id)
    return row is not None and row.confirmed


def enrol_totp(session: Session, user: User, *, actor: str) -> TotpEnrolment:
    """Start (or restart, while unconfirmed) enrolment; only administrators have TOTP."""
    if user.role is not Role.ADMIN:
        raise RuleViolation(f"user {user.username!r} is not an administrator; TOTP is for "
                            "administrators", hint="only admin accounts enrol a second factor")
    row = session.get(UserTotp, user.id)
    if row is not None and row.confirmed:
        raise ConflictError(f"user {user.username!r} already has TOTP turned on",
                            hint="disable it first (`jingshu user totp disable USERNAME`)")
    secret = new_secret()
    if row is None:
        session.add(UserTotp(user_id=user.id, secret=secret, confirmed=False, last_step=0))
    else:
        row.secret, row.last_step = secret, 0
    session.flush()
    record(session, actor, "totp.enrol", f"user:{user.username}")
    return TotpEnrolment(user.username, secret, otpauth_uri(secret, user.username))


def confirm_totp(session: Session, user: User, code: str, *, actor: str) -> None:
    """Turn TOTP on with a first code from the app, proving it holds the secret."""
    row = session.get(UserTotp, user.id)
    if row is None:
        raise NotFoundError(f"user {user.username!r} has not enrolled TOTP",
                            hint="enrol first (POST /api/v1/auth/totp or "
                            "`jingshu user totp enrol USERNAME`)")
    if row.confirmed:
        raise ConflictError(f"TOTP is already on for user {user.username!r}")
    step = matching_step(row.secret, code, after=row.last_step)
    if step is None:
        raise InputError("the one-time code is wrong or expired",
                         hint="type the current 6-digit code from the authenticator app; "
                         "check the device's clock")
    row.confirmed, row.last_step = True, step
    record(session, actor, "totp.confirm", f"user:{user.username}")


def disable_totp(session: Session, user: User, *, actor: str) -> None:
    row = session.get(UserTotp, user.id)
    if row is None:
        raise NotFoundError(f"user {user.username!r} has no TOTP to disable")
    session.delete(row)
    record(session, actor, "totp.disable", f"user:{user.username}")


def check_login_code(session: Session, user: User, code: str | None) -> bool:
    """Whether a login may go on: no TOTP, or a fresh valid code (then marked used).

    Raises :class:`AuthError` when TOTP is on and no code was sent (not a failure:
    the password was right and the client only has to ask for the code).
    """
    row = session.get(UserTotp, user.id)
    if row is None or not row.confirmed:
        return True
    if not code:
        raise AuthError("this account needs a one-time code (TOTP) / 此账号需要动态验证码",
                        hint="send the 6-digit code from your authenticator app as 'totp'")
    step = matching_step(row.secret, code, after=row.last_step)
    if step is None:
        return False
    row.last_step = step
    return True
