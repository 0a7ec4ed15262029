"""/auth: browser login and logout, the current user, API tokens, TOTP enrolment."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from jingshu.accounts.second_factor import (
    check_login_code,
    confirm_totp,
    disable_totp,
    enrol_totp,
    totp_enabled,
)
from jingshu.accounts.service import (
    authenticate,
    create_session,
    end_session,
    get_user,
    issue_token,
    list_tokens,
)
from jingshu.errors import InputError
from jingshu.web.api.schemas.auth import (
    LoginIn,
    LoginOut,
    MeOut,
    TokenIn,
    TokenIssuedOut,
    TokenOut,
    TotpCodeIn,
    TotpEnrolmentOut,
    TotpStatusOut,
)
from jingshu.web.deps import SESSION_COOKIE, DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.accounts import AccountPolicy, revoke_token_as

__all__ = ["router"]

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login")
def login(body: LoginIn, request: Request, response: Response, session: DbSession,
          platform: PlatformDep) -> LoginOut:
    """Start a browser session: an HttpOnly cookie, and the CSRF token for writes.

    Throttled per account and per address (429 with ``Retry-After``); accounts with
    TOTP on also need ``totp``.
    """
    user = authenticate(session, body.username, body.password, totp=body.totp,
                        address=request.client.host if request.client else "")
    hours = platform.settings.session_hours
    secret, web_session = create_session(session, user, hours=hours)
    session.commit()
    response.set_cookie(SESSION_COOKIE, secret, max_age=hours * 3600, path="/", httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")
    return LoginOut(username=user.username, role=user.role, csrf_token=web_session.csrf_token)


@router.post("/logout", status_code=204)
def logout(request: Request, who: Who, session: DbSession) -> Response:
    """End the browser session (a no-op for token or anonymous callers)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and who.via == "session":
        end_session(session, cookie)
        session.commit()
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


@router.get("/me")
def me(who: Who) -> MeOut:
    authorize(who, AccountPolicy.signed_in())
    return MeOut.of(who)


@router.post("/tokens", status_code=201)
def create_token(body: TokenIn, who: Who, session: DbSession) -> TokenIssuedOut:
    """Issue an API token for the caller; its secret is in this response only."""
    authorize(who, AccountPolicy.own_tokens())
    user = get_user(session, who.username)
    issued = issue_token(session, user, body.name, days=body.days, actor=who.username)
    session.commit()
    return TokenIssuedOut.of(issued)


@router.get("/tokens")
def tokens(who: Who, session: DbSession) -> list[TokenOut]:
    """The caller's own tokens, without their secrets."""
    authorize(who, AccountPolicy.own_tokens())
    return [TokenOut.of(t) for t in list_tokens(session, who.user_id or 0)]


@router.delete("/tokens/{token_id}", status_code=204)
def delete_token(token_id: int, who: Who, session: DbSession, request: Request) -> Response:
    """Revoke a token: the caller's own, or anyone's for an administrator.

    This server process refuses it at once; others within ``TOKEN_CACHE_SECONDS``.
    """
    revoke_token_as(who, request, session, token_id,
                    hint="list your tokens with GET /api/v1/auth/tokens")
    return Response(status_code=204)


@router.get("/totp")
def totp_status(who: Who, session: DbSession) -> TotpStatusOut:
    """Whether the caller's login needs a one-time code."""
    authorize(who, AccountPolicy.signed_in())
    return TotpStatusOut(enabled=totp_enabled(session, get_user(session, who.username)))


@router.post("/totp", status_code=201)
def totp_enrol(who: Who, session: DbSession) -> TotpEnrolmentOut:
    """Start TOTP enrolment (administrators): the secret is in this response only."""
    authorize(who, AccountPolicy.signed_in())
    enrolment = enrol_totp(session, get_user(session, who.username), actor=who.username)
    session.commit()
    return TotpEnrolmentOut.of(enrolment)


@router.post("/totp/verify")
def totp_verify(body: TotpCodeIn, who: Who, session: DbSession) -> TotpStatusOut:
    """Turn TOTP on with a first code from the authenticator app."""
    authorize(who, AccountPolicy.signed_in())
    confirm_totp(session, get_user(session, who.username), body.code, actor=who.username)
    session.commit()
    return TotpStatusOut(enabled=True)


@router.post("/totp/disable")
def totp_disable(body: TotpCodeIn, who: Who, session: DbSession) -> TotpStatusOut:
    """Turn the caller's TOTP off; needs a current code (a stolen session is not enough)."""
    authorize(who, AccountPolicy.signed_in())
    user = get_user(session, who.username)
    if totp_enabled(session, user) and not check_login_code(session, user, body.code):
        raise InputError("the one-time code is wrong or expired",
                         hint="type the current 6-digit code from the authenticator app")
    disable_totp(session, user, actor=who.username)
    session.commit()
    return TotpStatusOut(enabled=False)
