"""A small catalog served by uvicorn for the CKAN-compatible API tests.

Three organizations' datasets at every tier, with keywords, themes and a document;
users: the owning publisher (token ``owner``) and a consumer of another org.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import NamedTuple

import pytest
import uvicorn
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.accounts.service import get_user, issue_token
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.service import add_resource, get_dataset
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.conftest import fresh_platform
from tests.factories import make_dataset, make_org, make_user


class Site(NamedTuple):
    platform: Platform
    url: str  # the live server
    client: TestClient  # the same app, in process
    tokens: dict[str, str]  # role key → API token secret


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _fill(platform: Platform) -> dict[str, str]:
    make_org(platform, "sh-data", title="上海市数据局")
    make_org(platform, "ai-lab", title="人工智能实验室")
    make_dataset(platform, name="traffic-flow", title="城市交通流量", organization="sh-data",
                 theme="交通", keywords=("交通", "时空数据"), license="CC-BY-4.0",
                 modality=Modality.TABULAR)
    make_dataset(platform, name="zh-corpus", title="高质量中文语料", organization="ai-lab",
                 theme="语言", keywords=("预训练",))
    make_dataset(platform, name="medical-qa", title="医疗问答语料", organization="ai-lab",
                 theme="医疗", keywords=("医疗",), tier=OpenTier.CONDITIONAL)
    make_dataset(platform, name="street-core", title="核心街景", organization="sh-data",
                 theme="交通", tier=OpenTier.NOT_OPEN, grade=Grade.CORE,
                 sensitivity=Sensitivity.L4)
    with platform.session() as s:
        add_resource(s, get_dataset(s, "traffic-flow"), "数据标准", "https://example.cn/std.pdf",
                     actor="test", fmt="pdf", description="字段说明")
        s.commit()
    tokens = {}
    for key, role, org in (("owner", Role.PUBLISHER, "ai-lab"),
                           ("other", Role.CONSUMER, "sh-data")):
        make_user(platform, role, name=f"ckan-{key}", organization=org)
        with platform.session() as s:
            user = get_user(s, f"ckan-{key}")
            tokens[key] = issue_token(s, user, "ckan", actor="test").secret
            s.commit()
    return tokens


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, _template_db: str) -> Iterator[Site]:
    platform = fresh_platform(tmp_path_factory.mktemp("ckan"), _template_db)
    tokens = _fill(platform)
    app = create_app(platform)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start within 10 s"
        time.sleep(0.05)
    with TestClient(app) as client:
        yield Site(platform, f"http://127.0.0.1:{port}", client, tokens)
    server.should_exit = True
    thread.join(timeout=10)
    platform.close()
