"""Lowering a dataset's protection needs a reason and a second person's approval."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from tests.factories import make_dataset, make_org, make_user

from jingshu.accounts.models import Role
from jingshu.audit import AuditEntry
from jingshu.catalog.regrade import (
    Decider,
    RegradeRequest,
    RegradeStatus,
    approve_regrade,
    decider_of,
    get_regrade_request,
    list_regrade_requests,
    reject_regrade,
)
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset, update_dataset
from jingshu.errors import ConflictError, InputError, PermissionDenied, RuleViolation
from jingshu.platform import Platform

OPEN = {"open_tier": OpenTier.UNCONDITIONAL, "grade": Grade.GENERAL,
        "sensitivity": Sensitivity.L1}
ADMIN = Decider("root", Role.ADMIN)


def _core_dataset(platform: Platform, name: str = "secret", org: str | None = None) -> None:
    make_dataset(platform, name=name, tier=OpenTier.NOT_OPEN, grade=Grade.CORE,
                 sensitivity=Sensitivity.L4, organization=org)


def _request(platform: Platform, name: str = "secret", actor: str = "alice") -> int:
    with platform.session() as s:
        change = update_dataset(s, get_dataset(s, name), actor=actor,
                                reason="已脱敏，经保密审查可公开", **OPEN)
        assert change.regrade is not None
        return change.regrade.id


def _protection(platform: Platform, name: str = "secret") -> tuple[str, str, str]:
    with platform.session() as s:
        d = get_dataset(s, name)
        return d.open_tier.value, d.grade.value, d.sensitivity.value


def _audit(platform: Platform, action: str) -> list[dict[str, object]]:
    with platform.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == action))
        return [{"actor": e.actor, **json.loads(e.detail)} for e in rows]


def test_lowering_opens_a_request_and_changes_nothing(platform: Platform) -> None:
    _core_dataset(platform)
    request_id = _request(platform)
    assert _protection(platform) == ("not_open", "core", "L4")
    with platform.session() as s:
        request = get_regrade_request(s, request_id)
        assert request.status is RegradeStatus.PENDING and request.requested_by == "alice"
        assert request.to_tier is OpenTier.UNCONDITIONAL and request.from_grade is Grade.CORE
    [entry] = _audit(platform, "regrade.request")
    assert entry["actor"] == "alice" and entry["reason"] == "已脱敏，经保密审查可公开"
    assert entry["request"] == request_id


def test_lowering_without_a_reason_is_refused(platform: Platform) -> None:
    _core_dataset(platform)
    with platform.session() as s, pytest.raises(InputError, match="needs a reason"):
        update_dataset(s, get_dataset(s, "secret"), actor="alice", reason="  ", **OPEN)


def test_raising_applies_at_once_without_a_request(platform: Platform) -> None:
    make_dataset(platform, name="open")
    with platform.session() as s:
        change = update_dataset(s, get_dataset(s, "open"), actor="alice",
                                open_tier=OpenTier.CONDITIONAL, sensitivity=Sensitivity.L3)
        assert change.regrade is None
    assert _protection(platform, "open") == ("conditional", "general", "L3")


def test_other_fields_apply_while_the_lowering_waits(platform: Platform) -> None:
    _core_dataset(platform)
    with platform.session() as s:
        change = update_dataset(s, get_dataset(s, "secret"), actor="alice", reason="复核完毕",
                                title="新标题", sensitivity=Sensitivity.L3)
        assert change.regrade is not None and change.dataset.title == "新标题"
    assert _protection(platform) == ("not_open", "core", "L4")


def test_the_requester_cannot_approve_even_as_admin(platform: Platform) -> None:
    _core_dataset(platform)
    request_id = _request(platform, actor="root")
    with platform.session() as s, pytest.raises(PermissionDenied, match="second person"):
        approve_regrade(s, get_regrade_request(s, request_id), ADMIN)
    assert _protection(platform) == ("not_open", "core", "L4")


@pytest.mark.parametrize("role", [Role.PUBLISHER, Role.CONSUMER, Role.ANNOTATOR])
def test_only_admins_and_data_officers_decide(platform: Platform, role: Role) -> None:
    _core_dataset(platform)
    request_id = _request(platform)
    with platform.session() as s, pytest.raises(PermissionDenied, match="data officers"):
        approve_regrade(s, get_regrade_request(s, request_id), Decider("bob", role))


def test_an_organizations_data_officer_decides_only_its_datasets(platform: Platform) -> None:
    mine, other = make_org(platform), make_org(platform)
    _core_dataset(platform, org=mine.name)
    officer = make_user(platform, Role.DATA_OFFICER, organization=other.name)
    request_id = _request(platform)
    with platform.session() as s, pytest.raises(PermissionDenied, match="own organization"):
        approve_regrade(s, get_regrade_request(s, request_id), decider_of(s, officer.username))
    own = make_user(platform, Role.DATA_OFFICER, organization=mine.name)
    with platform.session() as s:
        approve_regrade(s, get_regrade_request(s, request_id), decider_of(s, own.username),
                        note="同意")
    assert _protection(platform) == ("unconditional", "general", "L1")


def test_approval_applies_and_is_audited_with_the_reason(platform: Platform) -> None:
    _core_dataset(platform)
    request_id = _request(platform)
    officer = make_user(platform, Role.DATA_OFFICER)
    with platform.session() as s:
        done = approve_regrade(s, get_regrade_request(s, request_id),
                               decider_of(s, officer.username), note="同意开放")
        assert done.status is RegradeStatus.APPROVED and done.decided_by == officer.username
    assert _protection(platform) == ("unconditional", "general", "L1")
    [entry] = _audit(platform, "regrade.approve")
    assert entry["actor"] == officer.username and entry["requested_by"] == "alice"
    assert entry["reason"] == "已脱敏，经保密审查可公开" and entry["note"] == "同意开放"
    with platform.session() as s, pytest.raises(ConflictError, match="already approved"):
        reject_regrade(s, get_regrade_request(s, request_id), ADMIN, note="晚了")


def test_rejection_needs_a_note_and_keeps_the_grade(platform: Platform) -> None:
    _core_dataset(platform)
    request_id = _request(platform)
    with platform.session() as s, pytest.raises(InputError, match="needs a reason"):
        reject_regrade(s, get_regrade_request(s, request_id), ADMIN, note="")
    with platform.session() as s:
        reject_regrade(s, get_regrade_request(s, request_id), ADMIN, note="未完成脱敏")
    assert _protection(platform) == ("not_open", "core", "L4")
    [entry] = _audit(platform, "regrade.reject")
    assert entry["note"] == "未完成脱敏" and entry["reason"] == "已脱敏，经保密审查可公开"
    with platform.session() as s:
        assert list_regrade_requests(s, status=RegradeStatus.PENDING) == []


def test_one_pending_request_per_dataset(platform: Platform) -> None:
    _core_dataset(platform)
    _request(platform)
    with platform.session() as s, pytest.raises(ConflictError, match="already has a pending"):
        update_dataset(s, get_dataset(s, "secret"), actor="carol", reason="再次申请",
                       sensitivity=Sensitivity.L3)


def test_approval_is_refused_when_the_dataset_changed_since(platform: Platform) -> None:
    make_dataset(platform, name="mid", tier=OpenTier.CONDITIONAL, sensitivity=Sensitivity.L3)
    request_id = _request(platform, "mid")
    with platform.session() as s:  # raised meanwhile: applies at once
        update_dataset(s, get_dataset(s, "mid"), actor="carol", open_tier=OpenTier.NOT_OPEN)
    with platform.session() as s, pytest.raises(ConflictError, match="is now"):
        approve_regrade(s, get_regrade_request(s, request_id), ADMIN)
    assert _protection(platform, "mid") == ("not_open", "general", "L3")


def test_approval_checks_the_tier_grade_rule_again(platform: Platform) -> None:
    _core_dataset(platform)
    request_id = _request(platform)
    with platform.session() as s:  # a target the rule forbids (written behind the API's back)
        s.get_one(RegradeRequest, request_id).to_grade = Grade.IMPORTANT
    with platform.session() as s, pytest.raises(RuleViolation, match="not allowed"):
        approve_regrade(s, get_regrade_request(s, request_id), ADMIN)
    assert _protection(platform) == ("not_open", "core", "L4")


def test_a_request_must_not_break_the_rule(platform: Platform) -> None:
    _core_dataset(platform)
    with platform.session() as s, pytest.raises(RuleViolation):
        update_dataset(s, get_dataset(s, "secret"), actor="alice", reason="x",
                       open_tier=OpenTier.UNCONDITIONAL, grade=Grade.IMPORTANT)


def test_the_python_facade_requests_and_approves(platform: Platform) -> None:
    _core_dataset(platform)
    officer = make_user(platform, Role.DATA_OFFICER)
    admin = make_user(platform, Role.ADMIN)
    request_id = platform.request_regrade("secret", reason="脱敏完成", requester=admin.username,
                                          open_tier="unconditional", grade="general",
                                          sensitivity="L1")
    with pytest.raises(PermissionDenied, match="second person"):
        platform.approve_regrade(request_id, approver=admin.username)
    platform.approve_regrade(request_id, approver=officer.username, note="同意")
    assert _protection(platform) == ("unconditional", "general", "L1")
    with pytest.raises(InputError, match="raises or keeps"):
        platform.request_regrade("secret", reason="x", grade="core", sensitivity="L4",
                                 open_tier="not_open")
