"""``jingshu serve`` hands the app over the same platform to uvicorn."""

from __future__ import annotations

import os
from typing import Any

import pytest
import uvicorn

from jingshu.platform import Platform
from tests.cli.conftest import Invoke


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    calls: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        calls.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


def test_serve_default_bind(invoke: Invoke, served: dict[str, Any], platform: Platform) -> None:
    result = invoke("serve")
    assert (served["host"], served["port"]) == ("127.0.0.1", 8000)
    assert served["app"].state.platform.settings.home == platform.settings.home
    assert "http://127.0.0.1:8000" in result.stderr


def test_serve_bind_option(invoke: Invoke, served: dict[str, Any]) -> None:
    invoke("serve", "--bind", "0.0.0.0:9001")
    assert (served["host"], served["port"]) == ("0.0.0.0", 9001)


def test_serve_bad_bind(invoke: Invoke, served: dict[str, Any]) -> None:
    result = invoke("serve", "--bind", "localhost", code=2)
    assert "--bind" in result.stderr
    assert not served


def test_serve_several_processes_hands_the_settings_over(
        invoke: Invoke, served: dict[str, Any], platform: Platform,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("JINGSHU_HOME", "JINGSHU_STORAGE_ROOT", "JINGSHU_SERVE_NO_WORKER"):
        monkeypatch.setenv(name, "")  # restored after the test: serve sets them
    invoke("serve", "--workers", "3", "--no-worker")
    assert (served["app"], served["factory"], served["workers"]) == (
        "jingshu.web.app:create_app_from_environment", True, 3)
    assert os.environ["JINGSHU_HOME"] == str(platform.settings.home)
    assert os.environ["JINGSHU_SERVE_NO_WORKER"] == "1"
