"""Who may use the DP sandbox.

=====================  ===============================================================
action                 who
=====================  ===============================================================
declare domains        admin, the dataset's publishing organization
read the declaration   any signed-in user
run a query            the holder of an active (unrevoked, unexpired) grant on it
read own budget/queries  any signed-in user (their own ledger only)
=====================  ===============================================================

Publishers do not query their own data through the sandbox: they hold the data.
"""

from __future__ import annotations

from jingshu.catalog.models import Dataset
from jingshu.circulation.models import Grant
from jingshu.web.deps import Principal
from jingshu.web.policies import Check
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["SandboxPolicy"]


def _signed_in(who: Principal) -> str | None:
    return "this needs a logged-in user" if who.is_anonymous else None


class SandboxPolicy:
    """Rights over sandbox declarations, queries and ledgers."""

    @staticmethod
    def declare(dataset: Dataset) -> Check:
        return lambda who: None if DatasetPolicy.edit(dataset)(who) is None else (
            f"only the publishing organization declares the sandbox of {dataset.name!r}")

    @staticmethod
    def read(dataset: Dataset) -> Check:
        return _signed_in

    @staticmethod
    def query(dataset: Dataset, grant: Grant | None) -> Check:
        def check(who: Principal) -> str | None:
            if who.is_anonymous:
                return "log in to query the sandbox"
            if grant is None or grant.user_id != who.user_id:
                return (f"you hold no active grant on {dataset.name!r}: apply for access "
                        "(expired and revoked grants do not count)")
            return None
        return check

    @staticmethod
    def own_ledger(dataset: Dataset) -> Check:
        return _signed_in
