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

from jingshu.jobs.models import Job
from jingshu.web.policies.base import Check, owner_or_admin, signed_in

__all__ = ["JobPolicy"]


class JobPolicy:
    """Rights over jobs."""

    @staticmethod
    def list() -> Check:
        return signed_in("jobs")

    @staticmethod
    def view(job: Job) -> Check:
        return owner_or_admin(job.created_by, f"job {job.id}")

    cancel = view
