"""Bodies of /auth/register and /registrations."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from jingshu.accounts.models import Registration, RegistrationStatus, Role

__all__ = ["DecisionIn", "OrgAdminIn", "RegisterIn", "RegistrationOut"]


class RegisterIn(BaseModel):
    username: str
    password: str
    organization: str
    display_name: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=500)


class RegistrationOut(BaseModel):
    id: int
    username: str
    display_name: str
    organization: str
    note: str
    status: RegistrationStatus
    role: Role
    decided_by: str
    reason: str
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def of(cls, reg: Registration) -> RegistrationOut:
        return cls(id=reg.id, username=reg.user.username, display_name=reg.user.display_name,
                   organization=reg.organization.name, note=reg.note, status=reg.status,
                   role=reg.user.role, decided_by=reg.decided_by, reason=reg.reason,
                   created_at=reg.created_at, decided_at=reg.decided_at)


class DecisionIn(BaseModel):
    """``approve`` with a ``role``, or reject with a ``reason``."""

    approve: bool
    role: Role = Role.CONSUMER
    reason: str = Field(default="", max_length=500)


class OrgAdminIn(BaseModel):
    org_admin: bool
