"""Who the Python facade acts as, and how it applies the platform's policies.

A :class:`~jingshu.facade.Client` opened without a user is the operator, as the
``jingshu`` command is (whoever holds the home and database may do anything, and the
audit log names the actor ``python``). Opened with ``user="alice"``, every call is
checked by the same policy objects the HTTP API and the portal use
(:mod:`jingshu.web.policies`), for alice's current role and organization, and the
audit log names her.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from jingshu.accounts.models import User
from jingshu.accounts.service import get_user
from jingshu.errors import AuthError
from jingshu.web.deps import Principal
from jingshu.web.policies import Check, authorize

__all__ = ["OPERATOR", "Actor", "actor_of"]

OPERATOR = "python"
"""The audit actor of a client opened without a user."""


@dataclass(frozen=True)
class Actor:
    """The acting user of one call: ``principal`` None is the operator (no checks)."""

    name: str
    principal: Principal | None = None
    user: User | None = None

    def allow(self, check: Check) -> None:
        """Raise :class:`~jingshu.errors.PermissionDenied` unless ``check`` allows it."""
        if self.principal is not None:
            authorize(self.principal, check)

    def may(self, check: Check) -> bool:
        """Whether ``check`` allows it (always, for the operator)."""
        return self.principal is None or check(self.principal) is None

    @property
    def user_id(self) -> int | None:
        return self.principal.user_id if self.principal is not None else None


def actor_of(session: Session, username: str | None) -> Actor:
    """The operator for ``None``; otherwise the active account ``username`` as it is now."""
    if username is None:
        return Actor(OPERATOR)
    user = get_user(session, username)
    if not user.active:
        raise AuthError(f"user {username!r} is deactivated",
                        hint="an administrator or organization admin approves or reactivates it")
    return Actor(user.username, Principal.of(user, via="python"), user)
