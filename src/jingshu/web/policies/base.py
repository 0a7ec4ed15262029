"""What every policy returns, and how handlers and pages apply it.

A check returns ``None`` when allowed, or the reason it is not. :func:`authorize`
raises :class:`AuthError` (401) for anonymous visitors and :class:`PermissionDenied`
(403) for users whose role does not allow it.
"""

from __future__ import annotations

from collections.abc import Callable

from jingshu.accounts.models import Role
from jingshu.errors import AuthError, PermissionDenied
from jingshu.web.deps import Principal

__all__ = ["Check", "authorize", "owner_or_admin", "signed_in"]

Check = Callable[[Principal], str | None]


def authorize(who: Principal, check: Check) -> None:
    reason = check(who)
    if reason is None:
        return
    if who.is_anonymous:
        raise AuthError(f"log in first: {reason}", hint="log in, or send 'Authorization: "
                        "Bearer TOKEN'")
    if who.role is Role.ADMIN:  # refused by a protection rule, not for want of a right
        raise PermissionDenied(reason, hint="this is one of the platform's protection rules, "
                               "which administrators cannot override either")
    raise PermissionDenied(reason, hint=f"your role is {who.role}; ask an administrator")


def signed_in(what: str) -> Check:
    """Any signed-in user (``what`` names what the anonymous visitor wanted to see)."""
    return lambda who: f"log in to see your {what}" if who.is_anonymous else None


def owner_or_admin(created_by: str | None, what: str) -> Check:
    """The user who made ``what`` (a job, a run), or an administrator."""
    def check(who: Principal) -> str | None:
        if who.role is Role.ADMIN or (not who.is_anonymous and who.username == created_by):
            return None
        return f"{what} belongs to another user"
    return check
