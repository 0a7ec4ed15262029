"""Login, logout and the account page (who am I, API tokens).

The login form is protected by a double-submit token (cookie ``CSRF_COOKIE`` and the
hidden field must match); forms sent with a session cookie carry the session's CSRF
token, checked by the ``current`` dependency.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from jingshu.accounts.models import Registration
from jingshu.accounts.registration import undecided_login
from jingshu.accounts.service import (
    IssuedToken,
    authenticate,
    create_session,
    end_session,
    get_user,
    issue_token,
    list_tokens,
)
from jingshu.errors import AuthError, InputError, PermissionDenied, TooManyAttempts
from jingshu.web.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    DbSession,
    PlatformDep,
    Principal,
    Viewer,
    Who,
    login_csrf_token,
)
from jingshu.web.pages.render import local_next, page_url, render
from jingshu.web.policies import authorize
from jingshu.web.policies.accounts import AccountPolicy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _login_form(request: Request, next_url: str, *, error: bool = False,
                username: str = "", waiting: Registration | None = None) -> HTMLResponse:
    token = login_csrf_token(request)
    response = render(request, "login.html", who=Principal.anonymous(),
                      status=401 if error else 200, csrf_token=token, next_url=next_url,
                      error=error, username=username, waiting=waiting)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return _login_form(request, local_next(next))


@router.post("/login")
def login(request: Request, session: DbSession, platform: PlatformDep,
          username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/"), totp: str = Form("")) -> Response:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not csrf_token or not hmac.compare_digest(cookie, csrf_token):
        raise PermissionDenied("the login form's CSRF token is missing or does not match",
                               hint="reload the login page and submit the form again")
    try:
        user = authenticate(session, username, password, totp=totp or None,
                            address=request.client.host if request.client else "")
    except TooManyAttempts:
        raise  # the error page: 429, the wait, Retry-After
    except AuthError:
        return _login_form(request, local_next(next), error=True, username=username,
                           waiting=undecided_login(session, username, password))
    secret, _ws = create_session(session, user, hours=platform.settings.session_hours)
    session.commit()
    response = RedirectResponse(local_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, secret, max_age=platform.settings.session_hours * 3600,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def logout(request: Request, session: DbSession,
           who: Who) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and not who.is_anonymous:
        end_session(session, cookie)
        session.commit()
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _account_page(request: Request, session: Session, who: Principal,
                  issued: IssuedToken | None = None, revoked: str = "") -> HTMLResponse:
    user = get_user(session, who.username)
    return render(request, "account.html", who=who, user=user,
                  tokens=list_tokens(session, user.id), issued=issued, revoked=revoked)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: DbSession,
            who: Viewer, revoked: str = "") -> Response:
    if who.is_anonymous:
        return RedirectResponse(page_url("/login", next="/account"), status_code=303)
    return _account_page(request, session, who, revoked=revoked[:100])


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(request: Request, session: DbSession, who: Who, name: str = Form(""),
                 days: str = Form("")) -> HTMLResponse:
    authorize(who, AccountPolicy.own_tokens())
    if not name.strip():
        raise InputError("the token needs a name", hint="name it after what will use it, "
                         "e.g. 'laptop' or 'ci'")
    if days and (not days.isdigit() or int(days) <= 0):
        raise InputError(f"valid days must be a positive whole number, got {days!r}",
                         hint="leave it empty for a token that does not expire")
    user = get_user(session, who.username)
    issued = issue_token(session, user, name.strip(), days=int(days) if days else None,
                         actor=who.username)
    session.commit()
    return _account_page(request, session, who, issued)
