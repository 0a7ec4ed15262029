"""``jingshu config``."""

from __future__ import annotations

import pytest

from jingshu.settings import SETTINGS
from tests.cli.conftest import Invoke, as_json


def test_config_json_lists_every_setting_with_its_variable(invoke: Invoke) -> None:
    rows = as_json(invoke("config", "--json"))
    assert [r["name"] for r in rows] == [s.name for s in SETTINGS]
    by_name = {r["name"]: r for r in rows}
    assert by_name["bind"]["env"] == "JINGSHU_BIND"
    assert by_name["bind"]["help"]
    assert by_name["secret_key"]["value"] != "test-secret", "the secret must be masked"


def test_config_table_shows_env_override(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JINGSHU_BIND", "0.0.0.0:9000")
    out = invoke("config").stdout
    assert "0.0.0.0:9000" in out
    assert "JINGSHU_SESSION_HOURS" in out


def test_config_bad_value_names_the_variable(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JINGSHU_SESSION_HOURS", "soon")
    result = invoke("config", code=2)
    assert "JINGSHU_SESSION_HOURS" in result.stderr
