"""Fixtures for CLI tests: a runner bound to the test platform's home and database."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from jingshu.cli.main import cli
from jingshu.platform import Platform

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run ``jingshu --home HOME ARGS...`` over the ``platform`` fixture's database."""
    monkeypatch.setenv("JINGSHU_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("JINGSHU_SECRET_KEY", "test-secret")
    runner = CliRunner()

    def run(*args: str, input: str | None = None, code: int = 0) -> Result:
        result = runner.invoke(cli, ["--home", str(platform.settings.home), *args], input=input)
        assert result.exit_code == code, (result.output, result.stderr, result.exception)
        return result

    return run


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


@pytest.fixture
def jsonl(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (or raw lines) to a .jsonl file and return its path."""

    def write(rows: list[dict[str, Any]] | None = None, *, lines: list[str] | None = None,
              name: str = "data.jsonl") -> Path:
        path = tmp_path / name
        body = lines if lines is not None else [
            json.dumps(r, ensure_ascii=False) for r in (rows or SAMPLE_ROWS)]
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        return path

    return write


SAMPLE_ROWS = [
    {"id": "a", "text": "今天天气很好，适合出门散步。"},
    {"id": "b", "text": "数据要素市场建设稳步推进。"},
    {"id": "c", "text": "人工智能需要高质量中文语料。"},
]
