"""Who may do what in annotation projects.

=====================================  ===================================================
action                                 who
=====================================  ===================================================
list projects                          any logged-in user
create a project over a dataset        admin; publisher of the dataset's organization
see a project, its items' progress     admin; owning publisher; members
join                                   annotators
fetch, answer, skip items              members (annotators who joined)
annotator table, review, export, close admin; publisher of the project's organization
=====================================  ===================================================
"""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.annotate.models import AnnotationProject, Member
from jingshu.annotate.work import MemberView, ProjectRules
from jingshu.catalog.models import Dataset
from jingshu.web.api.policies import Check
from jingshu.web.deps import Principal

__all__ = ["AnnotationPolicy"]


def _owns(who: Principal, organization_id: int | None) -> bool:
    if who.role is Role.ADMIN:
        return True
    return (who.role is Role.PUBLISHER and organization_id is not None
            and who.organization_id == organization_id)


class AnnotationPolicy:
    """Rights over annotation projects."""

    @staticmethod
    def list() -> Check:
        return lambda who: None if not who.is_anonymous else "projects are for logged-in users"

    @staticmethod
    def create(dataset: Dataset) -> Check:
        def check(who: Principal) -> str | None:
            if _owns(who, dataset.organization_id):
                return None
            return f"only the publishing organization of {dataset.name!r} may annotate it"
        return check

    @staticmethod
    def manage(project: AnnotationProject) -> Check:
        def check(who: Principal) -> str | None:
            if _owns(who, project.organization_id):
                return None
            return f"only the owners of project {project.name!r} may do this"
        return check

    @staticmethod
    def view(project: AnnotationProject, member: Member | None) -> Check:
        def check(who: Principal) -> str | None:
            if _owns(who, project.organization_id) or member is not None:
                return None
            return f"project {project.name!r} is for its owners and members"
        return check

    @staticmethod
    def join(project: AnnotationProject) -> Check:
        def check(who: Principal) -> str | None:
            if who.role is Role.ANNOTATOR:
                return None
            return "only annotators join annotation projects"
        return check

    @staticmethod
    def work(project: AnnotationProject | ProjectRules,
             member: Member | MemberView | None) -> Check:
        def check(who: Principal) -> str | None:
            if who.role is Role.ANNOTATOR and member is not None:
                return None
            if who.role is Role.ANNOTATOR:
                return f"join project {project.name!r} first"
            return "only annotators who joined the project label its items"
        return check
