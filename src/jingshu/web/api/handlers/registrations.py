"""/auth/register, /registrations (approval by an organization admin), /users/{u}/org-admin."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from jingshu.accounts.models import RegistrationStatus, User
from jingshu.accounts.registration import (
    approve_registration,
    get_registration,
    list_registrations,
    register,
    reject_registration,
    set_org_admin,
)
from jingshu.accounts.service import get_user
from jingshu.accounts.throttle import RegistrationThrottle
from jingshu.web.api.schemas.registrations import (
    DecisionIn,
    OrgAdminIn,
    RegisterIn,
    RegistrationOut,
)
from jingshu.web.api.schemas.users import UserOut
from jingshu.web.deps import DbSession, Principal, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.accounts import AccountPolicy

__all__ = ["router"]

router = APIRouter(tags=["users"])


def _me(session: Session, who: Principal) -> User:
    authorize(who, AccountPolicy.signed_in())
    return get_user(session, who.username)


@router.post("/auth/register", status_code=201)
def register_account(body: RegisterIn, request: Request, session: DbSession) -> RegistrationOut:
    """Register an account; it cannot log in until an admin of the organization approves.

    Throttled per address (429 with ``Retry-After``), whether the registration is
    accepted or refused; see :class:`~jingshu.accounts.throttle.RegistrationThrottle`.
    """
    RegistrationThrottle(request.client.host if request.client else "").attempt(session)
    session.commit()  # the attempt counts even when the registration is refused
    reg = register(session, body.username, body.password, body.organization,
                   display_name=body.display_name, email=body.email, note=body.note)
    session.commit()
    return RegistrationOut.of(reg)


@router.get("/registrations")
def registrations(who: Who, session: DbSession,
                  status: RegistrationStatus | None = RegistrationStatus.PENDING
                  ) -> list[RegistrationOut]:
    """Registrations the caller decides (an org admin: its organization's; admins: all).

    ``status`` defaults to pending; pass none for every status."""
    me = _me(session, who)
    authorize(who, AccountPolicy.manage_members(me, me.organization_id))
    scope = None if AccountPolicy.manage()(who) is None else me.organization_id
    return [RegistrationOut.of(r)
            for r in list_registrations(session, organization_id=scope, status=status)]


@router.post("/registrations/{registration_id}")
def decide(registration_id: int, body: DecisionIn, who: Who,
           session: DbSession) -> RegistrationOut:
    """Approve a registration with a role, or reject it with a reason."""
    reg = get_registration(session, registration_id)
    authorize(who, AccountPolicy.manage_members(_me(session, who), reg.organization_id))
    if body.approve:
        approve_registration(session, reg, role=body.role, actor=who.username)
    else:
        reject_registration(session, reg, body.reason, actor=who.username)
    session.commit()
    return RegistrationOut.of(reg)


@router.put("/users/{username}/org-admin")
def org_admin(username: str, body: OrgAdminIn, who: Who, session: DbSession) -> UserOut:
    """Make a user an admin of its organization (administrators only)."""
    authorize(who, AccountPolicy.manage())
    user = get_user(session, username)
    set_org_admin(session, user, body.org_admin, actor=who.username)
    session.commit()
    return UserOut.of(user)
