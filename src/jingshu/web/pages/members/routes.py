"""Registration, members and organizations in the portal.

=========================================  =============================================
``GET|POST /register``                     register an account (double-submit CSRF);
                                           it waits for an admin of its organization;
                                           throttled per address like logins (429)
``GET /admin/members?org=``                pending registrations and members: an
                                           admin (any organization), an organization
                                           admin (its own)
``POST /admin/registrations/{id}``         approve with a role, or reject with a reason
``POST /admin/members/{username}/admin``   make / unmake an organization admin (admins)
``GET|POST /admin/organizations``          organizations and their counts; create one
``POST /account/tokens/{id}/revoke``       revoke one of one's API tokens
=========================================  =============================================

The same use cases (:mod:`jingshu.accounts.registration`) and policies
(:class:`~jingshu.web.policies.accounts.AccountPolicy`) as the HTTP API.
"""

from __future__ import annotations

import hmac
import re

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization, Registration, Role, User
from jingshu.accounts.password_rules import MIN_LENGTH
from jingshu.accounts.registration import (
    GRANTABLE_ROLES,
    approve_registration,
    get_registration,
    list_registrations,
    register,
    reject_registration,
    set_org_admin,
)
from jingshu.accounts.service import (
    NAME_RE,
    create_organization,
    get_organization,
    get_user,
)
from jingshu.accounts.throttle import RegistrationThrottle
from jingshu.errors import ConflictError, InputError, NotFoundError, PermissionDenied
from jingshu.web.deps import CSRF_COOKIE, DbSession, Principal, Viewer, Who, login_csrf_token
from jingshu.web.pages.i18n import language_of, t
from jingshu.web.pages.render import page_url, render
from jingshu.web.policies import authorize
from jingshu.web.policies.accounts import AccountPolicy, revoke_token_as

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# the password rules' messages (jingshu.accounts.password_rules) → the form's keys
_PASSWORD_ERRORS = (("too short", "reg.err.pw_short"), ("too long", "reg.err.pw_long"),
                    ("contains the username", "reg.err.pw_username"),
                    ("commonly used", "reg.err.pw_common"), ("trivial", "reg.err.pw_trivial"))


def _organizations(session: Session) -> list[Organization]:
    return list(session.scalars(select(Organization).order_by(Organization.title)))


def _register_form(request: Request, session: Session, *, values: dict[str, str] | None = None,
                   errors: dict[str, str] | None = None, done: str = "",
                   status: int = 200) -> HTMLResponse:
    token = login_csrf_token(request)
    response = render(request, "members/register.html", who=Principal.anonymous(),
                      status=status, csrf_token=token, values=values or {},
                      errors=errors or {}, organizations=_organizations(session), done=done,
                      min_length=MIN_LENGTH)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    return response


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request, session: DbSession, org: str = "") -> HTMLResponse:
    return _register_form(request, session, values={"organization": org})


def _form_errors(values: dict[str, str], password: str, password2: str,
                 lang: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not NAME_RE.match(values["username"]):
        errors["username"] = t("reg.err.username", lang)
    if values["email"] and not EMAIL_RE.match(values["email"]):
        errors["email"] = t("reg.err.email", lang)
    if password != password2:
        errors["password2"] = t("reg.err.mismatch", lang)
    if not values["organization"]:
        errors["organization"] = t("reg.err.org", lang)
    return errors


def _refusal(exc: InputError | ConflictError | NotFoundError, lang: str) -> dict[str, str]:
    """The form field a domain refusal is about, with its message in ``lang``."""
    if isinstance(exc, ConflictError):
        return {"username": t("reg.err.taken", lang)}
    if isinstance(exc, NotFoundError):
        return {"organization": t("reg.err.org", lang)}
    for marker, key in _PASSWORD_ERRORS:
        if exc.message.startswith("password") and marker in exc.message:
            return {"password": t(key, lang, n=MIN_LENGTH)}
    return {"username": t("reg.err.username", lang)}


@router.post("/register", response_class=HTMLResponse)
def register_submit(request: Request, session: DbSession, username: str = Form(""),
                    display_name: str = Form(""), email: str = Form(""),
                    password: str = Form(""), password2: str = Form(""),
                    organization: str = Form(""), note: str = Form(""),
                    csrf_token: str = Form("")) -> HTMLResponse:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not csrf_token or not hmac.compare_digest(cookie, csrf_token):
        raise PermissionDenied("the registration form's CSRF token is missing or does not "
                               "match", hint="reload the page and submit the form again")
    RegistrationThrottle(request.client.host if request.client else "").attempt(session)
    session.commit()  # the attempt counts even when the registration is refused
    lang = language_of(request)
    values = {"username": username.strip(), "display_name": display_name.strip(),
              "email": email.strip(), "organization": organization, "note": note}
    errors = _form_errors(values, password, password2, lang)
    if not errors:
        try:
            reg = register(session, values["username"], password, organization,
                           display_name=values["display_name"], email=values["email"],
                           note=note)
        except (InputError, ConflictError, NotFoundError) as exc:
            session.rollback()
            errors = _refusal(exc, lang)
        else:
            session.commit()
            return _register_form(request, session, done=t(
                "reg.done", lang, user=reg.user.username, org=reg.organization.title))
    return _register_form(request, session, values=values, errors=errors, status=400)


def _me(session: Session, who: Principal) -> User:
    authorize(who, AccountPolicy.signed_in())
    return get_user(session, who.username)


def _scope(session: Session, who: Principal, me: User, org: str) -> Organization | None:
    """The organization the members page shows: any for an admin (None: all), else one's own."""
    if who.role is Role.ADMIN:
        return get_organization(session, org) if org else None
    authorize(who, AccountPolicy.manage_members(me, me.organization_id))
    return me.organization


def _members(request: Request, session: Session, who: Principal, org: str, *,
             flash: str = "", error: str = "", status: int = 200) -> HTMLResponse:
    scope = _scope(session, who, _me(session, who), org)
    members = select(User).order_by(User.username)
    if scope is not None:
        members = members.where(User.organization_id == scope.id)
    return render(request, "members/members.html", who=who, scope=scope, flash=flash,
                  error=error, status=status,
                  pending=list_registrations(session, organization_id=scope.id if scope
                                             else None),
                  members=list(session.scalars(members)), roles=GRANTABLE_ROLES,
                  organizations=_organizations(session) if who.role is Role.ADMIN else [],
                  is_admin=who.role is Role.ADMIN)


@router.get("/admin/members", response_class=HTMLResponse)
def members_page(request: Request, session: DbSession, who: Viewer, org: str = "",
                 done: str = "", user: str = "", role: str = "", reason: str = "") -> Response:
    if who.is_anonymous:
        return RedirectResponse(page_url("/login", next="/admin/members"), status_code=303)
    lang = language_of(request)
    flash = ""
    if done in ("approved", "rejected", "admin_set", "admin_unset"):
        role_name = t(f"role.{role}", lang) if role else ""
        flash = t(f"mem.{done}", lang, user=user, role=role_name, reason=reason)
    return _members(request, session, who, org, flash=flash)


def _back(reg: Registration | None, who: Principal, **flash: str) -> RedirectResponse:
    org = reg.organization.name if reg is not None and who.role is Role.ADMIN else ""
    return RedirectResponse(page_url("/admin/members", org=org, **flash), status_code=303)


@router.post("/admin/registrations/{registration_id}")
def decide(request: Request, registration_id: int, session: DbSession, who: Who,
           action: str = Form(""), role: str = Form("consumer"),
           reason: str = Form("")) -> Response:
    reg = get_registration(session, registration_id)
    authorize(who, AccountPolicy.manage_members(_me(session, who), reg.organization_id))
    username = reg.user.username
    if action == "approve":
        if role not in {r.value for r in GRANTABLE_ROLES}:
            raise InputError(f"role {role!r} cannot be given on approval",
                             hint="choose one of " + ", ".join(r.value for r in GRANTABLE_ROLES))
        approve_registration(session, reg, role=Role(role), actor=who.username)
        session.commit()
        return _back(reg, who, done="approved", user=username, role=role)
    if action != "reject":
        raise InputError(f"unknown action {action!r}", hint="approve or reject")
    if not reason.strip():
        org = reg.organization.name if who.role is Role.ADMIN else ""
        return _members(request, session, who, org, status=400,
                        error=t("mem.need_reason", language_of(request)))
    reject_registration(session, reg, reason, actor=who.username)
    session.commit()
    return _back(reg, who, done="rejected", user=username, reason=reason.strip())


@router.post("/admin/members/{username}/admin")
def toggle_org_admin(username: str, session: DbSession, who: Who,
                     org_admin: str = Form("")) -> Response:
    authorize(who, AccountPolicy.manage())
    user = get_user(session, username)
    flag = org_admin == "1"
    set_org_admin(session, user, flag, actor=who.username)
    session.commit()
    org = user.organization.name if user.organization else ""
    return RedirectResponse(page_url("/admin/members", org=org,
                                     done="admin_set" if flag else "admin_unset",
                                     user=username), status_code=303)


def _org_rows(session: Session) -> list[tuple[Organization, int, int]]:
    members = dict(session.execute(select(User.organization_id, func.count())
                                   .group_by(User.organization_id)).tuples().all())
    waiting: dict[int, int] = {}
    for reg in list_registrations(session):
        waiting[reg.organization_id] = waiting.get(reg.organization_id, 0) + 1
    return [(o, members.get(o.id, 0), waiting.get(o.id, 0)) for o in _organizations(session)]


def _orgs_page(request: Request, session: Session, who: Principal, *, flash: str = "",
               error: str = "", values: dict[str, str] | None = None,
               status: int = 200) -> HTMLResponse:
    return render(request, "members/organizations.html", who=who, rows=_org_rows(session),
                  flash=flash, error=error, values=values or {}, status=status)


@router.get("/admin/organizations", response_class=HTMLResponse)
def organizations_page(request: Request, session: DbSession, who: Viewer,
                       created: str = "") -> Response:
    if who.is_anonymous:
        return RedirectResponse(page_url("/login", next="/admin/organizations"),
                                status_code=303)
    authorize(who, AccountPolicy.manage())
    flash = t("org.created", language_of(request), org=created) if created else ""
    return _orgs_page(request, session, who, flash=flash)


@router.post("/admin/organizations", response_class=HTMLResponse, response_model=None)
def organizations_create(request: Request, session: DbSession, who: Who,
                         name: str = Form(""), title: str = Form("")) -> Response:
    authorize(who, AccountPolicy.manage())
    lang = language_of(request)
    try:
        org = create_organization(session, name.strip(), title.strip(), actor=who.username)
    except (InputError, ConflictError) as exc:
        session.rollback()
        key = "org.err.taken" if isinstance(exc, ConflictError) else "org.err.name"
        return _orgs_page(request, session, who, error=t(key, lang),
                          values={"name": name, "title": title}, status=400)
    session.commit()
    return RedirectResponse(page_url("/admin/organizations", created=org.title),
                            status_code=303)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_own_token(request: Request, token_id: int, session: DbSession,
                     who: Who) -> Response:
    token = revoke_token_as(who, request, session, token_id, hint="reload the page")
    return RedirectResponse(page_url("/account", revoked=token.name), status_code=303)
