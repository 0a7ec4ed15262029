"""Who may do what in annotation projects.

Labelling shows rows and exporting writes versions, so both go through the dataset
policy (:class:`~jingshu.web.policies.datasets.DatasetPolicy`) and the row rule of
:mod:`jingshu.annotate.access`:

=====================================  ===================================================
action                                 who
=====================================  ===================================================
list projects                          any logged-in user
create a project over a dataset        admin; publisher of the dataset's organization;
                                       another organization's publisher: unconditional
                                       data, or under their own active annotate grant
                                       (never core/L4 data)
see a project, its items' progress     admin; owning publisher; members
join                                   annotators who may see the source's rows (its
                                       organization; unconditional data; the annotate
                                       grant's organization)
fetch (``next``), answer, skip items   members (annotators who joined) who may still
                                       see the source's rows
annotator table, close                 admin; publisher of the project's organization
review (answers with their rows)       the project's owners who may see the source's rows
export into a catalog dataset          the project's owners; an existing target needs edit
                                       rights (a new one is created for the project's
                                       organization, at least as protected as the source)
labels file                            the project's owners; with the rows only for who
                                       may download the source (others: keys and labels,
                                       and no Label Studio file)
=====================================  ===================================================
"""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.annotate.access import Viewer, annotate_grant_refusal, rows_refusal
from jingshu.annotate.models import AnnotationProject, Member
from jingshu.annotate.work import MemberView, ProjectRules
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import OpenTier
from jingshu.circulation.models import Grant
from jingshu.web.deps import Principal
from jingshu.web.policies import Check
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["AnnotationPolicy", "viewer_of"]


def _owns(who: Principal, organization_id: int | None) -> bool:
    if who.role is Role.ADMIN:
        return True
    return (who.role is Role.PUBLISHER and organization_id is not None
            and who.organization_id == organization_id)


def viewer_of(who: Principal) -> Viewer:
    return Viewer(who.organization_id, who.role is Role.ADMIN, who.user_id)


class AnnotationPolicy:
    """Rights over annotation projects."""

    @staticmethod
    def list() -> Check:
        return lambda who: None if not who.is_anonymous else "projects are for logged-in users"

    @staticmethod
    def owns_dataset(who: Principal, dataset: Dataset) -> bool:
        """Whether a project ``who`` creates over ``dataset`` belongs to its organization."""
        return _owns(who, dataset.organization_id)

    @staticmethod
    def create(dataset: Dataset, grant: Grant | None = None) -> Check:
        """The right to use ``dataset`` for annotation (``grant``: the caller's annotate grant)."""
        def check(who: Principal) -> str | None:
            if _owns(who, dataset.organization_id):
                return None
            if who.role is not Role.PUBLISHER or who.organization_id is None:
                return (f"only administrators and publishers create annotation projects; "
                        f"{dataset.name!r} belongs to another organization")
            if dataset.open_tier is OpenTier.UNCONDITIONAL:
                return None
            if grant is None:
                return (f"dataset {dataset.name!r} is {dataset.open_tier.zh} "
                        f"({dataset.open_tier.value}) and belongs to another organization: "
                        "annotating it needs an annotate grant (send \"grant\": its id)")
            if grant.user_id != who.user_id:
                return f"grant {grant.id} belongs to another user"
            return annotate_grant_refusal(grant, dataset, holder_org=who.organization_id)
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
    def see_rows(source: Dataset, grant: Grant | None) -> Check:
        """Seeing a project's items is seeing its source's rows (see jingshu.annotate.access)."""
        return lambda who: rows_refusal(source, viewer_of(who), grant)

    @staticmethod
    def join(project: AnnotationProject, source: Dataset, grant: Grant | None) -> Check:
        def check(who: Principal) -> str | None:
            if who.role is not Role.ANNOTATOR:
                return "only annotators join annotation projects"
            return AnnotationPolicy.see_rows(source, grant)(who)
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

    @staticmethod
    def label(project: ProjectRules, member: MemberView | None, source: Dataset,
              grant: Grant | None) -> Check:
        """Fetch, answer or skip items: a member who may (still) see the source's rows."""
        def check(who: Principal) -> str | None:
            refused = AnnotationPolicy.work(project, member)(who)
            return refused or AnnotationPolicy.see_rows(source, grant)(who)
        return check

    @staticmethod
    def review(project: AnnotationProject, source: Dataset, grant: Grant | None) -> Check:
        """Review shows answers with their rows: an owner who may see the rows."""
        def check(who: Principal) -> str | None:
            refused = AnnotationPolicy.manage(project)(who)
            return refused or AnnotationPolicy.see_rows(source, grant)(who)
        return check

    @staticmethod
    def see_media(project: AnnotationProject, member: Member | None, source: Dataset,
                  grant: Grant | None) -> Check:
        """The images and audio a project's items show: for its members who may label,
        and its owners who may review (both may see the source's rows)."""
        def check(who: Principal) -> str | None:
            as_member = AnnotationPolicy.work(project, member)(who) or \
                AnnotationPolicy.see_rows(source, grant)(who)
            if as_member is None:
                return None
            return as_member if member is not None else \
                AnnotationPolicy.review(project, source, grant)(who)
        return check

    @staticmethod
    def export(project: AnnotationProject, target: Dataset | None) -> Check:
        """Write labels into ``target`` (``None``: a new dataset of the project's organization)."""
        def check(who: Principal) -> str | None:
            refused = AnnotationPolicy.manage(project)(who)
            if refused is not None or target is None:
                return refused
            if DatasetPolicy.edit(target)(who) is not None:
                return (f"labels go only into a dataset you may edit: {target.name!r} belongs "
                        "to another organization (choose another with ?dataset=NAME)")
            return None
        return check

    @staticmethod
    def labels_with_rows(source: Dataset) -> Check:
        """A labels file carries the source's rows only for who may download them."""
        return DatasetPolicy.download(source)
