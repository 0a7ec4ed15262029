"""Only what is allowed is offered: downloads and the sandbox link on /grants, the apply
form's intro by tier and its organization pre-filled; decisions are confirmed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import get_dataset
from jingshu.circulation.models import AgreementKind
from jingshu.circulation.requests import Application, apply, set_agreement
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.sandbox.helpers import make_sandbox
from tests.web.pages.forms import csrf_field, page_login


def _grant_cells(html: str) -> list[str]:
    return re.findall(r'<tr id="grant-[^"]+">(.*?)</tr>', html, re.S)


def test_not_open_grant_offers_no_download_and_sandbox_only_where_declared(
        platform: Platform, client: TestClient) -> None:
    make_user(platform, Role.CONSUMER, name="analyst")
    make_sandbox(platform, consumer="analyst", declared=True)
    make_sandbox(platform, consumer="analyst", declared=False)
    page_login(client, "analyst")
    cells = _grant_cells(client.get("/grants").text)
    assert len(cells) == 2
    for cell in cells:
        assert "/download?format=" not in cell and "核心/L4 数据永不出库" in cell
    assert sorted("/sandbox" in c for c in cells) == [False, True]


def test_apply_form_prefills_the_organization_and_fits_the_tier(
        platform: Platform, client: TestClient) -> None:
    make_org(platform, "pub-org")
    make_org(platform, "uni", title="临江大学")
    make_user(platform, Role.CONSUMER, name="student", organization="uni")
    make_dataset(platform, name="cond", tier=OpenTier.CONDITIONAL, organization="pub-org")
    make_dataset(platform, name="closed", tier=OpenTier.NOT_OPEN, organization="pub-org")
    with platform.session() as s:
        for name in ("cond", "closed"):
            for kind in AgreementKind:
                set_agreement(s, get_dataset(s, name), kind, "条款。", actor="t")
    page_login(client, "student")
    cond = client.get("/datasets/cond/apply").text
    assert 'name="organization" required maxlength="200" value="临江大学"' in cond
    assert "有条件开放的数据须经发布机构审核后使用" in cond and "数字水印" in cond
    closed = client.get("/datasets/closed/apply").text
    assert "有条件开放" not in closed and "数字水印" not in closed
    assert "只能在隐私计算沙箱中查询" in closed


def test_reject_is_confirmed(platform: Platform, client: TestClient) -> None:
    make_user(platform, Role.CONSUMER, name="applicant")
    box = make_sandbox(platform, consumer="applicant", declared=False)
    with platform.session() as s:
        req = apply(s, get_dataset(s, box.dataset), get_user(s, "applicant"),
                    Application("临江大学", "再申请", "研究", 30, 1, 1))
        req_id = req.id
    page_login(client, box.publisher)
    review = client.get("/review")
    done = client.post(f"/review/{req_id}", data={
        "action": "reject", "note": "用途不清", "csrf_token": csrf_field(review.text)})
    assert done.status_code == 200
    assert f"已驳回申请 #{req_id}（applicant 使用" in done.text
