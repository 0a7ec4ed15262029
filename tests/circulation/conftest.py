"""A conditional dataset with both agreements written, its publisher and a consumer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import OpenTier
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.factories import make_dataset, make_org, make_user
from tests.web.helpers import API, Headers, bearer

ROWS = [{"id": f"r{i}", "name": f"张{i}", "city": "北京" if i % 2 else "上海",
         "score": 60 + i * 0.37, "note": f"第{i}号样本，来自公开数据；质量良好。"}
        for i in range(30)]


@dataclass
class Flow:
    platform: Platform
    client: TestClient
    publisher: Headers
    consumer: Headers
    consumer_name: str
    dataset: str = "cond-ds"

    def apply(self, **changes: object) -> dict[str, object]:
        body: dict[str, object] = {
            "organization": "某大学", "purpose": "训练中文模型", "scenario": "科研",
            "duration_days": 30, "fields": ["id", "city", "score", "note"],
            "accept_commitment_version": 1, "accept_use_version": 1} | changes
        r = self.client.post(f"{API}/datasets/{self.dataset}/requests", json=body,
                             headers=self.consumer)
        assert r.status_code == 201, r.text
        out: dict[str, object] = r.json()
        return out

    def grant_on(self, name: str, rows: list[dict[str, Any]],
                 fields: list[str]) -> dict[str, object]:
        """A conditional dataset ``name`` of ``rows`` (publisher's organization, both
        agreements written) and a grant on ``fields`` to the consumer (quota 3)."""
        make_dataset(self.platform, name=name, tier=OpenTier.CONDITIONAL,
                     organization="pub-org", rows=rows)
        for kind in ("commitment", "use"):
            self.client.put(f"{API}/datasets/{name}/agreements/{kind}", json={"text": "条款"},
                            headers=self.publisher)
        self.dataset = name
        request = self.apply(fields=fields)
        r = self.client.post(f"{API}/requests/{request['id']}/approve", json={"quota": 3},
                             headers=self.publisher)
        assert r.status_code == 201, r.text
        out: dict[str, object] = r.json()
        return out

    def grant(self, **terms: object) -> dict[str, object]:
        request = self.apply()
        r = self.client.post(f"{API}/requests/{request['id']}/approve", json=terms,
                             headers=self.publisher)
        assert r.status_code == 201, r.text
        out: dict[str, object] = r.json()
        return out


@pytest.fixture
def flow(platform: Platform) -> Iterator[Flow]:
    make_org(platform, "pub-org")
    publisher = make_user(platform, Role.PUBLISHER, name="pub", organization="pub-org")
    consumer = make_user(platform, Role.CONSUMER, name="alice")
    make_dataset(platform, name="cond-ds", tier=OpenTier.CONDITIONAL, organization="pub-org",
                 rows=ROWS)
    with TestClient(create_app(platform)) as client:
        f = Flow(platform, client, bearer(platform, publisher), bearer(platform, consumer),
                 consumer.username)
        for kind, text in (("commitment", "我承诺数据仅用于申请用途。"),
                           ("use", "开放利用协议：不得转让。")):
            r = client.put(f"{API}/datasets/cond-ds/agreements/{kind}", json={"text": text},
                           headers=f.publisher)
            assert r.status_code == 201, r.text
        yield f
