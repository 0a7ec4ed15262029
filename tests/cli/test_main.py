"""The root group: version, help, --home, and how domain errors are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jingshu import __version__
from jingshu.cli.main import DOMAIN_ERROR_EXIT, cli
from tests.cli.conftest import Invoke


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_every_group() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for group in ("audit", "catalog", "config", "dataset", "demo", "serve", "user"):
        assert group in result.output


def test_domain_error_prints_message_and_hint_without_traceback(invoke: Invoke) -> None:
    result = invoke("dataset", "show", "nope", code=DOMAIN_ERROR_EXIT)
    assert result.stderr.splitlines() == [
        "error: dataset 'nope' does not exist",
        "hint: search the catalog with `jingshu catalog search`",
    ]
    assert "Traceback" not in result.output


def test_usage_error_keeps_clicks_exit_code(invoke: Invoke) -> None:
    result = invoke("dataset", "show", code=2)
    assert "Missing argument" in result.stderr
    invoke("no-such-command", code=2)


def test_home_option_overrides_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JINGSHU_HOME", str(tmp_path / "from-env"))
    result = CliRunner().invoke(cli, ["--home", str(tmp_path / "given"), "config", "--json"])
    assert result.exit_code == 0
    assert str(tmp_path / "given") in result.stdout
    assert not (tmp_path / "given").exists(), "config must not create the home folder"
