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

from jingshu.catalog.models import Dataset
from jingshu.jobs.run_models import CorpusRun
from jingshu.web.deps import Principal
from jingshu.web.policies.base import Check, owner_or_admin, signed_in
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
        return signed_in("corpus runs")

    @staticmethod
    def view(run: CorpusRun) -> Check:
        return owner_or_admin(run.created_by, f"corpus run {run.id}")
