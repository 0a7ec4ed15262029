"""Bodies of /users and /organizations."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from jingshu.accounts.models import Organization, Role, User

__all__ = ["OrganizationIn", "OrganizationOut", "UserIn", "UserOut"]


class UserIn(BaseModel):
    username: str
    password: str
    role: Role
    organization: str | None = None
    display_name: str = ""
    email: str = ""


class UserOut(BaseModel):
    username: str
    display_name: str
    role: Role
    organization: str | None
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(username=user.username, display_name=user.display_name, role=user.role,
                   organization=user.organization.name if user.organization else None,
                   active=user.active, created_at=user.created_at)


class OrganizationIn(BaseModel):
    name: str
    title: str = Field(default="", max_length=200)


class OrganizationOut(BaseModel):
    name: str
    title: str
    created_at: datetime

    @classmethod
    def of(cls, org: Organization) -> OrganizationOut:
        return cls(name=org.name, title=org.title, created_at=org.created_at)
