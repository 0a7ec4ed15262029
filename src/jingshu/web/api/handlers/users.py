"""/users and /organizations."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from jingshu.accounts.models import Organization, User
from jingshu.accounts.service import create_organization, create_user
from jingshu.web.api.schemas.users import OrganizationIn, OrganizationOut, UserIn, UserOut
from jingshu.web.deps import DbSession, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.accounts import AccountPolicy

__all__ = ["router"]

router = APIRouter(tags=["users"])


@router.get("/users")
def list_users(who: Who, session: DbSession) -> list[UserOut]:
    authorize(who, AccountPolicy.manage())
    return [UserOut.of(u) for u in session.scalars(select(User).order_by(User.username))]


@router.post("/users", status_code=201)
def add_user(body: UserIn, who: Who, session: DbSession) -> UserOut:
    authorize(who, AccountPolicy.manage())
    user = create_user(session, body.username, body.password, body.role, actor=who.username,
                       organization=body.organization, display_name=body.display_name,
                       email=body.email)
    session.commit()
    return UserOut.of(user)


@router.get("/organizations")
def list_organizations(session: DbSession) -> list[OrganizationOut]:
    """Publishing organizations; public, like the catalog that names them."""
    query = select(Organization).order_by(Organization.name)
    return [OrganizationOut.of(o) for o in session.scalars(query)]


@router.post("/organizations", status_code=201)
def add_organization(body: OrganizationIn, who: Who, session: DbSession) -> OrganizationOut:
    authorize(who, AccountPolicy.manage())
    org = create_organization(session, body.name, body.title, actor=who.username)
    session.commit()
    return OrganizationOut.of(org)
