"""Changing a dataset's metadata from the edit form, with each refusal beside its field.

The change goes through :func:`~jingshu.catalog.service.update_dataset`, as the API's
``PATCH /datasets/{name}`` does: raising protection applies at once, lowering it opens a
regrade request (which needs a reason), and the write is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization, Role
from jingshu.catalog.models import Dataset
from jingshu.catalog.regrade import lowers, protection_of_dataset
from jingshu.catalog.rules import Protection
from jingshu.catalog.service import DatasetSpec, update_dataset
from jingshu.errors import ConflictError, InputError, RuleViolation
from jingshu.web.deps import Principal
from jingshu.web.pages.i18n import t
from jingshu.web.pages.publish.forms import DatasetForm
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["MetadataChange", "change_metadata", "organization_error",
           "publisher_organizations"]


@dataclass(frozen=True)
class MetadataChange:
    """What the edit form did: errors by field, or whether anything changed and the
    regrade request it opened."""

    errors: dict[str, str] = field(default_factory=dict)
    changed: bool = False
    regrade_id: int | None = None


def publisher_organizations(session: Session, who: Principal) -> list[Organization]:
    """The organizations ``who`` may publish for (admins: all; publishers: their own)."""
    orgs = session.scalars(select(Organization).order_by(Organization.title))
    return [o for o in orgs if DatasetPolicy.create(o.id)(who) is None]


def organization_error(session: Session, who: Principal, chosen: str, current: str | None,
                       lang: str) -> str | None:
    """Why ``who`` may not publish under ``chosen`` (None: they may, or it is unchanged).

    ``current`` is the dataset's organization ("" for none), None for a new dataset.
    """
    if chosen == current:
        return None
    if not chosen:
        return None if who.role is Role.ADMIN else t("pub.err.organization", lang)
    if chosen in {o.name for o in publisher_organizations(session, who)}:
        return None
    return t("pub.err.organization", lang)


def _changes(current: DatasetSpec, spec: DatasetSpec) -> dict[str, object]:
    return {f.name: getattr(spec, f.name) for f in fields(DatasetSpec)
            if f.name != "name" and getattr(spec, f.name) != getattr(current, f.name)}


def change_metadata(session: Session, who: Principal, dataset: Dataset, form: DatasetForm,
                    lang: str) -> MetadataChange:
    """Apply ``form`` to ``dataset`` (the caller commits, or rolls back on errors)."""
    spec, errors = form.to_spec(lang, check_name=False)
    current = DatasetSpec.of(dataset)
    org_error = organization_error(session, who, form.organization,
                                   current.organization or "", lang)
    if org_error:
        errors["organization"] = org_error
    if spec is None or errors:
        return MetadataChange(errors)
    changes = _changes(current, spec)
    if not changes:
        return MetadataChange()
    target = Protection(spec.open_tier, spec.grade, spec.sensitivity, dataset.name)
    if lowers(protection_of_dataset(dataset), target) and not form.reason:
        return MetadataChange({"reason": t("pub.err.reason", lang)})
    try:
        done = update_dataset(session, dataset, actor=who.username,
                              reason=form.reason or None, **changes)
    except RuleViolation as exc:
        return MetadataChange({"open_tier": exc.message})
    except (ConflictError, InputError) as exc:  # a pending request; a reason too long
        return MetadataChange({"reason": exc.message})
    return MetadataChange(changed=True, regrade_id=done.regrade.id if done.regrade else None)
