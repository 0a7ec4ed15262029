"""Who may run corpus recipes on the server.

=====================  ===============================================================
action                 who
=====================  ===============================================================
submit a run           whoever may download the source in full (the download policy:
                       core/L4 data never, not even for a recipe) and may publish the
                       target: a new target is published by the caller's organization
                       (admins, publishers), an existing one must be theirs (edit);
                       and the target is never less protected than the source (the
                       domain refuses it with 422: ``catalog.rules.check_protected``;
                       a new target gets the source's tier, grade and level)
list runs              any signed-in user (their own runs; admins see all)
read a run             the user who submitted it, admins
=====================  ===============================================================
"""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.catalog.models import Dataset
from jingshu.corpus.models import CorpusRun
from jingshu.web.deps import Principal
from jingshu.web.policies import Check
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["CorpusRunPolicy"]


class CorpusRunPolicy:
    """Rights over corpus runs."""

    @staticmethod
    def submit(source: Dataset, target: Dataset | None) -> Check:
        def check(who: Principal) -> str | None:
            if who.is_anonymous:
                return "log in to run a recipe"
            refused = DatasetPolicy.download(source)(who)
            if refused is not None:
                return f"a recipe reads every document: {refused}"
            if target is None:
                return DatasetPolicy.create()(who)
            return DatasetPolicy.edit(target)(who)
        return check

    @staticmethod
    def list() -> Check:
        return lambda who: "log in to see your corpus runs" if who.is_anonymous else None

    @staticmethod
    def view(run: CorpusRun) -> Check:
        def check(who: Principal) -> str | None:
            if who.role is Role.ADMIN or (not who.is_anonymous
                                          and who.username == run.created_by):
                return None
            return f"corpus run {run.id} belongs to another user"
        return check
