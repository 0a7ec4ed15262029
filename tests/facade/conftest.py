"""Fixtures for the Python facade: an organization with a publisher, a consumer, and
datasets at each tier."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.audit import AuditEntry
from jingshu.catalog.rules import OpenTier
from jingshu.facade import Client
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user

ROWS = [{"id": f"r{i}", "text": f"第{i}条新闻：数据要素市场建设稳步推进。", "score": i * 1.5}
        for i in range(12)]


@dataclass
class World:
    platform: Platform
    operator: Client
    publisher: Client
    consumer: Client

    def audit(self, action: str) -> list[dict[str, object]]:
        with self.platform.session() as s:
            rows = s.scalars(select(AuditEntry).where(AuditEntry.action == action)
                             .order_by(AuditEntry.id))
            return [{"actor": e.actor, "target": e.target, **json.loads(e.detail)}
                    for e in rows]


@pytest.fixture
def world(platform: Platform) -> Iterator[World]:
    """``open-news`` (unconditional) and ``cond-news`` (conditional) of ``pub-org``."""
    make_org(platform, "pub-org")
    make_user(platform, Role.PUBLISHER, name="pub", organization="pub-org")
    make_user(platform, Role.CONSUMER, name="alice")
    make_dataset(platform, name="open-news", rows=ROWS, organization="pub-org")
    make_dataset(platform, name="cond-news", rows=ROWS, organization="pub-org",
                 tier=OpenTier.CONDITIONAL)
    yield World(platform, Client(platform), Client(platform, "pub"), Client(platform, "alice"))
