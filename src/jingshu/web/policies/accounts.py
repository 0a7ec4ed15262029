"""Who may manage users and API tokens."""

from __future__ import annotations

from jingshu.accounts.models import ApiToken, Role, User
from jingshu.accounts.registration import may_decide
from jingshu.web.deps import Principal
from jingshu.web.policies.base import Check

__all__ = ["AccountPolicy"]


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
