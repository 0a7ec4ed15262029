"""Use cases of the catalog: datasets, versions, data dictionary, lineage, downloads.

Functions take a SQLAlchemy ``Session`` and leave the commit to the caller, except
that :func:`publish_version` writes the version's bytes to the store first and the
row after, so a failed write leaves no row and a failed row leaves only a folder that
``DatasetStore.sweep_orphans`` removes.

Publishing does no more than that: what follows a publication (its quality profile)
is work for the layers above. The platform that opened the session says what: its
publish hooks travel in ``Session.info`` (:data:`PUBLISH_HOOKS_KEY`) and are called in
the publishing transaction (the front doors give every platform they open the job
queue's, which queues a ``dataset.profile`` job there, so the job exists exactly when
the version does). A session without hooks publishes and queues nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace

import pyarrow as pa
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError as DbIntegrityError
from sqlalchemy.orm import Session

from jingshu.accounts.service import check_name, get_organization
from jingshu.audit import record
from jingshu.catalog.models import Dataset, DatasetVersion, FieldDoc, Resource, VersionParent
from jingshu.catalog.regrade import (
    PROTECTION_FIELDS,
    RegradeRequest,
    lowers,
    protection_of_dataset,
    request_regrade,
)
from jingshu.catalog.rules import (
    Grade,
    Modality,
    OpenTier,
    Protection,
    Sensitivity,
    check_protected,
    check_tier,
)
from jingshu.catalog.search import reindex
from jingshu.db.base import utcnow
from jingshu.errors import ConflictError, InputError, NotFoundError, RuleViolation
from jingshu.store import DatasetStore, Manifest, Provenance, StoredVersion

__all__ = [
    "PUBLISH_HOOKS_KEY",
    "DatasetChange",
    "DatasetSpec",
    "Lineage",
    "PublishHook",
    "add_resource",
    "create_dataset",
    "derived_target",
    "describe_field",
    "get_dataset",
    "get_version",
    "lineage",
    "list_datasets",
    "open_version",
    "parse_ref",
    "publish_new_dataset",
    "publish_version",
    "record_download",
    "update_dataset",
]


@dataclass(frozen=True)
class DatasetSpec:
    """What a publisher says about a dataset (everything but its versions)."""

    name: str
    title: str
    description: str = ""
    organization: str | None = None
    theme: str = ""
    keywords: tuple[str, ...] = ()
    license: str = ""
    languages: tuple[str, ...] = ("zh",)
    modality: Modality = Modality.TEXT
    update_frequency: str = ""
    open_tier: OpenTier = OpenTier.UNCONDITIONAL
    grade: Grade = Grade.GENERAL
    sensitivity: Sensitivity = Sensitivity.L1

    @classmethod
    def of(cls, dataset: Dataset) -> DatasetSpec:
        return cls(
            name=dataset.name, title=dataset.title, description=dataset.description,
            organization=dataset.organization.name if dataset.organization else None,
            theme=dataset.theme, keywords=tuple(dataset.keywords), license=dataset.license,
            languages=tuple(dataset.languages), modality=dataset.modality,
            update_frequency=dataset.update_frequency, open_tier=dataset.open_tier,
            grade=dataset.grade, sensitivity=dataset.sensitivity,
        )


SPEC_FIELDS = tuple(f.name for f in fields(DatasetSpec))


def _apply(session: Session, dataset: Dataset, spec: DatasetSpec) -> None:
    check_tier(spec.open_tier, spec.grade, spec.sensitivity)
    org = get_organization(session, spec.organization) if spec.organization else None
    dataset.organization = org
    dataset.title = spec.title or spec.name
    for name in ("description", "theme", "license", "modality", "update_frequency",
                 "open_tier", "grade", "sensitivity"):
        setattr(dataset, name, getattr(spec, name))
    dataset.keywords = list(spec.keywords)
    dataset.languages = list(spec.languages)


def _field_names(dataset: Dataset) -> list[str]:
    return [f.name for f in dataset.versions[-1].fields] if dataset.versions else []


def _check_new(session: Session, spec: DatasetSpec) -> None:
    """Everything :func:`create_dataset` checks, read-only (no row written, no lock taken)."""
    check_name("dataset", spec.name)
    if session.scalar(select(Dataset.id).where(Dataset.name == spec.name)):
        raise ConflictError(
            f"dataset {spec.name!r} already exists",
            hint="choose another name, or add a version to it (`jingshu dataset import FILE "
            f"--name {spec.name} --append`)",
        )
    check_tier(spec.open_tier, spec.grade, spec.sensitivity)
    if spec.organization:
        get_organization(session, spec.organization)


def derived_target(session: Session, source: Dataset, name: str, spec: DatasetSpec | None,
                   *, actor: str) -> Dataset:
    """Dataset ``name`` to publish a version derived from ``source`` into: the existing
    one, or a new one from ``spec`` (by default ``source``'s metadata under ``name``)."""
    existing = session.scalar(select(Dataset).where(Dataset.name == name))
    if existing is not None:
        return existing
    if spec is None:
        spec = replace(DatasetSpec.of(source), name=name, title=name)
    return create_dataset(session, spec, actor=actor)


def create_dataset(session: Session, spec: DatasetSpec, *, actor: str) -> Dataset:
    """A new, empty dataset; versions come from :func:`publish_version`."""
    _check_new(session, spec)
    dataset = Dataset(name=spec.name, created_by=actor)
    _apply(session, dataset, spec)
    session.add(dataset)
    try:
        session.flush()
    except DbIntegrityError as exc:  # another request created the same name meanwhile
        raise ConflictError(f"dataset {spec.name!r} was created by another request just now",
                            hint="choose another name, or add a version to it") from exc
    reindex(session, dataset, [])
    record(session, actor, "dataset.create", f"dataset:{spec.name}",
           {"tier": spec.open_tier.value, "grade": spec.grade.value,
            "sensitivity": spec.sensitivity.value})
    return dataset


@dataclass(frozen=True)
class DatasetChange:
    """What :func:`update_dataset` did: the dataset, and the regrade request it opened.

    ``regrade`` is set when the change lowered the dataset's protection: that part is
    pending a second person's approval (see :mod:`jingshu.catalog.regrade`) and the
    dataset keeps its tier, grade and level until then.
    """

    dataset: Dataset
    regrade: RegradeRequest | None = None


def update_dataset(session: Session, dataset: Dataset, *, actor: str, reason: str | None = None,
                   **changes: object) -> DatasetChange:
    """Change metadata; the tier/grade rule is checked on the result.

    Raising protection applies at once; lowering it (any of tier, grade, level) opens a
    regrade request instead, which needs ``reason``. Other fields apply at once.
    """
    unknown = set(changes) - set(SPEC_FIELDS) | ({"name"} & set(changes))
    if unknown:
        raise InputError(f"cannot change field(s) {', '.join(sorted(unknown))}",
                         hint="changeable: " + ", ".join(f for f in SPEC_FIELDS if f != "name"))
    nulls = sorted(k for k, v in changes.items() if v is None and k != "organization")
    if nulls:
        raise InputError(f"field(s) {', '.join(nulls)} cannot be null",
                         hint="leave a field out to keep its value, or send a value")
    current = DatasetSpec.of(dataset)
    spec = replace(current, **changes)  # type: ignore[arg-type]
    target = Protection(spec.open_tier, spec.grade, spec.sensitivity, dataset.name)
    request = None
    if lowers(protection_of_dataset(dataset), target):
        request = request_regrade(session, dataset, target, reason=reason, actor=actor)
        spec = replace(spec, open_tier=current.open_tier, grade=current.grade,
                       sensitivity=current.sensitivity)
        changes = {k: v for k, v in changes.items() if k not in PROTECTION_FIELDS}
    if changes:
        _apply(session, dataset, spec)
        session.flush()
        reindex(session, dataset, _field_names(dataset))
        record(session, actor, "dataset.update", f"dataset:{dataset.name}",
               {k: str(v) for k, v in changes.items()})
    return DatasetChange(dataset, request)


def get_dataset(session: Session, name: str) -> Dataset:
    dataset = session.scalar(select(Dataset).where(Dataset.name == name))
    if dataset is None:
        raise NotFoundError(f"dataset {name!r} does not exist",
                            hint="search the catalog with `jingshu catalog search`")
    return dataset


def list_datasets(session: Session, tiers: Iterable[OpenTier] | None = None) -> list[Dataset]:
    query = select(Dataset).order_by(Dataset.name)
    if tiers is not None:
        query = query.where(Dataset.open_tier.in_(list(tiers)))
    return list(session.scalars(query))


REF_RE = re.compile(r"^(?P<name>[^@\s]+)(?:@(?P<version>\d+|latest))?$")


def parse_ref(ref: str) -> tuple[str, int | None]:
    """``NAME`` or ``NAME@VERSION`` (``@latest`` allowed) to (name, number or None)."""
    m = REF_RE.match(ref)
    if m is None:
        raise InputError(f"dataset reference {ref!r} is not valid",
                         hint="write NAME or NAME@VERSION, e.g. zh-news@2")
    version = m["version"]
    return m["name"], int(version) if version and version != "latest" else None


def get_version(session: Session, name: str, number: int | None = None) -> DatasetVersion:
    """Version ``number`` of dataset ``name``, or its newest when ``number`` is None."""
    dataset = get_dataset(session, name)
    if not dataset.versions:
        raise NotFoundError(f"dataset {name!r} has no versions yet",
                            hint=f"import data with `jingshu dataset import FILE --name {name} "
                            "--append`")
    if number is None:
        return dataset.versions[-1]
    for v in dataset.versions:
        if v.number == number:
            return v
    known = ", ".join(str(v.number) for v in dataset.versions)
    raise NotFoundError(f"dataset {name!r} has no version {number}", hint=f"versions: {known}")


def open_version(store: DatasetStore, version: DatasetVersion) -> StoredVersion:
    return store.open(version.location)


def publish_version(
    session: Session,
    store: DatasetStore,
    dataset: Dataset,
    batches: Iterable[pa.RecordBatch],
    *,
    creator: str,
    made_by: Provenance,
    parents: Sequence[DatasetVersion] = (),
    schema: pa.Schema | None = None,
) -> DatasetVersion:
    """Write ``batches`` as a new immutable version of ``dataset`` and record it.

    Raises :class:`RuleViolation` when ``dataset`` is less protected than a parent's
    dataset (lineage carries protection: :func:`~jingshu.catalog.rules.check_protected`).
    """
    check_protected(dataset, [p.dataset for p in parents])
    location, manifest = _write(store, dataset.name, batches, creator=creator, made_by=made_by,
                                parents=parents, schema=schema)
    try:
        return _commit_version(session, dataset, location, manifest, parents)
    except BaseException:
        store.delete(location)
        raise


def publish_new_dataset(
    session: Session,
    store: DatasetStore,
    spec: DatasetSpec,
    batches: Iterable[pa.RecordBatch],
    *,
    creator: str,
    made_by: Provenance,
    parents: Sequence[DatasetVersion] = (),
) -> DatasetVersion:
    """Create dataset ``spec`` with ``batches`` as its first version.

    The bytes are written before any row, so a long import holds no database lock
    (SQLite's write lock would stop every other writer meanwhile); the dataset's
    metadata is checked before the first byte is read, and so is its protection
    against the ``parents``' datasets (lineage carries protection).
    """
    _check_new(session, spec)
    check_protected(spec, [p.dataset for p in parents])
    location, manifest = _write(store, spec.name, batches, creator=creator, made_by=made_by,
                                parents=parents)
    try:
        dataset = create_dataset(session, spec, actor=creator)
        return _commit_version(session, dataset, location, manifest, parents)
    except BaseException:
        store.delete(location)
        raise


PublishHook = Callable[[Session, DatasetVersion], object]
"""Called with the publishing session and the new version, before the caller commits."""
PUBLISH_HOOKS_KEY = "jingshu_publish_hooks"
"""Key of ``Session.info`` holding the publish hooks (a sequence of :data:`PublishHook`)
of the platform the session belongs to (``Platform.on_publish`` adds to them)."""


def _publish_hooks(session: Session) -> Sequence[PublishHook]:
    hooks: Sequence[PublishHook] = session.info.get(PUBLISH_HOOKS_KEY, ())
    return hooks


def _write(store: DatasetStore, name: str, batches: Iterable[pa.RecordBatch], *, creator: str,
           made_by: Provenance, parents: Sequence[DatasetVersion] = (),
           schema: pa.Schema | None = None) -> tuple[str, Manifest]:
    with store.writer(name, creator=creator, made_by=made_by,
                      parents=[p.id for p in parents], schema=schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
        location, manifest = writer.commit()
    return location, manifest


def _commit_version(session: Session, dataset: Dataset, location: str, manifest: Manifest,
                    parents: Sequence[DatasetVersion]) -> DatasetVersion:
    version = _record_version(session, dataset, location, manifest, parents)
    made_by = manifest.made_by
    record(session, manifest.creator, "version.publish",
           f"dataset:{dataset.name}@{version.number}",
           {"version_id": version.id, "rows": manifest.rows, "made_by": made_by.kind,
            "source": made_by.source, "parents": [p.id for p in parents]})
    for hook in _publish_hooks(session):
        hook(session, version)
    return version


def _lock_versions(session: Session, dataset: Dataset) -> None:
    """Serialize version numbering of ``dataset`` until the caller's commit.

    An UPDATE of the dataset row takes its row lock on PostgreSQL and the database's
    write lock on SQLite (waiting for other writers, as a first write may), so the
    ``max(number) + 1`` read after it cannot race another publication of this dataset.
    """
    session.execute(update(Dataset).where(Dataset.id == dataset.id).values(updated_at=utcnow())
                    .execution_options(synchronize_session=False))
    session.expire(dataset, ["versions"])  # reload: another publication may have committed


def _record_version(session: Session, dataset: Dataset, location: str, manifest: Manifest,
                    parents: Sequence[DatasetVersion]) -> DatasetVersion:
    _lock_versions(session, dataset)
    previous = {f.name: f.description for f in dataset.versions[-1].fields} \
        if dataset.versions else {}
    number = (session.scalar(select(func.max(DatasetVersion.number))
                             .where(DatasetVersion.dataset_id == dataset.id)) or 0) + 1
    version = DatasetVersion(
        id=manifest.version_id, dataset=dataset, number=number, location=location,
        manifest=manifest.to_json(), rows=manifest.rows, bytes=manifest.bytes,
        made_by_kind=manifest.made_by.kind, made_by_source=manifest.made_by.source,
        creator=manifest.creator,
    )
    version.fields = [
        FieldDoc(position=i, name=f.name, type=f.type, description=previous.get(f.name, ""))
        for i, f in enumerate(manifest.fields)
    ]
    session.add(version)
    session.flush()
    session.add_all(VersionParent(version_id=version.id, parent_id=p.id) for p in parents)
    session.flush()
    session.refresh(dataset)
    reindex(session, dataset, [f.name for f in version.fields])
    return version


def describe_field(session: Session, version: DatasetVersion, field_name: str, description: str,
                   *, actor: str) -> FieldDoc:
    """Edit one entry of the data dictionary."""
    for f in version.fields:
        if f.name == field_name:
            f.description = description
            record(session, actor, "dictionary.edit",
                   f"dataset:{version.dataset.name}@{version.number}", {"field": field_name})
            return f
    raise NotFoundError(
        f"version {version.dataset.name}@{version.number} has no field {field_name!r}",
        hint="fields: " + ", ".join(f.name for f in version.fields),
    )


@dataclass(frozen=True)
class LineageNode:
    version_id: str
    dataset: str
    number: int
    made_by: str


@dataclass(frozen=True)
class Lineage:
    """Ancestors and descendants of a version, as nodes and (parent, child) edges."""

    nodes: list[LineageNode] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)


def lineage(session: Session, version: DatasetVersion, depth: int = 10) -> Lineage:
    """Walk parents and children breadth-first up to ``depth`` steps each way."""
    seen: dict[str, DatasetVersion] = {version.id: version}
    edges: set[tuple[str, str]] = set()
    for column, other in ((VersionParent.version_id, VersionParent.parent_id),
                          (VersionParent.parent_id, VersionParent.version_id)):
        frontier = [version.id]
        for _ in range(depth):
            if not frontier:
                break
            rows = session.execute(select(column, other).where(column.in_(frontier))).all()
            frontier = []
            for here, there in rows:
                is_parent_walk = column is VersionParent.version_id
                edges.add((there, here) if is_parent_walk else (here, there))
                if there not in seen:
                    seen[there] = session.get_one(DatasetVersion, there)
                    frontier.append(there)
    nodes = [LineageNode(v.id, v.dataset.name, v.number, f"{v.made_by_kind}:{v.made_by_source}")
             for v in seen.values()]
    return Lineage(sorted(nodes, key=lambda n: (n.dataset, n.number)), sorted(edges))


# an absolute http(s) URL with a host, or a path on this site; never '//host' or '/\host'
# (browsers read both as another site) nor javascript:, data:, ftp: ...
URL_RE = re.compile(r"^(https?://[^\s/?#\\]+|/(?![/\\]))\S*$", re.IGNORECASE)


def add_resource(session: Session, dataset: Dataset, title: str, url: str, *, actor: str,
                 fmt: str = "", description: str = "") -> Resource:
    """Attach a document or link (a standard, an API description, a sample) to a dataset."""
    if not title.strip():
        raise InputError("a resource needs a title", hint="pass --title, e.g. 数据标准说明")
    if not URL_RE.match(url):
        raise RuleViolation(f"resource url {url!r} is not an http(s) URL or a site path "
                            "(protocol-relative '//host' and other schemes are refused)",
                            hint="write https://host/… or /path/on/this/site")
    resource = Resource(title=title.strip(), url=url, format=fmt, description=description)
    dataset.resources.append(resource)
    session.flush()
    record(session, actor, "resource.add", f"dataset:{dataset.name}", {"title": title, "url": url})
    return resource


def record_download(session: Session, actor: str, version: DatasetVersion, fmt: str) -> None:
    record(session, actor, "version.download",
           f"dataset:{version.dataset.name}@{version.number}", {"format": fmt})
