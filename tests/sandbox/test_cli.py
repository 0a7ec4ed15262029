"""``jingshu sandbox`` over the test platform."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jingshu.cli.main import cli
from jingshu.platform import Platform
from tests.sandbox.helpers import DECLARATION, make_sandbox


def _run(platform: Platform, monkeypatch: pytest.MonkeyPatch, *args: str,
         code: int = 0) -> Result:
    monkeypatch.setenv("JINGSHU_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("JINGSHU_SECRET_KEY", "test-secret")
    result = CliRunner().invoke(cli, ["--home", str(platform.settings.home), *args])
    assert result.exit_code == code, (result.output, result.exception)
    return result


def test_declare_query_and_budget_from_the_cli(platform: Platform, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    box = make_sandbox(platform)
    spec = tmp_path / "sandbox.yaml"
    spec.write_text(json.dumps(DECLARATION | {"epsilon_total": 2.0}), encoding="utf-8")
    _run(platform, monkeypatch, "sandbox", "declare", box.dataset, "--file", str(spec))
    out = _run(platform, monkeypatch, "sandbox", "query", box.dataset, "--user", box.consumer,
               "--aggregate", "mean", "--column", "cost", "--where", "age=18..90",
               "--epsilon", "0.5", "--json")
    assert json.loads(out.output)["epsilon_left"] == 1.5
    refused = _run(platform, monkeypatch, "sandbox", "query", box.dataset, "--user",
                   box.consumer, "--aggregate", "count", "--group-by", "pid",
                   "--epsilon", "0.5", code=2)
    assert "not declared" in refused.output
    ledger = _run(platform, monkeypatch, "sandbox", "budget", box.dataset, "--user",
                  box.consumer)
    assert json.loads(ledger.output)["epsilon_spent"] == 0.5
