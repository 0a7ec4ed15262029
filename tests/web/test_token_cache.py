"""The per-process cache of resolved API tokens, and what it means for revocation."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from jingshu.accounts.models import ApiToken, Role
from jingshu.accounts.service import secret_hash
from jingshu.platform import Platform
from jingshu.web.deps import Principal
from jingshu.web.token_cache import TokenCache
from tests.web.helpers import API, as_role


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_entries_live_ttl_seconds() -> None:
    clock = Clock()
    cache: TokenCache[str] = TokenCache(ttl=5, clock=clock)
    cache.put("js_a", "li")
    clock.now += 4.9
    assert cache.get("js_a") == "li"
    clock.now += 0.1
    assert cache.get("js_a") is None
    assert cache.get("js_b") is None


def test_forget_by_stored_hash_and_zero_ttl_disables() -> None:
    cache: TokenCache[str] = TokenCache(ttl=5)
    cache.put("js_a", "li")
    cache.forget(secret_hash("js_a"))
    assert cache.get("js_a") is None
    off: TokenCache[str] = TokenCache(ttl=0)
    off.put("js_a", "li")
    assert off.get("js_a") is None


def test_token_revoked_elsewhere_works_at_most_ttl_seconds(platform: Platform, app: FastAPI,
                                                           client: TestClient) -> None:
    clock = Clock()
    app.state.token_cache = TokenCache[Principal](ttl=5, clock=clock)
    headers = as_role(platform, Role.CONSUMER)
    assert client.get(f"{API}/auth/me", headers=headers).status_code == 200
    secret = headers["Authorization"].removeprefix("Bearer ")
    with platform.session() as s:  # as another process (or the CLI) would
        s.execute(update(ApiToken).where(ApiToken.token_hash == secret_hash(secret))
                  .values(revoked=True))
    clock.now += 4
    assert client.get(f"{API}/auth/me", headers=headers).status_code == 200
    clock.now += 1
    assert client.get(f"{API}/auth/me", headers=headers).status_code == 401
