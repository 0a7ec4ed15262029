"""Portal pages of the DP sandbox, for the publisher and for a consumer with a grant.

==========================================  ==========================================
``GET|POST /datasets/{name}/sandbox/        publisher: view and edit the declaration
declaration``                               (errors shown next to their field)
``GET /datasets/{name}/sandbox``            signed in: budget, history; with a grant,
                                            the query builder
``POST /datasets/{name}/sandbox``           grant holder: run one query, see the
                                            released result or the refusal's reason
==========================================  ==========================================

Pages call the same use cases (:mod:`jingshu.sandbox`) and policies
(:class:`~jingshu.web.policies.sandbox.SandboxPolicy`) as the HTTP API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from jingshu.accounts.service import get_user
from jingshu.catalog.models import Dataset
from jingshu.catalog.service import get_dataset
from jingshu.errors import InputError, NotFoundError, RuleViolation
from jingshu.sandbox import (
    SandboxDeclaration,
    budget_of,
    declare,
    find_sandbox_grant,
    get_declaration,
    list_queries,
    run_query,
)
from jingshu.sandbox.spec import CategoricalDomain
from jingshu.web.deps import DbSession, PlatformDep, Principal, Viewer, Who
from jingshu.web.pages.i18n import language_of
from jingshu.web.pages.render import render
from jingshu.web.pages.sandbox.forms import DeclarationForm, QueryForm, check_declaration
from jingshu.web.pages.sandbox.views import BudgetView, HistoryRow, ResultView
from jingshu.web.policies import authorize
from jingshu.web.policies.sandbox import SandboxPolicy

__all__ = ["SandboxLinks", "router", "sandbox_links"]

router = APIRouter(include_in_schema=False)
AGGREGATES = ("count", "sum", "mean", "quantiles", "histogram")


async def _fields(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


Fields = Annotated[dict[str, str], Depends(_fields)]


def _declared(session: Session, dataset: Dataset) -> SandboxDeclaration | None:
    try:
        return get_declaration(session, dataset)
    except NotFoundError:
        return None


@dataclass(frozen=True)
class SandboxLinks:
    """Which sandbox links the dataset page shows the viewer."""

    declare: bool
    query: bool


def sandbox_links(session: Session, dataset: Dataset, who: Principal) -> SandboxLinks:
    owner = SandboxPolicy.declare(dataset)(who) is None
    declared = _declared(session, dataset) is not None
    return SandboxLinks(owner, declared and SandboxPolicy.read(dataset)(who) is None)


@router.get("/datasets/{name}/sandbox/declaration", response_class=HTMLResponse)
def declaration_page(request: Request, name: str, session: DbSession, who: Viewer,
                     saved: int = 0) -> HTMLResponse:
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.declare(dataset))
    form = DeclarationForm.of(_declared(session, dataset))
    return render(request, "sandbox/declaration.html", who=who, dataset=dataset, form=form,
                  errors={}, saved=bool(saved))


@router.post("/datasets/{name}/sandbox/declaration", response_class=HTMLResponse,
             response_model=None)
def declaration_save(request: Request, name: str, session: DbSession, who: Who,
                     fields: Fields) -> HTMLResponse | RedirectResponse:
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.declare(dataset))
    form = DeclarationForm.parse(fields)
    checked = check_declaration(form, language_of(request))
    if checked.declaration is None:
        return render(request, "sandbox/declaration.html", who=who, dataset=dataset,
                      form=form.with_blank_rows(), errors=checked.errors, saved=False,
                      status=400)
    declare(session, dataset, checked.declaration, actor=who.username)
    session.commit()
    return RedirectResponse(f"/datasets/{name}/sandbox/declaration?saved=1", status_code=303)


def _query_page(request: Request, session: Session, dataset: Dataset, who: Principal, *,
                form: QueryForm, result: ResultView | None = None,
                refusal: InputError | RuleViolation | None = None,
                status: int = 200) -> HTMLResponse:
    declared = _declared(session, dataset)
    user = get_user(session, who.username)
    budget = BudgetView.of(budget_of(session, dataset, user)) if declared else None
    columns = declared.columns if declared else {}
    return render(
        request, "sandbox/query.html", who=who, dataset=dataset, declared=declared,
        budget=budget, may_query=find_sandbox_grant(session, dataset, who.user_id) is not None,
        history=[HistoryRow.of(q) for q in list_queries(session, dataset, user)],
        form=form, result=result, refusal=refusal, aggregates=AGGREGATES,
        columns=[(n, d.kind) for n, d in columns.items()],
        groups=[n for n, d in columns.items() if isinstance(d, CategoricalDomain)],
        status=status)


@router.get("/datasets/{name}/sandbox", response_class=HTMLResponse)
def query_page(request: Request, name: str, session: DbSession, who: Viewer) -> HTMLResponse:
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.read(dataset))
    return _query_page(request, session, dataset, who, form=QueryForm())


@router.post("/datasets/{name}/sandbox", response_class=HTMLResponse)
def query_run(request: Request, name: str, session: DbSession, who: Who, fields: Fields,
              platform: PlatformDep) -> HTMLResponse:
    dataset = get_dataset(session, name)
    authorize(who, SandboxPolicy.query(dataset, find_sandbox_grant(session, dataset,
                                                                   who.user_id)))
    form = QueryForm.parse(fields)
    try:
        outcome = run_query(session, platform.store, dataset, get_user(session, who.username),
                            form.spec(), actor=who.username)
    except (InputError, RuleViolation) as refused:
        session.rollback()
        return _query_page(request, session, dataset, who, form=form, refusal=refused,
                           status=422 if isinstance(refused, RuleViolation) else 400)
    return _query_page(request, session, dataset, who, form=form,
                       result=ResultView.of(outcome.release.as_dict()))
