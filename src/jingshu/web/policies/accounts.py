"""Who may manage users and API tokens."""

from __future__ import annotations

from jingshu.accounts.models import ApiToken, Role
from jingshu.web.deps import Principal
from jingshu.web.policies.base import Check

__all__ = ["AccountPolicy"]


class AccountPolicy:
    @staticmethod
    def manage() -> Check:
        return lambda who: None if who.role is Role.ADMIN else "only administrators manage users"

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
