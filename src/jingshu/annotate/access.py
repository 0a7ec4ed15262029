"""Whose eyes an annotation project's rows may reach: the download rules, per organization.

Labelling shows rows, so annotation follows the same policy as downloads and previews
(``jingshu.web.policies.datasets.DatasetPolicy``), with one addition: a dataset may be
labelled by its own organization's annotators whatever its tier, because the rows stay
inside that organization (core/L4 rows too: they are shown in the portal, never
downloaded). Another organization sees rows only of unconditional data, or under an
*annotate grant* (:attr:`jingshu.circulation.models.Grant.annotate`) its publisher
holds; core-grade and L4 data never leave the owning organization, whatever a grant
says (as for downloads).

================================  ================================================
who                               sees the rows of a project's source when
================================  ================================================
anyone signed in                  the source is unconditional (无条件开放)
the source's organization         always (rows stay inside the organization)
an administrator                  it is not core/L4 data that is not open
the grant holder's organization   the project was made under an active annotate
                                  grant on the source, and it is not core/L4 data
================================  ================================================

Rows written into a catalog dataset (an export) are rows held by the target's
organization: they are written only into the source's own organization, or from
unconditional data (:func:`may_hold_rows`); other exports carry the row keys and labels,
not the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, lazyload

from jingshu.annotate.models import AnnotationProject
from jingshu.annotate.schema import LabelSchema
from jingshu.annotate.work import SOURCE_COLUMNS, ProjectRules, Work
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.circulation.models import Grant
from jingshu.db.base import utcnow
from jingshu.errors import NotFoundError

__all__ = [
    "Viewer",
    "annotate_grant_refusal",
    "may_hold_rows",
    "rows_refusal",
    "shown",
    "source_of",
    "source_of_work",
]


@dataclass(frozen=True)
class Viewer:
    """Who would see rows: their organization, and whether they administer the platform."""

    organization_id: int | None
    admin: bool = False
    user_id: int | None = None


def _stays_home(dataset: Dataset) -> bool:
    """Core-grade and L4 data never leave the owning organization (not even by a grant)."""
    return dataset.grade is Grade.CORE or dataset.sensitivity is Sensitivity.L4


def annotate_grant_refusal(grant: Grant, dataset: Dataset, *, holder_org: int | None,
                           now: datetime | None = None) -> str | None:
    """Why ``grant`` does not open ``dataset`` to annotation by organization ``holder_org``."""
    if grant.dataset_id != dataset.id:
        return f"grant {grant.id} is for another dataset, not {dataset.name!r}"
    if not grant.annotate:
        return (f"grant {grant.id} allows downloads, not annotation: ask the publisher of "
                f"{dataset.name!r} for a grant with annotation")
    if _stays_home(dataset):
        return (f"dataset {dataset.name!r} is {dataset.grade.zh}/{dataset.sensitivity.value}: "
                "it is labelled only inside its own organization, whatever a grant says")
    if grant.revoked:
        return f"grant {grant.id} was revoked: {grant.revoked_reason}"
    if (now or utcnow()) >= grant.expires_at:
        return f"grant {grant.id} expired at {grant.expires_at:%Y-%m-%d %H:%M} UTC"
    if holder_org is None or grant.user.organization_id != holder_org:
        return f"grant {grant.id} is held by another organization"
    return None


def rows_refusal(dataset: Dataset, viewer: Viewer, grant: Grant | None = None,
                 now: datetime | None = None) -> str | None:
    """Why ``viewer`` may not see rows of ``dataset`` in a project (``None``: they may).

    ``grant`` is the annotate grant the project was made under, if any.
    """
    if dataset.open_tier is OpenTier.UNCONDITIONAL:
        return None
    if viewer.organization_id is not None and viewer.organization_id == dataset.organization_id:
        return None
    if viewer.admin and not (dataset.open_tier is OpenTier.NOT_OPEN and _stays_home(dataset)):
        return None
    if grant is not None:
        refused = annotate_grant_refusal(grant, dataset, holder_org=viewer.organization_id,
                                         now=now)
        if refused is None:
            return None
        return f"the rows of {dataset.name!r} are not shown to you: {refused}"
    return (f"dataset {dataset.name!r} is {dataset.open_tier.zh} ({dataset.open_tier.value}, "
            f"{dataset.grade.value}, {dataset.sensitivity.value}): its rows are shown only to "
            "its own organization, or to one holding an annotate grant on it")


def may_hold_rows(source: Dataset, organization_id: int | None) -> bool:
    """Whether a dataset of ``organization_id`` may store the rows of ``source`` (the same
    owner: an organization, or the platform itself for datasets of none)."""
    return source.open_tier is OpenTier.UNCONDITIONAL or organization_id == source.organization_id


# built once (every annotator request reads the source's current policy); the rules
# read the dataset's own columns, so its organization is not joined in
_SOURCE = (select(Dataset).join(DatasetVersion, DatasetVersion.dataset_id == Dataset.id)
           .where(DatasetVersion.id == bindparam("version")).options(lazyload("*")))


def source_of(session: Session, project: AnnotationProject | ProjectRules
              ) -> tuple[Dataset, Grant | None]:
    """The project's source dataset (its current tier, grade, level) and its grant."""
    version_id, grant_id = project.source_version_id, project.grant_id
    dataset = session.scalar(_SOURCE, {"version": version_id})
    if dataset is None:  # pragma: no cover - the foreign key keeps it
        raise NotFoundError(f"the source version {version_id} of project {project.name!r} "
                            "does not exist")
    grant = session.get(Grant, grant_id) if grant_id is not None else None
    return dataset, grant


def source_of_work(session: Session, work: Work) -> tuple[Dataset, Grant | None]:
    """As :func:`source_of`, from the columns the member lock returned when it was asked
    for them (``start_work(…, source=True)``: the same transaction, no query of its own);
    the dataset is a detached copy of those columns, for the policy only."""
    if work.source is None:
        return source_of(session, work.rules)
    values = dict(zip(SOURCE_COLUMNS, work.source, strict=True))
    if values["id"] is None:  # pragma: no cover - the foreign key keeps it
        raise NotFoundError(f"the source version {work.rules.source_version_id} of project "
                            f"{work.rules.name!r} does not exist")
    dataset = Dataset(id=values["id"], name=values["name"],
                      open_tier=OpenTier(values["open_tier"]), grade=Grade(values["grade"]),
                      sensitivity=Sensitivity(values["sensitivity"]),
                      organization_id=values["organization_id"])
    grant_id = work.rules.grant_id
    return dataset, session.get(Grant, grant_id) if grant_id is not None else None


def shown(schema: LabelSchema, row: dict[str, Any]) -> dict[str, Any]:
    """The part of ``row`` an annotator or reviewer sees: the schema's fields only."""
    return {name: row[name] for name in schema.shown_fields() if name in row}
