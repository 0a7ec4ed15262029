"""Who may do what in conditional opening: apply, review, agreements, grants, inbox.

=======================  ==================================================
action                   who
=======================  ==================================================
read agreements          everyone
write agreements         admin, the dataset's publishing organization
apply                    any signed-in user except the dataset's publishers
read / revise request    its applicant (revise: applicant only); reviewers
review (decide)          admin, the dataset's publishing organization
review queue             admin, publishers (their organization's datasets)
read grant               its holder; admin, the publishing organization
revoke grant             admin, the dataset's publishing organization
download under grant     its holder, see ``DatasetPolicy.download(ds, grant)``
inbox                    any signed-in user (their own messages)
trace a leak             admin, publishers
=======================  ==================================================
"""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.catalog.models import Dataset
from jingshu.circulation.models import AccessRequest, Grant
from jingshu.web.deps import Principal
from jingshu.web.policies import Check
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["CirculationPolicy"]


def _publishes(who: Principal, dataset: Dataset) -> bool:
    return DatasetPolicy.edit(dataset)(who) is None


def _signed_in(who: Principal) -> str | None:
    return "this needs a logged-in user" if who.is_anonymous else None


class CirculationPolicy:
    """Rights over applications, agreements, grants and the inbox."""

    @staticmethod
    def read_agreements(dataset: Dataset) -> Check:
        return lambda who: None

    @staticmethod
    def write_agreements(dataset: Dataset) -> Check:
        return lambda who: None if _publishes(who, dataset) else (
            f"only the publishing organization writes the agreements of {dataset.name!r}")

    @staticmethod
    def apply(dataset: Dataset) -> Check:
        def check(who: Principal) -> str | None:
            if who.is_anonymous:
                return "log in to apply"
            if _publishes(who, dataset):
                return f"you publish {dataset.name!r}: you need no application"
            return None
        return check

    @staticmethod
    def signed_in() -> Check:
        return _signed_in

    @staticmethod
    def view_request(request: AccessRequest) -> Check:
        def check(who: Principal) -> str | None:
            if who.user_id is not None and who.user_id == request.applicant_id:
                return None
            if _publishes(who, request.dataset):
                return None
            return f"application {request.id} is not yours to see"
        return check

    @staticmethod
    def revise(request: AccessRequest) -> Check:
        def check(who: Principal) -> str | None:
            if who.user_id is not None and who.user_id == request.applicant_id:
                return None
            return f"only the applicant revises application {request.id}"
        return check

    @staticmethod
    def review(dataset: Dataset) -> Check:
        return lambda who: None if _publishes(who, dataset) else (
            f"only the publishing organization reviews applications for {dataset.name!r}")

    @staticmethod
    def review_queue() -> Check:
        return lambda who: None if who.role in (Role.ADMIN, Role.PUBLISHER) else (
            "only administrators and publishers review applications")

    @staticmethod
    def view_grant(grant: Grant) -> Check:
        def check(who: Principal) -> str | None:
            if who.user_id is not None and who.user_id == grant.user_id:
                return None
            if _publishes(who, grant.dataset):
                return None
            return f"grant {grant.id} is not yours to see"
        return check

    @staticmethod
    def revoke(grant: Grant) -> Check:
        return lambda who: None if _publishes(who, grant.dataset) else (
            f"only the publishing organization revokes grant {grant.id}")

    @staticmethod
    def download(grant: Grant) -> Check:
        """Only the holder downloads under a grant (publishers download directly)."""
        def check(who: Principal) -> str | None:
            if who.is_anonymous:
                return "log in to download under a grant"
            if who.user_id != grant.user_id:
                return f"grant {grant.id} belongs to another user"
            return DatasetPolicy.download(grant.dataset, grant)(who)
        return check

    @staticmethod
    def trace() -> Check:
        return lambda who: None if who.role in (Role.ADMIN, Role.PUBLISHER) else (
            "only administrators and publishers trace leaked files")
