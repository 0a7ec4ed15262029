"""/regrade-requests: lowering a dataset's protection, approved by a second person."""

from __future__ import annotations

from fastapi import APIRouter

from jingshu.catalog.regrade import (
    RegradeStatus,
    approve_regrade,
    get_regrade_request,
    list_regrade_requests,
    reject_regrade,
)
from jingshu.catalog.service import get_dataset, update_dataset
from jingshu.errors import InputError
from jingshu.web.api.schemas.regrade import DecisionIn, RegradeIn, RegradeRequestOut
from jingshu.web.deps import DbSession, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.regrade import RegradePolicy, decider, visible_organization

__all__ = ["router"]

router = APIRouter(prefix="/regrade-requests", tags=["regrade"])


@router.post("", status_code=202)
def create(body: RegradeIn, who: Who, session: DbSession) -> RegradeRequestOut:
    """Ask to lower a dataset's protection; it applies when a second person approves."""
    dataset = get_dataset(session, body.dataset)
    authorize(who, RegradePolicy.request(dataset))
    changes = body.model_dump(include={"open_tier", "grade", "sensitivity"}, exclude_none=True)
    if not changes:
        raise InputError("say what to lower: open_tier, grade and/or sensitivity",
                         hint='e.g. {"dataset": "d", "sensitivity": "L2", "reason": "…"}')
    change = update_dataset(session, dataset, actor=who.username, reason=body.reason, **changes)
    if change.regrade is None:
        raise InputError(f"the change raises or keeps the protection of {dataset.name!r}",
                         hint=f"raising needs no approval: PATCH /api/v1/datasets/{dataset.name}")
    session.commit()
    return RegradeRequestOut.of(change.regrade)


@router.get("")
def list_all(who: Who, session: DbSession,
             status: RegradeStatus | None = None) -> list[RegradeRequestOut]:
    """Requests newest first (``status=pending`` for the approval queue)."""
    authorize(who, RegradePolicy.list())
    found = list_regrade_requests(session, status=status,
                                  organization_id=visible_organization(who))
    return [RegradeRequestOut.of(r) for r in found]


@router.get("/{request_id}")
def read(request_id: int, who: Who, session: DbSession) -> RegradeRequestOut:
    """One request with its reason, from/to protection and decision."""
    request = get_regrade_request(session, request_id)
    authorize(who, RegradePolicy.read(request))
    return RegradeRequestOut.of(request)


@router.post("/{request_id}/approve")
def approve(request_id: int, body: DecisionIn, who: Who,
            session: DbSession) -> RegradeRequestOut:
    """Apply the lower protection (the tier/grade rule is checked again)."""
    request = get_regrade_request(session, request_id)
    authorize(who, RegradePolicy.decide(request))
    approve_regrade(session, request, decider(who), note=body.note)
    session.commit()
    return RegradeRequestOut.of(request)


@router.post("/{request_id}/reject")
def reject(request_id: int, body: DecisionIn, who: Who, session: DbSession) -> RegradeRequestOut:
    """Close the request; the dataset keeps its protection. ``note`` says why."""
    request = get_regrade_request(session, request_id)
    authorize(who, RegradePolicy.decide(request))
    reject_regrade(session, request, decider(who), note=body.note)
    session.commit()
    return RegradeRequestOut.of(request)
