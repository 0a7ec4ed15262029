"""Who may see, edit and download datasets and their versions.

Rights by open tier (anonymous visitors see and download only unconditional data):

=================  ===========  =====================  =============================
action             无条件开放     有条件开放               不予开放
=================  ===========  =====================  =============================
see metadata       everyone     everyone               everyone
preview, download  everyone     admin, owning org's    admin, owning org's publisher;
                                publisher              core/L4 data: nobody (sandbox)
                                (+ the holder of an
                                active grant: its
                                fields, its quota)
edit, publish      admin, owning org's publisher (all tiers)
=================  ===========  =====================  =============================

A grant (see :mod:`jingshu.circulation.grants`) is honoured only when the handler
passes it: ``DatasetPolicy.download(dataset, grant)``; the grant download endpoint
then counts the download and exports only the granted fields, watermarked.
"""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.circulation.grants import grant_refusal
from jingshu.circulation.models import Grant
from jingshu.web.deps import Principal
from jingshu.web.policies.base import Check

__all__ = ["DatasetPolicy"]


def _is_owner(who: Principal, dataset: Dataset) -> bool:
    if who.role is Role.ADMIN:
        return True
    return (who.role is Role.PUBLISHER and dataset.organization_id is not None
            and who.organization_id == dataset.organization_id)


class DatasetPolicy:
    """Rights over datasets and their versions."""

    @staticmethod
    def list() -> Check:
        return lambda who: None

    @staticmethod
    def view(dataset: Dataset) -> Check:
        return lambda who: None

    @staticmethod
    def create(organization_id: int | None = None) -> Check:
        """Create a dataset published by ``organization_id`` (publishers: their own only)."""
        def check(who: Principal) -> str | None:
            if who.role is Role.ADMIN:
                return None
            if who.role is not Role.PUBLISHER:
                return "only administrators and publishers create datasets"
            if organization_id is not None and organization_id != who.organization_id:
                return "publishers publish only for their own organization"
            return None
        return check

    @staticmethod
    def edit(dataset: Dataset) -> Check:
        def check(who: Principal) -> str | None:
            if _is_owner(who, dataset):
                return None
            return f"only the publishing organization may change dataset {dataset.name!r}"
        return check

    @staticmethod
    def download(dataset: Dataset, grant: Grant | None = None) -> Check:
        """Also governs the preview of rows: seeing rows is seeing the data.

        With ``grant``, its holder may download while it is unrevoked, unexpired and
        within quota; core/L4 data stays on the server whatever the grant says.
        """
        def check(who: Principal) -> str | None:
            if dataset.open_tier is OpenTier.UNCONDITIONAL:
                return None
            sandbox_only = dataset.grade is Grade.CORE or dataset.sensitivity is Sensitivity.L4
            if dataset.open_tier is OpenTier.NOT_OPEN and sandbox_only:
                return (f"dataset {dataset.name!r} is {dataset.grade.zh}/"
                        f"{dataset.sensitivity.value} and not open: it never leaves the server")
            if _is_owner(who, dataset):
                return None
            if grant is not None:
                return grant_refusal(grant, dataset, who.user_id)
            return (f"dataset {dataset.name!r} is {dataset.open_tier.zh} "
                    f"({dataset.open_tier.value}): its data is not available to you")
        return check
