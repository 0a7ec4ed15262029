"""Self-registration, approved by an organization's admin.

Anyone may register for a registered organization: the account is created inactive
(it cannot log in) with a pending :class:`~jingshu.accounts.models.Registration`. A
platform administrator, or an *organization admin* (``User.org_admin``) of that
organization, approves it with a role (never ``admin``: platform administrators are
made by other administrators) or rejects it with a reason. The password rules of
:mod:`jingshu.accounts.password_rules` apply as for any account; every step is audited.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Registration, RegistrationStatus, Role, User
from jingshu.accounts.passwords import verify_password
from jingshu.accounts.service import create_user, get_organization
from jingshu.audit import record
from jingshu.db.base import utcnow
from jingshu.db.lookup import get_existing
from jingshu.errors import ConflictError, InputError

__all__ = [
    "GRANTABLE_ROLES",
    "approve_registration",
    "get_registration",
    "list_registrations",
    "may_decide",
    "register",
    "reject_registration",
    "set_org_admin",
    "undecided_login",
]

# Roles an organization admin may give; ``admin`` is given by administrators only.
GRANTABLE_ROLES = (Role.CONSUMER, Role.ANNOTATOR, Role.PUBLISHER, Role.DATA_OFFICER)


def register(session: Session, username: str, password: str, organization: str, *,
             display_name: str = "", email: str = "", note: str = "") -> Registration:
    """Create ``username`` inactive in ``organization`` and a pending registration.

    Raises:
        InputError: a bad username or a password the rules refuse.
        NotFoundError: ``organization`` is not registered on the platform.
        ConflictError: the username is taken.
    """
    org = get_organization(session, organization)
    user = create_user(session, username, password, Role.CONSUMER, actor=username,
                       organization=org.name, display_name=display_name, email=email)
    user.active = False
    registration = Registration(user_id=user.id, organization_id=org.id, note=note.strip()[:500])
    session.add(registration)
    session.flush()
    record(session, username, "user.register", f"user:{username}",
           {"organization": org.name, "registration": registration.id})
    return registration


def get_registration(session: Session, registration_id: int) -> Registration:
    return get_existing(session, Registration, registration_id,
                        f"registration {registration_id}",
                        hint="list them: GET /api/v1/registrations")


def list_registrations(session: Session, *, organization_id: int | None = None,
                       status: RegistrationStatus | None = RegistrationStatus.PENDING
                       ) -> list[Registration]:
    """Registrations, oldest first; ``organization_id`` None: of every organization."""
    query = select(Registration).order_by(Registration.created_at, Registration.id)
    if organization_id is not None:
        query = query.where(Registration.organization_id == organization_id)
    if status is not None:
        query = query.where(Registration.status == status)
    return list(session.scalars(query))


def may_decide(decider: User, organization_id: int | None) -> bool:
    """Whether ``decider`` approves registrations into (and manages users of) the org."""
    if not decider.active:
        return False
    return decider.role is Role.ADMIN or (
        decider.org_admin and organization_id is not None
        and decider.organization_id == organization_id)


def _pending(registration: Registration) -> None:
    if registration.status is not RegistrationStatus.PENDING:
        raise ConflictError(f"registration {registration.id} is already "
                            f"{registration.status.value}",
                            hint="only pending ones are decided: jingshu user registrations")


def _decided(registration: Registration, status: RegistrationStatus, actor: str,
             reason: str = "") -> None:
    registration.status, registration.decided_by = status, actor
    registration.reason, registration.decided_at = reason, utcnow()


def approve_registration(session: Session, registration: Registration, *,
                         role: Role = Role.CONSUMER, actor: str) -> User:
    """Activate the registered user with ``role``."""
    _pending(registration)
    if role not in GRANTABLE_ROLES:
        raise InputError(f"role {role.value!r} cannot be given on approval",
                         hint="choose one of " + ", ".join(r.value for r in GRANTABLE_ROLES))
    user = registration.user
    user.active, user.role = True, role
    _decided(registration, RegistrationStatus.APPROVED, actor)
    record(session, actor, "user.approve", f"user:{user.username}",
           {"registration": registration.id, "role": role.value})
    return user


def reject_registration(session: Session, registration: Registration, reason: str, *,
                        actor: str) -> None:
    """Refuse the registration; the account stays inactive."""
    _pending(registration)
    if not reason.strip():
        raise InputError("a rejection needs a reason", hint="say why, so the applicant "
                         "can register again correctly")
    _decided(registration, RegistrationStatus.REJECTED, actor, reason.strip()[:500])
    record(session, actor, "user.reject", f"user:{registration.user.username}",
           {"registration": registration.id, "reason": reason.strip()})


def set_org_admin(session: Session, user: User, flag: bool, *, actor: str) -> None:
    """Make ``user`` an admin of its own organization (or no longer)."""
    if flag and user.organization_id is None:
        raise InputError(f"user {user.username!r} belongs to no organization",
                         hint="only a member of an organization can administer it")
    user.org_admin = flag
    record(session, actor, "user.org_admin", f"user:{user.username}", {"org_admin": flag})


def undecided_login(session: Session, username: str, password: str) -> Registration | None:
    """The registration that keeps ``username`` from logging in (pending or rejected),
    when ``password`` is right: what a refused login may then say. None otherwise, so
    nothing is told about accounts whose password the caller does not know."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.active:
        return None
    reg = session.scalar(select(Registration).where(Registration.user_id == user.id))
    if reg is None or reg.status is RegistrationStatus.APPROVED:
        return None
    return reg if verify_password(password, user.password_hash) else None
