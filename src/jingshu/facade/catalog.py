"""Catalog use cases behind the facade's ``import_file``, ``mix``, ``diff`` and regrade
methods, each checked as the API checks it for the acting user."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization
from jingshu.accounts.service import get_organization
from jingshu.audit import verify_chain
from jingshu.audit.log import ChainProblem
from jingshu.catalog.importing import import_file
from jingshu.catalog.mixing import mix_datasets, parse_source
from jingshu.catalog.models import Dataset
from jingshu.catalog.quality import VersionDiff, diff_versions
from jingshu.catalog.regrade import (
    approve_regrade,
    decider_of,
    get_regrade_request,
    reject_regrade,
)
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.service import (
    DatasetSpec,
    get_dataset,
    get_version,
    parse_ref,
    update_dataset,
)
from jingshu.errors import AuthError, InputError, PermissionDenied
from jingshu.facade.acting import Actor
from jingshu.mix import MixPlan
from jingshu.web.policies.audit import AuditPolicy
from jingshu.web.policies.datasets import DatasetPolicy
from jingshu.web.policies.regrade import RegradePolicy

if TYPE_CHECKING:
    from jingshu.facade.client import Client

__all__ = ["decide_regrade", "diff", "import_path", "mix", "request_regrade", "update",
           "verify_audit"]


_ENUMS: dict[str, type[OpenTier] | type[Grade] | type[Sensitivity] | type[Modality]] = {
    "open_tier": OpenTier, "grade": Grade, "sensitivity": Sensitivity, "modality": Modality}


def typed(metadata: dict[str, Any]) -> dict[str, Any]:
    """:class:`DatasetSpec` fields from Python values: ``open_tier="conditional"`` becomes
    ``OpenTier.CONDITIONAL`` (a ValueError names the allowed values), lists tuples."""
    out: dict[str, Any] = {}
    for key, value in metadata.items():
        if key in _ENUMS and not isinstance(value, _ENUMS[key]):
            try:
                value = _ENUMS[key](value)
            except ValueError:
                allowed = ", ".join(m.value for m in _ENUMS[key])
                raise InputError(f"{key}={value!r} is not one of {allowed}",
                                 hint=f"e.g. {key}={next(iter(_ENUMS[key])).value!r}") from None
        out[key] = tuple(value) if isinstance(value, list) else value
    return out


def _publishing_spec(s: Session, actor: Actor, spec: DatasetSpec) -> DatasetSpec:
    """A new dataset's spec: a publisher's goes to their organization unless named."""
    actor.allow(DatasetPolicy.create())
    if actor.principal is None:
        return spec
    if spec.organization is None and actor.principal.organization_id is not None:
        own = s.get(Organization, actor.principal.organization_id)
        spec = dataclasses.replace(spec, organization=own.name) if own else spec
    if spec.organization:
        actor.allow(DatasetPolicy.create(get_organization(s, spec.organization).id))
    return spec


def import_path(client: Client, path: str | Path, name: str, append: bool, fmt: str | None,
                text_field: str | None, metadata: dict[str, Any]) -> str:
    """Import as ``jingshu dataset import`` does; the new version's ``NAME@VERSION``."""
    with client.platform.session() as s:
        actor = client.actor(s)
        spec = DatasetSpec(name=name, title=str(metadata.pop("title", name)), **typed(metadata))
        if append:
            actor.allow(DatasetPolicy.edit(get_dataset(s, name)))
        else:
            spec = _publishing_spec(s, actor, spec)
        version = import_file(s, client.platform.store, str(path), spec=spec,
                              creator=actor.name, append=append, fmt=fmt, text_field=text_field)
        return f"{name}@{version.number}"


def diff(client: Client, before: str, after: str) -> VersionDiff:
    """Profile changes and rows added/removed between two ``NAME@VERSION``."""
    with client.platform.session() as s:
        old, new = get_version(s, *parse_ref(before)), get_version(s, *parse_ref(after))
        actor = client.actor(s)
        actor.allow(DatasetPolicy.view(old.dataset))
        actor.allow(DatasetPolicy.view(new.dataset))
        return diff_versions(client.platform.store, old, new)


def mix(client: Client, out: str, sources: list[str], tokens: float, *, seed: int,
        field: str | None, tokenizer: str | None) -> tuple[str, MixPlan]:
    """Mix as ``jingshu dataset mix`` (rights as the API's mix route); ``(ref, plan)``."""
    with client.platform.session() as s:
        actor = client.actor(s)
        for source in sources:
            ref, _ = parse_source(source)
            actor.allow(DatasetPolicy.download(get_version(s, *parse_ref(ref)).dataset))
        target = s.scalar(select(Dataset).where(Dataset.name == out))
        org_id = actor.principal.organization_id if actor.principal else None
        actor.allow(DatasetPolicy.edit(target) if target else DatasetPolicy.create(org_id))
        result = mix_datasets(s, client.platform.store, out, sources, tokens, seed=seed,
                              creator=actor.name, field=field, tokenizer=tokenizer)
        if target is None and org_id is not None:
            result.version.dataset.organization = s.get(Organization, org_id)
        return f"{out}@{result.version.number}", result.plan


def update(client: Client, name: str, reason: str | None, changes: dict[str, Any]) -> int | None:
    """Change metadata as ``jingshu dataset set``; the regrade request a lowering opened."""
    with client.platform.session() as s:
        dataset = get_dataset(s, name)
        actor = client.actor(s)
        actor.allow(DatasetPolicy.edit(dataset))
        done = update_dataset(s, dataset, actor=actor.name, reason=reason, **typed(changes))
        return done.regrade.id if done.regrade else None


def request_regrade(client: Client, name: str, reason: str,
                    asked: dict[str, str | None]) -> int:
    """Open a request to lower ``name``'s protection; its id."""
    wanted = {"open_tier": OpenTier(asked["open_tier"]) if asked["open_tier"] else None,
              "grade": Grade(asked["grade"]) if asked["grade"] else None,
              "sensitivity": Sensitivity(asked["sensitivity"]) if asked["sensitivity"] else None}
    with client.platform.session() as s:
        dataset = get_dataset(s, name)
        actor = client.actor(s)
        actor.allow(RegradePolicy.request(dataset))
        change = update_dataset(s, dataset, actor=actor.name, reason=reason,
                                **{k: v for k, v in wanted.items() if v is not None})
        if change.regrade is None:
            raise InputError(f"this raises or keeps the protection of {name!r}",
                             hint="raising needs no approval: change the dataset directly")
        return change.regrade.id


def decide_regrade(client: Client, request_id: int, *, approve: bool, note: str,
                   approver: str | None) -> None:
    """Approve or reject as the acting user (the operator names the ``approver``)."""
    with client.platform.session() as s:
        actor = client.actor(s)
        if actor.user is not None and approver not in (None, actor.name):
            raise PermissionDenied(f"this client acts as {actor.name!r}; it decides as no one "
                                   "else", hint=f"connect as {approver!r} to decide as them")
        name = actor.name if actor.user is not None else approver
        if name is None:
            raise AuthError("a regrade decision is an administrator's or data officer's",
                            hint="pass approver=USERNAME, or connect as that user")
        request, decider = get_regrade_request(s, request_id), decider_of(s, name)
        if approve:
            approve_regrade(s, request, decider, note=note)
        else:
            reject_regrade(s, request, decider, note=note)


def verify_audit(client: Client) -> tuple[int, ChainProblem | None]:
    """Walk the audit chain and its anchor, as ``jingshu audit verify`` (administrators)."""
    with client.platform.session() as s:
        client.actor(s).allow(AuditPolicy.read())
        return verify_chain(s, client.platform.audit_anchor)
