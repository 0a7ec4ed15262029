"""The start of every annotator request: one statement that locks the member's row.

:func:`start_work` runs one ``UPDATE annotation_members … RETURNING`` that touches the
member's ``last_seen`` (on PostgreSQL that locks the row, so one annotator's concurrent
requests run one at a time; on SQLite it takes the database's write lock) and returns,
in the same round trip, the member's counters, the project's id, state and creation
time, whether the project has expired leases to sweep, (for ``next``) the lease the
annotator still holds and (``source=True``) the source dataset's current policy columns,
so the policy is checked on every request without a query of its own.

A project's settings never change after it is created (only its ``state`` does, and
that is read on every request), so they are parsed once per process into a frozen
:class:`ProjectRules`, cached by project id and creation time (the version: a project
re-created under the same id in another database is another entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, exists, or_, select, update
from sqlalchemy.orm import Session

from jingshu.accounts.models import ApiToken, Role, User
from jingshu.annotate.models import (
    AnnotationProject,
    Lease,
    LeaseState,
    Member,
    MemberState,
    ProjectState,
)
from jingshu.annotate.schema import LabelSchema, parse_schema
from jingshu.catalog.models import Dataset, DatasetVersion
from jingshu.errors import ConflictError, NotFoundError, PermissionDenied

__all__ = ["MemberView", "ProjectRules", "TokenHolder", "Work", "check_can_work", "member_of",
           "rules_of", "start_work"]

CACHE_LIMIT = 256


@dataclass(frozen=True)
class ProjectRules:
    """A project's settings, which are fixed at creation (its state is not here)."""

    id: int
    name: str
    organization_id: int | None
    source_version_id: str
    grant_id: str | None
    schema: LabelSchema
    overlap: int
    max_overlap: int
    confidence: float
    gold_rate: float
    lease_seconds: int
    qualification_items: int
    qualification_accuracy: float
    pause_below: float
    pause_min_gold: int
    cost_per_answer: float
    version: datetime


@dataclass(frozen=True)
class MemberView:
    """The member's row as the locking statement returned it."""

    id: int
    annotator: str
    state: MemberState
    reason: str
    gold_seen: int
    served: int


@dataclass(frozen=True)
class TokenHolder:
    """Who an API token was resolved to (by a cache): checked again by the locking
    statement (``start_work(…, token=…)``) on every request."""

    token_hash: str
    user_id: int
    role: Role | None
    organization_id: int | None


@dataclass(frozen=True)
class Work:
    """An annotator's request after the member lock: who, in which project, at what time."""

    rules: ProjectRules
    member: MemberView | None  # None: not a member of the project
    project_state: ProjectState
    now: datetime
    held_lease: int | None = None
    expired_leases: bool = False
    # the source dataset's SOURCE_COLUMNS, read by the locking statement (source=True)
    source: tuple[Any, ...] | None = None
    # (token=…) the token is still valid (not revoked, not expired) and its user still
    # the one cached: active, same name, role and organization; None: not asked
    token_ok: bool | None = None


_RULES: dict[tuple[int, datetime], ProjectRules] = {}


def _build(project: AnnotationProject) -> ProjectRules:
    return ProjectRules(
        id=project.id, name=project.name, organization_id=project.organization_id,
        source_version_id=project.source_version_id, grant_id=project.grant_id,
        schema=parse_schema(project.label_schema), overlap=project.overlap,
        max_overlap=project.max_overlap, confidence=project.confidence,
        gold_rate=project.gold_rate, lease_seconds=project.lease_seconds,
        qualification_items=project.qualification_items,
        qualification_accuracy=project.qualification_accuracy,
        pause_below=project.pause_below, pause_min_gold=project.pause_min_gold,
        cost_per_answer=project.cost_per_answer, version=project.created_at)


def rules_of(project: AnnotationProject | ProjectRules) -> ProjectRules:
    """The cached settings of ``project`` (built on first use in this process)."""
    if isinstance(project, ProjectRules):
        return project
    key = (project.id, project.created_at)
    rules = _RULES.get(key)
    if rules is None:
        if len(_RULES) >= CACHE_LIMIT:
            _RULES.clear()
        rules = _RULES[key] = _build(project)
    return rules


def _rules_by_id(session: Session, project_id: int, version: datetime) -> ProjectRules:
    rules = _RULES.get((project_id, version))
    if rules is not None:
        return rules
    project = session.get(AnnotationProject, project_id)
    if project is None:  # pragma: no cover - the member row points at it
        raise NotFoundError(f"annotation project {project_id} does not exist")
    return rules_of(project)


def _by_name(session: Session, name: str) -> AnnotationProject:
    project = session.scalar(select(AnnotationProject).where(AnnotationProject.name == name))
    if project is None:
        raise NotFoundError(f"annotation project {name!r} does not exist",
                            hint="list projects with `jingshu annotate list`")
    return project


SOURCE_COLUMNS = ("id", "name", "open_tier", "grade", "sensitivity", "organization_id")
"""The source dataset's columns the locking statement returns with ``source=True``: what
the rows policy reads (:func:`jingshu.annotate.access.rows_refusal`)."""


def _source_columns(project_id: Any) -> list[Any]:
    """Scalar subqueries: the current policy columns of the project's source dataset."""
    datasets, versions, projects = (cast(Table, m.__table__)
                                    for m in (Dataset, DatasetVersion, AnnotationProject))
    # nested, not joined: SQLite renders RETURNING's columns unqualified
    version = select(projects.c.source_version_id).where(projects.c.id == project_id)
    dataset = select(versions.c.dataset_id).where(versions.c.id == version.scalar_subquery())
    return [select(datasets.c[name]).where(datasets.c.id == dataset.scalar_subquery())
            .scalar_subquery() for name in SOURCE_COLUMNS]


def _token_column(now: Any) -> Any:
    """Whether the token ``t_hash`` is still valid and still held by the user as cached."""
    tokens, users = (cast(Table, m.__table__) for m in (ApiToken, User))
    return and_(
        exists().where(tokens.c.token_hash == bindparam("t_hash"), tokens.c.revoked.is_(False),
                       or_(tokens.c.expires_at.is_(None), tokens.c.expires_at >= now),
                       tokens.c.user_id == bindparam("t_user")),
        exists().where(users.c.id == bindparam("t_user"), users.c.username == bindparam("who"),
                       users.c.active.is_(True),
                       users.c.role == bindparam("t_role", type_=users.c.role.type),
                       users.c.organization_id.is_not_distinct_from(
                           bindparam("t_org", type_=users.c.organization_id.type))))


def _lock_statement(by_name: bool, held: bool, source: bool, token: bool = False) -> Any:
    """The locking ``UPDATE … RETURNING``, built once per shape with bound parameters
    (``project``: an id, or a name when ``by_name``; ``annotator``; ``now``).

    Core tables, not ORM entities: executing a prebuilt Core statement costs a cache
    lookup, where building the ORM statement anew cost most of the request's CPU.
    """
    members, leases, projects = (cast(Table, m.__table__)
                                 for m in (Member, Lease, AnnotationProject))
    project_id: Any = (select(projects.c.id).where(projects.c.name == bindparam("project"))
                       .scalar_subquery() if by_name else bindparam("project"))
    now = bindparam("now", type_=leases.c.expires_at.type)
    # RETURNING names the member's columns unqualified: the subqueries use project_id
    # (a value, or a subquery by name), never members.project_id.
    open_lease = (leases.c.project_id == project_id, leases.c.state == LeaseState.OPEN)
    columns: list[Any] = [
        members.c.id, members.c.state, members.c.reason, members.c.gold_seen,
        members.c.served, members.c.project_id,
        select(projects.c.state).where(projects.c.id == project_id).scalar_subquery(),
        select(projects.c.created_at).where(projects.c.id == project_id).scalar_subquery(),
        exists().where(*open_lease, leases.c.expires_at <= now)]
    if held:
        columns.append(select(leases.c.id).where(*open_lease,
                                                 leases.c.annotator == bindparam("who"),
                                                 leases.c.expires_at > now)
                       .order_by(leases.c.id).limit(1).scalar_subquery())
    if source:
        columns.extend(_source_columns(project_id))
    if token:
        columns.append(_token_column(now))
    return (update(members).where(members.c.project_id == project_id,
                                  members.c.annotator == bindparam("who"))
            .values(last_seen=now).returning(*columns))


_LOCK = {(by_name, held, source, token): _lock_statement(by_name, held, source, token)
         for by_name in (False, True) for held in (False, True) for source in (False, True)
         for token in (False, True)}


def start_work(session: Session, project: str | AnnotationProject | ProjectRules,
               annotator: str, now: datetime, *, held: bool = False,
               source: bool = False, token: TokenHolder | None = None) -> Work:
    """Lock ``annotator``'s member row in ``project`` (a name, a row or its rules).

    ``held``: also return the open lease the annotator holds; ``source``: also the
    source dataset's policy columns (:data:`SOURCE_COLUMNS`, as :attr:`Work.source`);
    ``token``: also whether that token still holds for ``annotator`` (:attr:`Work.token_ok`,
    ``None`` for a non-member: no row comes back to say it).

    Raises :class:`NotFoundError` when a project named so does not exist; a
    non-member gets a :class:`Work` whose ``member`` is ``None``.
    """
    by_name = isinstance(project, str)
    key = project if isinstance(project, str) else project.id
    params: dict[str, Any] = {"project": key, "who": annotator, "now": now}
    if token is not None:
        params.update(t_hash=token.token_hash, t_user=token.user_id, t_role=token.role,
                      t_org=token.organization_id)
    row = session.connection().execute(_LOCK[by_name, held, source, token is not None],
                                       params).first()
    if row is None:
        found = _by_name(session, project) if isinstance(project, str) else project
        state = found.state if isinstance(found, AnnotationProject) else ProjectState.ACTIVE
        return Work(rules_of(found), None, state, now)
    member_id, state, reason, gold_seen, served, project_id, p_state, version, stale = row[:9]
    rules = (project if isinstance(project, ProjectRules)
             else _rules_by_id(session, project_id, version))
    member = MemberView(member_id, annotator, MemberState(state), reason, gold_seen, served)
    rest = list(row[9:])
    held_lease = rest.pop(0) if held else None
    policy = tuple(rest[:len(SOURCE_COLUMNS)]) if source else None
    return Work(rules, member, ProjectState(p_state), now, held_lease=held_lease,
                expired_leases=bool(stale), source=policy,
                token_ok=bool(rest[-1]) if token is not None else None)


def member_of(work: Work, annotator: str) -> MemberView:
    """The member of the project, or a refusal saying to join it first."""
    if work.member is None:
        name = work.rules.name
        raise PermissionDenied(f"{annotator} is not a member of project {name!r}",
                               hint=f"join it first: POST /api/v1/projects/{name}/join")
    return work.member


def check_can_work(work: Work, annotator: str) -> MemberView:
    """The member, when they may fetch new items now; otherwise why not."""
    name = work.rules.name
    member = member_of(work, annotator)
    if work.project_state is not ProjectState.ACTIVE:
        raise ConflictError(f"project {name!r} is closed")
    if member.state in (MemberState.PAUSED, MemberState.FAILED):
        raise PermissionDenied(f"{member.annotator} is {member.state.value} in project "
                               f"{name!r}: {member.reason}",
                               hint="ask the project owner to review your answers")
    return member
