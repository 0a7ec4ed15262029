"""Start-up stays cheap: ``jingshu --help`` and ``jingshu clean`` import no heavy library.

These check which modules a fresh interpreter loaded (``sys.modules``), not how long it
took; the timings are in bench/bench_cli_startup.py and docs/benchmarks.md.
"""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from jingshu.cli.main import COMMANDS, cli

HEAVY = ("scipy", "pyarrow", "sqlalchemy", "pandas", "fastapi", "sklearn", "torch")

_PROBE = """
import io, json, sys
args, watched = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
sys.argv = ["jingshu", *args]
sys.stdin = io.TextIOWrapper(io.BytesIO("测试\\n".encode()), encoding="utf-8")
from jingshu.cli.main import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & watched)
print("\\nHEAVY=" + json.dumps(heavy))
"""


def _heavy_modules_after(*args: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(watched)],
                          capture_output=True, text=True, timeout=120, check=True)
    line = done.stdout.rsplit("HEAVY=", 1)[-1]
    loaded: list[str] = json.loads(line)
    return loaded


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("config", "--json")])
def test_light_commands_import_no_heavy_library(args: tuple[str, ...]) -> None:
    assert _heavy_modules_after(*args) == []


@pytest.mark.parametrize("args", [("--help",), ("--version",)])
def test_help_and_version_read_no_settings(args: tuple[str, ...]) -> None:
    """Settings (pydantic-settings, which imports asyncio) load only for commands using them."""
    assert _heavy_modules_after(*args, watched=("pydantic_settings",)) == []


def test_clean_imports_no_database_or_arrow_or_scipy() -> None:
    assert _heavy_modules_after("clean") == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_help_matches_the_command(name: str) -> None:
    """The line ``jingshu --help`` prints without importing equals the command's own."""
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.name == name
    assert COMMANDS[name].short_help == command.get_short_help_str(limit=10_000), (
        f"update COMMANDS[{name!r}].short_help in src/jingshu/cli/main.py")
