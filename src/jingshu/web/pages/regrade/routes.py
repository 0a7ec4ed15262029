"""Portal page of re-grading (lowering a dataset's protection): the approval queue.

=====================================  =================================================
``GET /regrade-requests``              admin, data officers, publishers: the requests
                                       they may see (see ``RegradePolicy``)
``POST /regrade-requests/{id}``        admin, data officers other than the requester:
                                       approve or reject, with a note
=====================================  =================================================
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from jingshu.catalog.regrade import (
    approve_regrade,
    decision_refusal,
    get_regrade_request,
    list_regrade_requests,
    reject_regrade,
)
from jingshu.errors import InputError
from jingshu.web.deps import DbSession, Viewer, Who
from jingshu.web.pages.render import render
from jingshu.web.policies import authorize
from jingshu.web.policies.regrade import RegradePolicy, decider, visible_organization

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/regrade-requests", response_class=HTMLResponse)
def queue(request: Request, session: DbSession, who: Viewer) -> HTMLResponse:
    authorize(who, RegradePolicy.list())
    found = list_regrade_requests(session, organization_id=visible_organization(who))
    may_decide = {r.id for r in found if decision_refusal(decider(who), r) is None}
    return render(request, "regrade.html", who=who, requests=found, may_decide=may_decide)


@router.post("/regrade-requests/{request_id}")
def decide(request_id: int, session: DbSession, who: Who, action: Annotated[str, Form()],
           note: Annotated[str, Form()] = "") -> RedirectResponse:
    regrade = get_regrade_request(session, request_id)
    authorize(who, RegradePolicy.decide(regrade))
    if action == "approve":
        approve_regrade(session, regrade, decider(who), note=note)
    elif action == "reject":
        reject_regrade(session, regrade, decider(who), note=note)
    else:
        raise InputError(f"action {action!r} is not known", hint="approve or reject")
    session.commit()
    return RedirectResponse("/regrade-requests", status_code=303)
