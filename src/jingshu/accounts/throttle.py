"""Login throttling per account and per address, and registration throttling per
address, kept in the database.

Each failed login is a row of ``login_failures``; a login is refused (HTTP 429 with
``Retry-After``) while the account has :data:`ACCOUNT_LIMIT` failures, or the address
:data:`ADDRESS_LIMIT`, within the last :data:`WINDOW`. Rows rather than in-memory
counters, so every server process (``jingshu serve --workers N``) and every machine
behind a proxy sees the same counts. A successful login clears its account's
failures, not its address's (else an attacker could reset the address count with an
account of their own).

Registration (:class:`RegistrationThrottle`) is throttled the same way: every attempt
from an address is a row of ``registration_attempts``, accepted or refused, and an
address gets HTTP 429 once it has made :data:`REGISTER_LIMIT` within
:data:`REGISTER_WINDOW` (a script cannot fill organization admins' queues with
accounts, nor probe usernames at scrypt's cost to the server).

Limits follow NIST SP 800-63B §5.2.2 (at most 100 consecutive failures per account);
ours are much tighter, as a locked-out user waits at most :data:`WINDOW`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from jingshu.accounts.models import LoginFailure, RegistrationAttempt
from jingshu.db.base import utcnow
from jingshu.errors import TooManyAttempts

__all__ = ["ACCOUNT_LIMIT", "ADDRESS_LIMIT", "REGISTER_LIMIT", "REGISTER_WINDOW", "WINDOW",
           "LoginThrottle", "RegistrationThrottle"]

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
REGISTER_LIMIT = 5
REGISTER_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class LoginThrottle:
    """The throttle for one login attempt: who it is for and from where."""

    username: str
    address: str = ""

    def check(self, session: Session, now: datetime | None = None) -> None:
        """Raise :class:`TooManyAttempts` while this account or address is throttled."""
        now = now or utcnow()
        wait = _wait(session, LoginFailure.username == self._name, ACCOUNT_LIMIT, now)
        if wait:
            raise TooManyAttempts(
                f"登录失败次数过多，请 {wait} 秒后再试 / too many failed logins for this "
                f"account; try again in {wait} s", retry_after=wait,
                hint="wait, or ask an administrator to check the account")
        if self.address:
            wait = _wait(session, LoginFailure.address == self.address, ADDRESS_LIMIT, now)
            if wait:
                raise TooManyAttempts(
                    f"此地址登录失败次数过多，请 {wait} 秒后再试 / too many failed logins from "
                    f"this address; try again in {wait} s", retry_after=wait,
                    hint="wait before trying again")

    def failed(self, session: Session, now: datetime | None = None) -> None:
        """Count a failure (and drop failures older than the window, everyone's)."""
        now = now or utcnow()
        session.execute(delete(LoginFailure).where(LoginFailure.at < now - WINDOW))
        session.add(LoginFailure(username=self._name, address=self.address[:64], at=now))
        session.flush()

    def succeeded(self, session: Session) -> None:
        """Forget the account's failures (not the address's)."""
        session.execute(delete(LoginFailure).where(LoginFailure.username == self._name))

    @property
    def _name(self) -> str:
        return self.username[:64]


@dataclass(frozen=True)
class RegistrationThrottle:
    """The throttle for registrations from one address."""

    address: str

    def attempt(self, session: Session, now: datetime | None = None) -> None:
        """Count this attempt, or raise :class:`TooManyAttempts` while the address is over.

        The caller commits the count before registering, so that a refused registration
        (a taken username, a weak password) counts too.
        """
        now = now or utcnow()
        wait = _wait(session, RegistrationAttempt.address == self._address, REGISTER_LIMIT,
                     now, RegistrationAttempt.at, REGISTER_WINDOW)
        if wait:
            raise TooManyAttempts(
                f"此地址注册次数过多，请 {wait} 秒后再试 / too many registrations from this "
                f"address; try again in {wait} s", retry_after=wait,
                hint="wait before registering again, or ask your organization's admin")
        session.execute(delete(RegistrationAttempt)
                        .where(RegistrationAttempt.at < now - REGISTER_WINDOW))
        session.add(RegistrationAttempt(address=self._address, at=now))
        session.flush()

    @property
    def _address(self) -> str:
        return self.address[:64]


def _wait(session: Session, which: ColumnElement[bool], limit: int, now: datetime,
          at: InstrumentedAttribute[datetime] = LoginFailure.at,
          window: timedelta = WINDOW) -> int:
    """Seconds until fewer than ``limit`` rows matching ``which`` are in the window."""
    recent = (select(at.label("at")).where(which, at >= now - window)
              .order_by(at.desc()).limit(limit).subquery())
    count, oldest = session.execute(select(func.count(), func.min(recent.c.at))).one()
    if int(count) < limit or oldest is None:
        return 0
    wait: int = max(1, math.ceil((oldest + window - now).total_seconds()))
    return wait
