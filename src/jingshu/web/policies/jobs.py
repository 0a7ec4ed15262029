"""Who may see and cancel jobs of the queue.

=====================  ===============================================================
action                 who
=====================  ===============================================================
list jobs              any signed-in user (their own jobs; admins see all)
read a job             the user who submitted it, admins
cancel a job           the user who submitted it, admins
=====================  ===============================================================
"""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.jobs.models import Job
from jingshu.web.deps import Principal
from jingshu.web.policies import Check

__all__ = ["JobPolicy"]


class JobPolicy:
    """Rights over jobs."""

    @staticmethod
    def list() -> Check:
        return lambda who: "log in to see your jobs" if who.is_anonymous else None

    @staticmethod
    def view(job: Job) -> Check:
        def check(who: Principal) -> str | None:
            if who.role is Role.ADMIN or (not who.is_anonymous
                                          and who.username == job.created_by):
                return None
            return f"job {job.id} belongs to another user"
        return check

    cancel = view
