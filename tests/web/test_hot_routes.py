"""The annotators' hot routes (jingshu.web.hot): served outside FastAPI's stack for bearer
callers, with the same answers, and the token and the source's policy checked on every
request (no cache window for them)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from jingshu.accounts.models import ApiToken, Role, User
from jingshu.accounts.service import secret_hash
from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import OpenTier
from jingshu.platform import Platform
from jingshu.web import hot
from jingshu.web.deps import Principal
from jingshu.web.headers import CSP
from jingshu.web.token_cache import TokenCache
from tests.factories import make_dataset, make_org, make_user
from tests.web.helpers import API, as_role, bearer, error_of


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The actions the hot path served (in order)."""
    seen: list[str] = []
    real = hot._serve

    def counting(*args: Any) -> Any:
        seen.append(args[4])
        return real(*args)

    monkeypatch.setattr(hot, "_serve", counting)
    return seen


def _project(platform: Platform, client: TestClient, *, tier: OpenTier = OpenTier.CONDITIONAL
             ) -> tuple[str, dict[str, str]]:
    """A project over a dataset of organization lab-h, and a member of another organization
    (who may see the rows only while the dataset is unconditional)."""
    make_org(platform, "lab-h")
    make_org(platform, "other-h")
    make_dataset(platform, name="hot-ds", organization="lab-h", tier=OpenTier.UNCONDITIONAL,
                 rows=[{"id": f"h{i}", "text": f"第{i}条。"} for i in range(4)])
    owner = as_role(platform, Role.PUBLISHER, organization="lab-h")
    assert client.post(f"{API}/projects", headers=owner, json={
        "name": "hot-p", "title": "热", "dataset": "hot-ds@1", "overlap": 1,
        "label_schema": {"kind": "single", "labels": ["正面", "负面"]}}).status_code == 201
    worker = make_user(platform, Role.ANNOTATOR, name="hot-w", organization="other-h")
    headers = bearer(platform, worker)
    assert client.post(f"{API}/projects/hot-p/join", headers=headers).status_code == 200
    if tier is not OpenTier.UNCONDITIONAL:
        _set_tier(platform, tier)
    return "hot-p", headers


def _set_tier(platform: Platform, tier: OpenTier) -> None:
    with platform.session() as s:  # as another process (or the CLI) would
        s.execute(update(Dataset).where(Dataset.name == "hot-ds").values(open_tier=tier))


def test_bearer_callers_are_served_by_the_hot_path_with_the_usual_answers(
        platform: Platform, client: TestClient, served: list[str]) -> None:
    name, headers = _project(platform, client, tier=OpenTier.UNCONDITIONAL)
    got = client.post(f"{API}/projects/{name}/next", headers=headers)
    assert got.status_code == 200, got.text
    assert set(got.json()) == {"lease_id", "row_key", "data", "expires_at"}
    assert got.headers["content-security-policy"] == CSP
    assert got.headers["x-frame-options"] == "DENY"
    again = client.post(f"{API}/projects/{name}/next", headers=headers)  # the held lease
    assert again.json()["lease_id"] == got.json()["lease_id"]
    answer = {"lease_id": got.json()["lease_id"], "value": "正面"}
    done = client.post(f"{API}/projects/{name}/answers", headers=headers, json=answer)
    assert done.status_code == 201, done.text
    assert set(done.json()) == {"answer_id", "item_done", "member_state"}
    twice = client.post(f"{API}/projects/{name}/answers", headers=headers, json=answer)
    assert twice.status_code == 409 and "already answered" in str(error_of(twice)["message"])
    second = client.post(f"{API}/projects/{name}/next", headers=headers).json()
    skip = {"lease_id": second["lease_id"], "reason": "看不懂"}
    assert client.post(f"{API}/projects/{name}/skip", headers=headers,
                       json=skip).status_code == 204
    assert served == ["next", "next", "answers", "answers", "next", "skip"]


def test_what_the_hot_path_does_not_serve_gets_the_routes_answers(
        platform: Platform, client: TestClient, served: list[str]) -> None:
    name, headers = _project(platform, client, tier=OpenTier.UNCONDITIONAL)
    bad = client.post(f"{API}/projects/{name}/answers", headers=headers,
                      json={"lease_id": "one", "value": "正面"})
    assert bad.status_code == 400 and "lease_id" in str(error_of(bad)["message"])
    no_json = client.post(f"{API}/projects/{name}/answers", headers=headers,
                          content=b"lease_id=1")
    assert no_json.status_code == 400
    assert client.post(f"{API}/projects/{name}/next").status_code == 401
    assert client.post(f"{API}/projects/{name}/next",
                       headers={"Authorization": "Bearer nope"}).status_code == 401
    missing = client.post(f"{API}/projects/nope/next", headers=headers)
    assert missing.status_code == 404
    assert served == ["next"]  # only the last: a bearer caller, an unknown project


def test_a_token_revoked_elsewhere_is_refused_at_once_on_the_hot_path(
        platform: Platform, app: FastAPI, client: TestClient) -> None:
    """The app's token cache may serve a revoked token for a few seconds on other routes;
    the hot routes check the token in the member lock on every request."""
    app.state.token_cache = TokenCache[Principal](ttl=5, clock=Clock())  # never expires here
    name, headers = _project(platform, client, tier=OpenTier.UNCONDITIONAL)
    assert client.post(f"{API}/projects/{name}/next", headers=headers).status_code == 200
    secret = headers["Authorization"].removeprefix("Bearer ")
    with platform.session() as s:
        s.execute(update(ApiToken).where(ApiToken.token_hash == secret_hash(secret))
                  .values(revoked=True))
    refused = client.post(f"{API}/projects/{name}/next", headers=headers)
    assert refused.status_code == 401
    assert "not valid" in str(error_of(refused)["message"])


def test_a_role_change_elsewhere_is_seen_at_once_on_the_hot_path(
        platform: Platform, app: FastAPI, client: TestClient) -> None:
    app.state.token_cache = TokenCache[Principal](ttl=5, clock=Clock())
    name, headers = _project(platform, client, tier=OpenTier.UNCONDITIONAL)
    assert client.post(f"{API}/projects/{name}/next", headers=headers).status_code == 200
    with platform.session() as s:
        s.execute(update(User).where(User.username == "hot-w").values(role=Role.CONSUMER))
    refused = client.post(f"{API}/projects/{name}/next", headers=headers)
    assert refused.status_code == 403
    assert "annotators" in str(error_of(refused)["message"])


def test_a_tightened_source_policy_holds_from_the_next_request(
        platform: Platform, client: TestClient, served: list[str]) -> None:
    name, headers = _project(platform, client, tier=OpenTier.UNCONDITIONAL)
    got = client.post(f"{API}/projects/{name}/next", headers=headers)
    assert got.status_code == 200
    _set_tier(platform, OpenTier.CONDITIONAL)  # no longer open to other organizations
    answer = {"lease_id": got.json()["lease_id"], "value": "正面"}
    refused = client.post(f"{API}/projects/{name}/answers", headers=headers, json=answer)
    assert refused.status_code == 403 and "hot-ds" in str(error_of(refused)["message"])
    assert client.post(f"{API}/projects/{name}/next", headers=headers).status_code == 403
    _set_tier(platform, OpenTier.UNCONDITIONAL)
    assert client.post(f"{API}/projects/{name}/answers", headers=headers,
                       json=answer).status_code == 201
    assert served == ["next", "answers", "next", "answers"]


def test_a_dropped_connection_at_the_lock_is_retried_once(
        platform: Platform, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    name, headers = _project(platform, client, tier=OpenTier.UNCONDITIONAL)
    real = hot.start_work
    calls: list[int] = []

    def dropping(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) in (1, 3, 4):  # the first request once; the second twice
            raise OperationalError("SELECT", {}, Exception("server closed the connection"),
                                   connection_invalidated=True)
        return real(*args, **kwargs)

    monkeypatch.setattr(hot, "start_work", dropping)
    assert client.post(f"{API}/projects/{name}/next", headers=headers).status_code == 200
    assert len(calls) == 2
    failed = client.post(f"{API}/projects/{name}/next", headers=headers)
    assert failed.status_code == 500  # a second drop is not hidden
    assert len(calls) == 4
