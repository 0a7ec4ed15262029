"""Every command has help text, is in docs/cli.md, and docs/cli.md is up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import click
import pytest
from click.testing import CliRunner

from jingshu.cli.main import cli

REPO = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _script("gen_cli_docs")
COMMANDS = [(name, command) for name, command, _ctx in GEN.walk(cli)]


def test_the_tree_has_every_documented_group() -> None:
    names = {name for name, _ in COMMANDS}
    for expected in ("jingshu dataset import", "jingshu catalog croissant", "jingshu user org-list",
                     "jingshu audit verify", "jingshu serve", "jingshu demo", "jingshu config"):
        assert expected in names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help_and_is_documented(name: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"{name} has no help text"
    assert f"`{name}`" in (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"{name} option {param.opts[0]} has no help text"
    args = name.split()[1:]
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_cli_docs_are_current() -> None:
    expected = GEN.render()
    actual = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run python scripts/gen_cli_docs.py"
