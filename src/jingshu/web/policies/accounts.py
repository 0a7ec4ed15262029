"""Who may manage users and API tokens."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from jingshu.accounts.models import ApiToken, Role, User
from jingshu.accounts.registration import may_decide
from jingshu.accounts.service import revoke_token
from jingshu.db.lookup import get_existing
from jingshu.web.deps import Principal
from jingshu.web.policies.base import Check, authorize
from jingshu.web.token_cache import TokenCache

__all__ = ["AccountPolicy", "revoke_token_as"]


def revoke_token_as(who: Principal, request: Request, session: Session, token_id: int, *,
                    hint: str) -> ApiToken:
    """Revoke API token ``token_id`` for ``who`` (its owner or an administrator), commit,
    and drop it from this process's token cache (the API's and the portal's way).

    Raises:
        NotFoundError: No such token (``hint`` says where to look).
        PermissionDenied: The token is another user's and ``who`` is not an administrator.
    """
    token = get_existing(session, ApiToken, token_id, f"API token {token_id}", hint=hint)
    authorize(who, AccountPolicy.revoke_token(token))
    revoke_token(session, token.id, actor=who.username)
    session.commit()
    cache: TokenCache[Principal] = request.app.state.token_cache
    cache.forget(token.token_hash)
    return token


class AccountPolicy:
    @staticmethod
    def manage() -> Check:
        return lambda who: None if who.role is Role.ADMIN else "only administrators manage users"

    @staticmethod
    def manage_members(me: User, organization_id: int | None) -> Check:
        """Approve registrations into, and manage the users of, ``organization_id``:
        administrators, and that organization's admins (``me`` is the caller's account)."""
        def check(who: Principal) -> str | None:
            if who.role is Role.ADMIN or (who.user_id == me.id and may_decide(me,
                                                                               organization_id)):
                return None
            return "only an admin of the organization approves its members"
        return check

    @staticmethod
    def own_tokens() -> Check:
        return lambda who: None if not who.is_anonymous else "tokens belong to users"

    @staticmethod
    def signed_in() -> Check:
        return lambda who: None if not who.is_anonymous else "this needs a logged-in user"

    @staticmethod
    def revoke_token(token: ApiToken) -> Check:
        def check(who: Principal) -> str | None:
            if who.role is Role.ADMIN or (who.user_id is not None and who.user_id == token.user_id):
                return None
            return f"API token {token.id} belongs to another user"
        return check
