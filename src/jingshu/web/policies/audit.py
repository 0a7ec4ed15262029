"""Who may read the audit log."""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.web.policies.base import Check

__all__ = ["AuditPolicy"]


class AuditPolicy:
    @staticmethod
    def read() -> Check:
        return lambda who: (None if who.role is Role.ADMIN
                            else "only administrators read the audit log")
