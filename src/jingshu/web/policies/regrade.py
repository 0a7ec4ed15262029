"""Who may do what with regrade requests (lowering a dataset's protection).

=====================  ==========================================================
action                 who
=====================  ==========================================================
request                admin, the dataset's publishing organization
list / read            admin, data officers (an organization's: its datasets),
                       publishers (their organization's datasets)
approve / reject       admin, data officers (an organization's: its datasets);
                       never the requester (see ``catalog.regrade``)
=====================  ==========================================================
"""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.catalog.models import Dataset
from jingshu.catalog.regrade import Decider, RegradeRequest, decision_refusal
from jingshu.web.deps import Principal
from jingshu.web.policies import Check
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["RegradePolicy", "decider", "visible_organization"]

_READERS = (Role.ADMIN, Role.DATA_OFFICER, Role.PUBLISHER)


def decider(who: Principal) -> Decider:
    return Decider(who.username, who.role, who.organization_id)


def visible_organization(who: Principal) -> int | None:
    """The one organization whose requests ``who`` sees, or None for all of them."""
    if who.role is Role.ADMIN or (who.role is Role.DATA_OFFICER and who.organization_id is None):
        return None
    return who.organization_id if who.organization_id is not None else -1


class RegradePolicy:
    @staticmethod
    def request(dataset: Dataset) -> Check:
        return DatasetPolicy.edit(dataset)

    @staticmethod
    def list() -> Check:
        return lambda who: (None if who.role in _READERS
                            else "only administrators, data officers and publishers see "
                            "regrade requests")

    @staticmethod
    def read(request: RegradeRequest) -> Check:
        def check(who: Principal) -> str | None:
            seen = visible_organization(who)
            if who.role in _READERS and seen in (None, request.dataset.organization_id):
                return None
            return f"regrade request {request.id} is about another organization's dataset"
        return check

    @staticmethod
    def decide(request: RegradeRequest) -> Check:
        return lambda who: decision_refusal(decider(who), request)
