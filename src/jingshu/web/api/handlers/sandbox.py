"""/sandbox/{name}: declared domains, DP queries, the caller's budget and query history.

Every handler reads: load-or-404 → ``authorize(who, SandboxPolicy.action(obj))`` → use
case → ``session.commit()`` → response schema. Raw rows never leave: the only
answers are differentially private aggregates.
"""

from __future__ import annotations

from fastapi import APIRouter

from jingshu.accounts.service import get_user
from jingshu.catalog.service import get_dataset
from jingshu.sandbox import (
    QuerySpec,
    SandboxDeclaration,
    budget_of,
    declare,
    find_sandbox_grant,
    get_declaration,
    list_queries,
    run_query,
)
from jingshu.web.api.schemas.sandbox import BudgetOut, QueryRecordOut, ReleaseOut
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.sandbox import SandboxPolicy

__all__ = ["router"]

router = APIRouter(prefix="/sandbox/{name}", tags=["sandbox"])


@router.get("/declaration")
def read_declaration(name: str, who: Who, session: DbSession) -> SandboxDeclaration:
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.read(dataset))
    return get_declaration(session, dataset)


@router.put("/declaration")
def write_declaration(name: str, body: SandboxDeclaration, who: Who,
                      session: DbSession) -> SandboxDeclaration:
    """Declare the queryable columns, their domains and the budget per consumer."""
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.declare(dataset))
    declare(session, dataset, body, actor=who.username)
    session.commit()
    return get_declaration(session, dataset)


@router.post("/queries", status_code=201)
def query(name: str, body: QuerySpec, who: Who, session: DbSession,
          platform: PlatformDep) -> ReleaseOut:
    """Run one aggregate; the answer is differentially private and spends ``epsilon``."""
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.query(dataset, find_sandbox_grant(session, dataset,
                                                                   who.user_id)))
    outcome = run_query(session, platform.store, dataset, get_user(session, who.username),
                        body, actor=who.username)
    return ReleaseOut.of(outcome)


@router.get("/queries")
def my_queries(name: str, who: Who, session: DbSession) -> list[QueryRecordOut]:
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.own_ledger(dataset))
    return [QueryRecordOut.of(q) for q in
            list_queries(session, dataset, get_user(session, who.username))]


@router.get("/budget")
def my_budget(name: str, who: Who, session: DbSession) -> BudgetOut:
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.own_ledger(dataset))
    return BudgetOut.of(budget_of(session, dataset, get_user(session, who.username)))
