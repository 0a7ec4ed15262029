"""The re-grading approval page: a data officer approves or rejects in the portal."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset, update_dataset
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.pages.forms import page_login


def _pending(platform: Platform, name: str) -> int:
    make_dataset(platform, name=name, tier=OpenTier.NOT_OPEN, grade=Grade.CORE,
                 sensitivity=Sensitivity.L4, organization=make_org(platform).name)
    with platform.session() as s:
        change = update_dataset(s, get_dataset(s, name), actor="li", reason="已完成脱敏审查",
                                open_tier=OpenTier.UNCONDITIONAL, grade=Grade.GENERAL,
                                sensitivity=Sensitivity.L1)
        assert change.regrade is not None
        return change.regrade.id


def _tier(platform: Platform, name: str) -> str:
    with platform.session() as s:
        return get_dataset(s, name).open_tier.value


def test_data_officer_approves_and_rejects_in_the_portal(platform: Platform,
                                                         client: TestClient) -> None:
    first, second = _pending(platform, "secret-a"), _pending(platform, "secret-b")
    officer = make_user(platform, Role.DATA_OFFICER)
    csrf = page_login(client, officer.username)
    page = client.get("/regrade-requests")
    assert page.status_code == 200
    assert "已完成脱敏审查" in page.text and "待审批" in page.text
    assert 'href="/regrade-requests"' in page.text  # in the navigation
    done = client.post(f"/regrade-requests/{first}", data={"csrf_token": csrf,
                                                           "action": "approve", "note": "同意"},
                       follow_redirects=False)
    assert done.status_code == 303
    assert _tier(platform, "secret-a") == "unconditional"
    refused = client.post(f"/regrade-requests/{second}",
                          data={"csrf_token": csrf, "action": "reject", "note": ""})
    assert refused.status_code == 400  # a rejection needs a note
    client.post(f"/regrade-requests/{second}",
                data={"csrf_token": csrf, "action": "reject", "note": "尚未脱敏"})
    assert _tier(platform, "secret-b") == "not_open"
    assert "已驳回" in client.get("/regrade-requests").text


def test_consumers_cannot_see_the_queue(platform: Platform, client: TestClient) -> None:
    consumer = make_user(platform, Role.CONSUMER)
    page_login(client, consumer.username)
    assert client.get("/regrade-requests").status_code == 403


def test_the_dataset_page_says_a_lowering_is_pending(platform: Platform,
                                                     client: TestClient) -> None:
    request_id = _pending(platform, "secret-c")
    page = client.get("/datasets/secret-c")
    assert page.status_code == 200
    assert f"降级申请 #{request_id} 待审批" in page.text and "无条件开放" in page.text

