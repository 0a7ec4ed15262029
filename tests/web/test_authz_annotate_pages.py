"""Granting the right to annotate: the API's approve body and the portal's review form."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user
from jingshu.annotate.projects import ProjectSpec, create_project
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import get_dataset, get_version
from jingshu.circulation.models import AccessRequest, Grant, RequestStatus
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.helpers import API, bearer
from tests.web.pages.forms import page_login

ROUTES: set[tuple[str, str]] = {("POST", "/requests/{request_id}/approve")}
SCHEMA = {"kind": "single", "labels": ["正面", "负面"]}


def _pending(platform: Platform, dataset: str, applicant: str) -> int:
    with platform.session() as s:
        request = AccessRequest(
            dataset_id=get_dataset(s, dataset).id, applicant_id=get_user(s, applicant).id,
            organization="away", purpose="标注情感", scenario="训练", fields=[],
            duration_days=30, commitment_version=1, use_version=1,
            status=RequestStatus.PENDING)
        s.add(request)
        s.commit()
        return request.id


def test_a_reviewer_may_grant_annotation_from_the_review_page(
        client: TestClient, platform: Platform) -> None:
    make_org(platform, "home")
    make_org(platform, "away")
    make_dataset(platform, name="cond", organization="home", tier=OpenTier.CONDITIONAL)
    make_user(platform, Role.PUBLISHER, name="home-pub", organization="home")
    make_user(platform, Role.PUBLISHER, name="away-pub", organization="away")
    with_right = _pending(platform, "cond", "away-pub")
    csrf = page_login(client, "home-pub")
    assert "circ.annotate" not in client.get("/review").text
    assert 'name="annotate"' in client.get("/review").text
    client.post(f"/review/{with_right}", data={"csrf_token": csrf, "action": "approve",
                                               "annotate": "true", "quota": "3"})
    without = _pending(platform, "cond", "away-pub")
    client.post(f"/review/{without}", data={"csrf_token": csrf, "action": "approve",
                                            "quota": "3"})
    with platform.session() as s:
        grants = {g.request_id: g.annotate for g in s.query(Grant)}
    assert grants == {with_right: True, without: False}


def test_the_api_approves_with_annotation(client: TestClient, platform: Platform) -> None:
    make_org(platform, "home")
    make_org(platform, "away")
    make_dataset(platform, name="cond", organization="home", tier=OpenTier.CONDITIONAL)
    make_user(platform, Role.PUBLISHER, name="home-pub", organization="home")
    make_user(platform, Role.PUBLISHER, name="away-pub", organization="away")
    request_id = _pending(platform, "cond", "away-pub")
    made = client.post(f"{API}/requests/{request_id}/approve",
                       headers=bearer(platform, "home-pub"), json={"annotate": True})
    assert made.status_code == 201, made.text
    assert made.json()["annotate"] is True


def test_the_project_list_offers_join_only_where_rows_may_be_seen(
        client: TestClient, platform: Platform) -> None:
    make_org(platform, "home")
    make_org(platform, "away")
    make_dataset(platform, name="cond", organization="home", tier=OpenTier.CONDITIONAL)
    make_dataset(platform, name="open", organization="home")
    for name, source in (("p-cond", "cond"), ("p-open", "open")):
        with platform.session() as s:
            create_project(s, platform.store, get_version(s, source),
                           ProjectSpec(name=name, title=name, label_schema=SCHEMA), actor="t")
            s.commit()
    make_user(platform, Role.ANNOTATOR, name="away-ann", organization="away")
    page_login(client, "away-ann")
    listing = client.get("/projects").text
    assert "/projects/p-open/join" in listing and "/projects/p-cond/join" not in listing
