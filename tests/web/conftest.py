"""Fixtures for the web tests: the app over the test platform and a client for it.

Callers by role come from :mod:`tests.web.helpers` (bearer tokens issued directly,
logins through the API).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jingshu.platform import Platform
from jingshu.web.app import create_app


@pytest.fixture
def app(platform: Platform) -> FastAPI:
    return create_app(platform)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
