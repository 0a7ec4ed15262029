"""Self-registration: inactive until an admin of the organization decides."""

from __future__ import annotations

import pytest
from tests.factories import PASSWORD, make_org, make_user

from jingshu.accounts.models import RegistrationStatus, Role
from jingshu.accounts.registration import (
    approve_registration,
    list_registrations,
    may_decide,
    register,
    reject_registration,
    set_org_admin,
    undecided_login,
)
from jingshu.accounts.service import authenticate, get_organization, get_user
from jingshu.errors import AuthError, ConflictError, InputError, NotFoundError
from jingshu.platform import Platform


def test_registered_user_logs_in_only_after_approval(platform: Platform) -> None:
    make_org(platform, "city-lab")
    boss = make_user(platform, Role.PUBLISHER, name="boss", organization="city-lab")
    other = make_user(platform, Role.PUBLISHER, name="other")
    with platform.session() as s:
        reg = register(s, "newbie", PASSWORD, "city-lab", display_name="新人", note="课题组")
        s.commit()
        with pytest.raises(AuthError):
            authenticate(s, "newbie", PASSWORD)
        assert undecided_login(s, "newbie", PASSWORD) is reg
        assert undecided_login(s, "newbie", "wrong-password-1") is None, "tells nothing"
        org = get_organization(s, "city-lab")
        assert [r.user.username for r in list_registrations(s, organization_id=org.id)] == \
            ["newbie"]
        boss_user, other_user = get_user(s, boss.username), get_user(s, other.username)
        assert not may_decide(boss_user, org.id)
        set_org_admin(s, boss_user, True, actor="root")
        assert may_decide(boss_user, org.id) and not may_decide(other_user, org.id)
        approve_registration(s, reg, role=Role.ANNOTATOR, actor="boss")
        s.commit()
        user = authenticate(s, "newbie", PASSWORD)
        assert (user.role, user.active, reg.status) == (Role.ANNOTATOR, True,
                                                         RegistrationStatus.APPROVED)
        with pytest.raises(ConflictError, match="already approved"):
            reject_registration(s, reg, "late", actor="boss")
        assert list_registrations(s) == []
        assert undecided_login(s, "newbie", PASSWORD) is None


def test_rejection_needs_a_reason_and_keeps_the_account_closed(platform: Platform) -> None:
    make_org(platform, "city-lab")
    with platform.session() as s:
        reg = register(s, "spam", PASSWORD, "city-lab")
        with pytest.raises(InputError, match="reason"):
            reject_registration(s, reg, "  ", actor="root")
        with pytest.raises(InputError, match="admin"):
            approve_registration(s, reg, role=Role.ADMIN, actor="root")
        reject_registration(s, reg, "不认识此人", actor="root")
        s.commit()
        assert reg.status is RegistrationStatus.REJECTED and reg.reason == "不认识此人"
        with pytest.raises(AuthError):
            authenticate(s, "spam", PASSWORD)


def test_registration_refuses_unknown_org_weak_password_and_taken_name(
        platform: Platform) -> None:
    make_org(platform, "city-lab")
    make_user(platform, name="taken")
    with platform.session() as s:
        with pytest.raises(NotFoundError, match="nowhere"):
            register(s, "a-user", PASSWORD, "nowhere")
        with pytest.raises(InputError):
            register(s, "b-user", "123456", "city-lab")
        with pytest.raises(ConflictError):
            register(s, "taken", PASSWORD, "city-lab")
