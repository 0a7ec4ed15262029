"""Sandbox use cases: declare domains, run a DP query under a grant, read the ledger.

:func:`run_query` is the one path to a result. It checks the query, then *reserves*
the budget in its own committed transaction: on PostgreSQL the ledger row is taken
with ``SELECT … FOR UPDATE`` and the spend is one conditional ``UPDATE`` (spent +
epsilon ≤ total); on SQLite that ``UPDATE`` opens the database's single write
transaction. Concurrent queries therefore cannot overrun the ledger. Only then is
the version streamed and the result released; if computing fails, or a filter or
group turns out too small, the reservation is given back by the same conditional
update, so nothing spends budget that did not release a result. Every step is
audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError as DbIntegrityError
from sqlalchemy.orm import Session

from jingshu.accounts.models import User
from jingshu.audit import record
from jingshu.catalog.models import Dataset
from jingshu.catalog.service import get_version, open_version
from jingshu.circulation.models import Grant
from jingshu.db.base import utcnow
from jingshu.errors import NotFoundError, RuleViolation
from jingshu.sandbox.models import BudgetLedger, QueryRecord, QueryStatus, SandboxConfig
from jingshu.sandbox.queries import Plan, check_min_count, compute, plan_query
from jingshu.sandbox.spec import QuerySpec, SandboxDeclaration
from jingshu.store import DatasetStore

if TYPE_CHECKING:  # OpenDP loads only when a query runs
    from jingshu.sandbox.dp import Release

__all__ = [
    "Budget",
    "QueryOutcome",
    "active_sandbox_grant",
    "budget_of",
    "declare",
    "find_sandbox_grant",
    "get_declaration",
    "list_queries",
    "run_query",
]

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Budget:
    dataset: str
    epsilon_total: float
    epsilon_spent: float
    queries: int

    @property
    def epsilon_left(self) -> float:
        return max(self.epsilon_total - self.epsilon_spent, 0.0)


@dataclass(frozen=True)
class QueryOutcome:
    query_id: int
    release: Release
    budget: Budget


def declare(session: Session, dataset: Dataset, declaration: SandboxDeclaration, *,
            actor: str) -> SandboxConfig:
    """Set (or replace) ``dataset``'s declared domains and budget; existing ledgers keep
    what they spent and take the new total."""
    config = session.scalar(select(SandboxConfig).where(SandboxConfig.dataset_id == dataset.id))
    columns = {k: v.model_dump() for k, v in declaration.columns.items()}
    if config is None:
        config = SandboxConfig(dataset_id=dataset.id)
        session.add(config)
    config.columns, config.epsilon_total = columns, declaration.epsilon_total
    config.max_epsilon_per_query = declaration.max_epsilon_per_query
    config.min_count, config.created_by = declaration.min_count, actor
    session.execute(update(BudgetLedger).where(BudgetLedger.dataset_id == dataset.id)
                    .values(epsilon_total=declaration.epsilon_total))
    session.flush()
    record(session, actor, "sandbox.declare", f"dataset:{dataset.name}",
           {"columns": columns, "epsilon_total": declaration.epsilon_total,
            "max_epsilon_per_query": declaration.max_epsilon_per_query,
            "min_count": declaration.min_count})
    return config


def get_declaration(session: Session, dataset: Dataset) -> SandboxDeclaration:
    config = session.scalar(select(SandboxConfig).where(SandboxConfig.dataset_id == dataset.id))
    if config is None:
        raise NotFoundError(f"dataset {dataset.name!r} has no sandbox declaration",
                            hint="its publisher declares one: jingshu sandbox declare")
    return SandboxDeclaration.model_validate(
        {"columns": config.columns, "epsilon_total": config.epsilon_total,
         "max_epsilon_per_query": config.max_epsilon_per_query, "min_count": config.min_count})


def find_sandbox_grant(session: Session, dataset: Dataset, user_id: int | None) -> Grant | None:
    """The user's unrevoked, unexpired grant on ``dataset``, if any (quota is not used:
    it counts downloads, and the sandbox downloads nothing)."""
    if user_id is None:
        return None
    return session.scalar(
        select(Grant).where(Grant.dataset_id == dataset.id, Grant.user_id == user_id,
                            Grant.revoked.is_(False), Grant.expires_at > utcnow())
        .order_by(Grant.expires_at.desc()).limit(1))


def active_sandbox_grant(session: Session, dataset: Dataset, user_id: int | None) -> Grant:
    """:func:`find_sandbox_grant`, refusing with the reason when there is none."""
    grant = find_sandbox_grant(session, dataset, user_id)
    if grant is None:
        raise RuleViolation(f"you hold no active grant on {dataset.name!r}",
                            hint="apply for access; expired or revoked grants do not count")
    return grant


def _ledger(session: Session, dataset: Dataset, user_id: int, total: float) -> BudgetLedger:
    query = select(BudgetLedger).where(BudgetLedger.dataset_id == dataset.id,
                                       BudgetLedger.user_id == user_id)
    ledger = session.scalar(query)
    if ledger is not None:
        return ledger
    try:  # its own short transaction: two first queries may race to create it
        session.add(BudgetLedger(dataset_id=dataset.id, user_id=user_id, epsilon_total=total,
                                 epsilon_spent=0.0, queries=0))
        session.commit()
    except DbIntegrityError:
        session.rollback()
    found = session.scalar(query)
    assert found is not None
    return found


def budget_of(session: Session, dataset: Dataset, user: User) -> Budget:
    config = get_declaration(session, dataset)
    ledger = session.scalar(  # read the row afresh: a refund updates it in SQL
        select(BudgetLedger).where(BudgetLedger.dataset_id == dataset.id,
                                   BudgetLedger.user_id == user.id)
        .execution_options(populate_existing=True))
    if ledger is None:
        return Budget(dataset.name, config.epsilon_total, 0.0, 0)
    return Budget(dataset.name, ledger.epsilon_total, ledger.epsilon_spent, ledger.queries)


def _reserve(session: Session, ledger_id: int, dataset: Dataset, eps: float, total: float
             ) -> BudgetLedger:
    locked = select(BudgetLedger).where(BudgetLedger.id == ledger_id)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(locked.with_for_update())
    done = session.execute(
        update(BudgetLedger).where(BudgetLedger.id == ledger_id,
                                   BudgetLedger.epsilon_spent + eps <= total + _TOLERANCE)
        .values(epsilon_spent=BudgetLedger.epsilon_spent + eps,
                queries=BudgetLedger.queries + 1, epsilon_total=total)
        .execution_options(synchronize_session=False))
    ledger = session.execute(locked.execution_options(populate_existing=True)).scalar_one()
    if done.rowcount != 1:  # type: ignore[attr-defined]
        spent, name = ledger.epsilon_spent, dataset.name
        session.rollback()
        raise RuleViolation(
            f"epsilon={eps} is over your budget on {name!r}: {spent:g} of {total:g} spent",
            hint=f"ask for at most {max(total - spent, 0):g}; spent budget is never given back")
    return ledger


def _give_back(session: Session, record_id: int, ledger_id: int, eps: float, why: str,
               actor: str, dataset: str) -> None:
    session.rollback()
    session.execute(update(BudgetLedger).where(BudgetLedger.id == ledger_id)
                    .values(epsilon_spent=BudgetLedger.epsilon_spent - eps,
                            queries=BudgetLedger.queries - 1)
                    .execution_options(synchronize_session=False))
    row = session.get(QueryRecord, record_id)
    assert row is not None
    row.status, row.error, row.finished_at = QueryStatus.FAILED, why, utcnow()
    record(session, actor, "sandbox.refund", f"dataset:{dataset}",
           {"query": record_id, "epsilon": eps, "reason": why})
    session.commit()


def run_query(session: Session, store: DatasetStore, dataset: Dataset, user: User,
              spec: QuerySpec, *, actor: str) -> QueryOutcome:
    """Check, reserve budget, compute over the newest version, release (commits itself)."""
    from jingshu.sandbox.dp import release

    grant = active_sandbox_grant(session, dataset, user.id)
    declaration = get_declaration(session, dataset)
    plan: Plan = plan_query(spec, declaration, dataset.name, grant.fields)
    version = get_version(session, dataset.name)
    ledger = _ledger(session, dataset, user.id, declaration.epsilon_total)
    ledger = _reserve(session, ledger.id, dataset, spec.epsilon, declaration.epsilon_total)
    row = QueryRecord(ledger_id=ledger.id, grant_id=grant.id, version_id=version.id,
                      spec=spec.model_dump(), epsilon=spec.epsilon,
                      status=QueryStatus.RESERVED)
    session.add(row)
    session.flush()
    record(session, actor, "sandbox.reserve", f"dataset:{dataset.name}",
           {"query": row.id, "grant": grant.id, "epsilon": spec.epsilon,
            "spent": ledger.epsilon_spent, "total": ledger.epsilon_total})
    session.commit()
    row_id, ledger_id, name = row.id, ledger.id, dataset.name
    try:
        exact = compute(plan, open_version(store, version))
        check_min_count(plan, exact)
        answer = release(plan, exact)
    except Exception as exc:
        _give_back(session, row_id, ledger_id, spec.epsilon, str(exc), actor, name)
        raise
    row.status, row.result, row.finished_at = QueryStatus.RELEASED, answer.as_dict(), utcnow()
    record(session, actor, "sandbox.release", f"dataset:{name}",
           {"query": row_id, "grant": grant.id, "aggregate": spec.aggregate,
            "epsilon": spec.epsilon, "version": version.number})
    session.commit()
    return QueryOutcome(row_id, answer, budget_of(session, dataset, user))


def list_queries(session: Session, dataset: Dataset, user: User) -> list[QueryRecord]:
    """The user's queries on ``dataset``, newest first."""
    return list(session.scalars(
        select(QueryRecord).join(BudgetLedger, BudgetLedger.id == QueryRecord.ledger_id)
        .where(BudgetLedger.dataset_id == dataset.id, BudgetLedger.user_id == user.id)
        .order_by(QueryRecord.id.desc())))
