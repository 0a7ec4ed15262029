"""Bodies of /auth: login, the current user, API tokens."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from jingshu.accounts.models import ApiToken, Role
from jingshu.accounts.second_factor import TotpEnrolment
from jingshu.accounts.service import IssuedToken
from jingshu.errors import AuthError
from jingshu.web.deps import Principal

__all__ = [
    "LoginIn",
    "LoginOut",
    "MeOut",
    "TokenIn",
    "TokenIssuedOut",
    "TokenOut",
    "TotpCodeIn",
    "TotpEnrolmentOut",
    "TotpStatusOut",
]


class LoginIn(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    totp: str | None = Field(default=None, max_length=16,
                             description="The current one-time code, for accounts with TOTP on.")


class LoginOut(BaseModel):
    """The browser session's CSRF token goes in ``X-CSRF-Token`` on every write."""

    username: str
    role: Role
    csrf_token: str


class MeOut(BaseModel):
    username: str
    role: Role
    via: str

    @classmethod
    def of(cls, who: Principal) -> MeOut:
        if who.role is None:
            raise AuthError("log in first: this needs a logged-in user",
                            hint="log in, or send 'Authorization: Bearer TOKEN'")
        return cls(username=who.username, role=who.role, via=who.via)


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    days: int | None = Field(default=None, ge=1, le=3650)


class TokenIssuedOut(BaseModel):
    """A new token: ``token`` is shown this once and never again."""

    id: int
    name: str
    token: str
    expires_at: datetime | None

    @classmethod
    def of(cls, issued: IssuedToken) -> TokenIssuedOut:
        return cls(id=issued.id, name=issued.name, token=issued.secret,
                   expires_at=issued.expires_at)


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool

    @classmethod
    def of(cls, token: ApiToken) -> TokenOut:
        return cls.model_validate(token)


class TotpCodeIn(BaseModel):
    code: str = Field(min_length=6, max_length=16, description="6 digits from the app.")


class TotpEnrolmentOut(BaseModel):
    """The new secret: add it to an authenticator app, then confirm with a first code."""

    secret: str
    uri: str

    @classmethod
    def of(cls, enrolment: TotpEnrolment) -> TotpEnrolmentOut:
        return cls(secret=enrolment.secret, uri=enrolment.uri)


class TotpStatusOut(BaseModel):
    enabled: bool
