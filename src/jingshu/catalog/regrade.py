"""Re-grading a dataset to less protection: a request, then a second person's decision.

Raising a dataset's protection (a more closed open tier, a higher grade or sensitivity
level) applies at once. Lowering it on any of the three scales — declassification,
e.g. core/L4/not open → general/L1/unconditional — never applies in one call: it opens
a :class:`RegradeRequest` with the reason, and the change applies only when a second
person approves it:

* an administrator, or
* a data officer (``Role.DATA_OFFICER``): one without an organization decides for every
  dataset (the platform's data officer), one with an organization only for that
  organization's datasets;

and never the requester. Approval checks again that the dataset's protection is still
what the request started from and that the target passes the tier/grade rule
(:func:`jingshu.catalog.rules.check_tier`). Requesting, approving and rejecting are each
written to the audit log with the reason.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user
from jingshu.audit import record
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import Grade, OpenTier, Protection, Sensitivity, check_tier
from jingshu.db.base import Base, enum_type, utcnow
from jingshu.db.lookup import get_existing
from jingshu.errors import ConflictError, InputError, PermissionDenied

__all__ = [
    "PROTECTION_FIELDS",
    "Decider",
    "RegradeRequest",
    "RegradeStatus",
    "approve_regrade",
    "decider_of",
    "decision_refusal",
    "get_regrade_request",
    "list_regrade_requests",
    "lowers",
    "pending_request",
    "protection_of_dataset",
    "reject_regrade",
    "request_regrade",
]

PROTECTION_FIELDS = ("open_tier", "grade", "sensitivity")
MAX_REASON = 2000


class RegradeStatus(enum.StrEnum):
    PENDING = "pending"  # 待审批
    APPROVED = "approved"  # 已批准
    REJECTED = "rejected"  # 已驳回


class RegradeRequest(Base):
    """A pending or decided request to lower a dataset's protection."""

    __tablename__ = "regrade_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"),
                                            index=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    from_tier: Mapped[OpenTier] = mapped_column(enum_type(OpenTier))
    from_grade: Mapped[Grade] = mapped_column(enum_type(Grade))
    from_sensitivity: Mapped[Sensitivity] = mapped_column(enum_type(Sensitivity))
    to_tier: Mapped[OpenTier] = mapped_column(enum_type(OpenTier))
    to_grade: Mapped[Grade] = mapped_column(enum_type(Grade))
    to_sensitivity: Mapped[Sensitivity] = mapped_column(enum_type(Sensitivity))
    status: Mapped[RegradeStatus] = mapped_column(enum_type(RegradeStatus),
                                                  default=RegradeStatus.PENDING)
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    dataset: Mapped[Dataset] = relationship(lazy="joined")

    @property
    def source(self) -> Protection:
        return Protection(self.from_tier, self.from_grade, self.from_sensitivity,
                          self.dataset.name)

    @property
    def target(self) -> Protection:
        return Protection(self.to_tier, self.to_grade, self.to_sensitivity, self.dataset.name)


@dataclass(frozen=True)
class Decider:
    """Who decides a request: a user's name, role and organization.

    The CLI operator (shell access to the server) decides as an administrator.
    """

    username: str
    role: Role | None
    organization_id: int | None = None


def decider_of(session: Session, username: str) -> Decider:
    """The account ``username`` as a decider (its role and organization decide its rights)."""
    user = get_user(session, username)
    if not user.active:
        raise PermissionDenied(f"user {username!r} is deactivated",
                               hint="decide as an active administrator or data officer")
    return Decider(user.username, user.role, user.organization_id)


def protection_of_dataset(dataset: Dataset) -> Protection:
    return Protection(dataset.open_tier, dataset.grade, dataset.sensitivity, dataset.name)


def lowers(current: Protection, target: Protection) -> bool:
    """Whether ``target`` is less protected than ``current`` on any of the three scales."""
    return not target.covers(current)


def pending_request(session: Session, dataset: Dataset) -> RegradeRequest | None:
    """The dataset's regrade request awaiting a decision, if any (at most one)."""
    return session.scalar(select(RegradeRequest).where(
        RegradeRequest.dataset_id == dataset.id,
        RegradeRequest.status == RegradeStatus.PENDING))


def _check_reason(reason: str | None, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InputError(f"{what} needs a reason",
                         hint="say why, e.g. 数据已脱敏并经保密审查 (reason / --reason)")
    if len(text) > MAX_REASON:
        raise InputError(f"the reason is {len(text)} characters, more than {MAX_REASON}",
                         hint="shorten it; attach long documents as a dataset resource")
    return text


def _detail(request: RegradeRequest) -> dict[str, object]:
    return {"request": request.id, "from": request.source.describe(),
            "to": request.target.describe(), "reason": request.reason}


def request_regrade(session: Session, dataset: Dataset, target: Protection, *,
                    reason: str | None, actor: str) -> RegradeRequest:
    """Open a request to lower ``dataset`` to ``target``; nothing changes until approved.

    Raises:
        InputError: no reason, or ``target`` does not lower the protection.
        RuleViolation: ``target`` breaks the tier/grade rule.
        ConflictError: a request for this dataset is already pending.
    """
    current = protection_of_dataset(dataset)
    if not lowers(current, target):
        raise InputError(
            f"{target.describe()} does not lower the protection of dataset {dataset.name!r} "
            f"({current.describe()})",
            hint="raising protection needs no approval: change the dataset directly")
    check_tier(target.open_tier, target.grade, target.sensitivity)
    text = _check_reason(reason, f"lowering the protection of dataset {dataset.name!r}")
    pending = pending_request(session, dataset)
    if pending is not None:
        raise ConflictError(
            f"dataset {dataset.name!r} already has a pending regrade request ({pending.id}, "
            f"to {pending.target.describe()})",
            hint="wait for its decision, or ask an approver to reject it first")
    request = RegradeRequest(
        dataset=dataset, requested_by=actor, reason=text,
        from_tier=current.open_tier, from_grade=current.grade,
        from_sensitivity=current.sensitivity, to_tier=target.open_tier,
        to_grade=target.grade, to_sensitivity=target.sensitivity)
    session.add(request)
    session.flush()
    record(session, actor, "regrade.request", f"dataset:{dataset.name}", _detail(request))
    return request


def decision_refusal(decider: Decider, request: RegradeRequest) -> str | None:
    """Why ``decider`` may not decide ``request``, or None when they may."""
    if decider.role not in (Role.ADMIN, Role.DATA_OFFICER):
        return "only administrators and data officers decide regrade requests"
    if (decider.role is Role.DATA_OFFICER and decider.organization_id is not None
            and decider.organization_id != request.dataset.organization_id):
        return (f"a data officer decides only their own organization's datasets, and "
                f"{request.dataset.name!r} belongs to another")
    if decider.username == request.requested_by:
        return (f"{decider.username!r} made regrade request {request.id}: a second person "
                "must decide it")
    return None


def _decide(request: RegradeRequest, decider: Decider) -> None:
    refusal = decision_refusal(decider, request)
    if refusal is not None:
        raise PermissionDenied(refusal, hint="ask an administrator or a data officer")
    if request.status is not RegradeStatus.PENDING:
        raise ConflictError(
            f"regrade request {request.id} was already {request.status.value} by "
            f"{request.decided_by}", hint="open a new request to change the grade again")
    request.decided_by = decider.username
    request.decided_at = utcnow()


def approve_regrade(session: Session, request: RegradeRequest, decider: Decider, *,
                    note: str = "") -> RegradeRequest:
    """Apply the request's target protection to its dataset.

    Raises:
        PermissionDenied: ``decider`` may not decide it (see :func:`decision_refusal`).
        ConflictError: decided already, or the dataset's protection changed since.
        RuleViolation: the target breaks the tier/grade rule (checked again here).
    """
    _decide(request, decider)
    dataset = request.dataset
    now = protection_of_dataset(dataset)
    if now != request.source:
        raise ConflictError(
            f"dataset {dataset.name!r} is now {now.describe()}, not "
            f"{request.source.describe()} as when regrade request {request.id} was made",
            hint="reject this request; the requester opens a new one from the current grade")
    target = request.target
    check_tier(target.open_tier, target.grade, target.sensitivity)
    dataset.open_tier, dataset.grade = target.open_tier, target.grade
    dataset.sensitivity = target.sensitivity
    request.status, request.decision_note = RegradeStatus.APPROVED, note.strip()
    session.flush()
    record(session, decider.username, "regrade.approve", f"dataset:{dataset.name}",
           {**_detail(request), "requested_by": request.requested_by, "note": note.strip()})
    return request


def reject_regrade(session: Session, request: RegradeRequest, decider: Decider, *,
                   note: str) -> RegradeRequest:
    """Close the request without changing the dataset; ``note`` says why."""
    text = _check_reason(note, f"rejecting regrade request {request.id}")
    _decide(request, decider)
    request.status, request.decision_note = RegradeStatus.REJECTED, text
    session.flush()
    record(session, decider.username, "regrade.reject", f"dataset:{request.dataset.name}",
           {**_detail(request), "requested_by": request.requested_by, "note": text})
    return request


def get_regrade_request(session: Session, request_id: int) -> RegradeRequest:
    return get_existing(session, RegradeRequest, request_id, f"regrade request {request_id}",
                        hint="list them with `jingshu dataset regrade-requests list`")


def list_regrade_requests(session: Session, *, status: RegradeStatus | None = None,
                          organization_id: int | None = None) -> list[RegradeRequest]:
    """Requests newest first; only one organization's datasets when it is given."""
    query = select(RegradeRequest).order_by(RegradeRequest.id.desc())
    if status is not None:
        query = query.where(RegradeRequest.status == status)
    if organization_id is not None:
        query = query.join(Dataset).where(Dataset.organization_id == organization_id)
    return list(session.scalars(query))
