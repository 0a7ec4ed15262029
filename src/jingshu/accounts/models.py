"""Tables of the accounts domain: organizations, users, API tokens, browser sessions,
failed logins and registration attempts (for throttling) and TOTP second factors."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jingshu.db.base import Base, enum_type, utcnow

__all__ = ["ApiToken", "LoginFailure", "Organization", "Registration",
           "RegistrationAttempt", "RegistrationStatus", "Role", "User", "UserTotp", "WebSession"]


class Role(enum.StrEnum):
    """What a user is for. Each role's rights are in the web policies."""

    ADMIN = "admin"
    PUBLISHER = "publisher"
    ANNOTATOR = "annotator"
    CONSUMER = "consumer"
    # Approves re-grading a dataset to less protection (the second person; see
    # jingshu.catalog.regrade): of every organization when the user has none, else of
    # the user's own organization only (an organization's data officer).
    DATA_OFFICER = "data_officer"


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # approves registrations into, and manages the users of, its own organization
    org_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organization: Mapped[Organization | None] = relationship(lazy="joined")


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"  # 待审核
    APPROVED = "approved"  # 已批准
    REJECTED = "rejected"  # 已驳回


class Registration(Base):
    """A self-registered account waiting for (or decided by) an organization's admin.

    The user row exists from the start, inactive until approved.
    """

    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[RegistrationStatus] = mapped_column(enum_type(RegistrationStatus),
                                                       default=RegistrationStatus.PENDING)
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    user: Mapped[User] = relationship(lazy="joined")
    organization: Mapped[Organization] = relationship(lazy="joined")


class ApiToken(Base):
    """An API token; only its sha256 is stored, the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship(lazy="joined")


class WebSession(Base):
    """A browser login; the cookie holds a random token whose sha256 is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

    user: Mapped[User] = relationship(lazy="joined")


class LoginFailure(Base):
    """One failed login, kept for the throttling window (see :mod:`jingshu.accounts.throttle`).

    Rows, not counters, so that several server processes share them without races;
    ``username`` is what was typed (the account may not exist).
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class RegistrationAttempt(Base):
    """One registration attempt from an address, kept for the throttling window.

    Every attempt counts, accepted or refused (see
    :class:`jingshu.accounts.throttle.RegistrationThrottle`).
    """

    __tablename__ = "registration_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class UserTotp(Base):
    """A user's TOTP secret (RFC 6238); login asks for a code once ``confirmed``."""

    __tablename__ = "user_totp"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))  # base32, as shown to the authenticator
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    last_step: Mapped[int] = mapped_column(Integer, default=0)  # refuses a code used twice
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
