"""The local executor stops on a recipe error before any work, and goes on past bad records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jingshu.corpus.executor import run_files
from jingshu.errors import ConfigError


def test_recipe_error_stops_before_any_work(tmp_path: Path) -> None:
    recipe = tmp_path / "bad.yaml"
    recipe.write_text("name: bad\nsteps:\n  - op: text_lenght\n", encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "数据"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="text_length"):
        run_files(recipe, src, tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_bad_records_go_to_the_errors_file_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "北京数据要素"}\n{oops\n{"id": "b", "title": "无正文"}\n'
                   '{"id": "c", "text": "上海人工智能"}\n', encoding="utf-8")
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: r\nsteps:\n  - op: whitespace\n", encoding="utf-8")
    report = run_files(recipe, src, tmp_path / "out", progress=False)
    assert (report.docs_in, report.errors) == (2, 2)
    errors = [json.loads(line) for line in
              (tmp_path / "out" / "_errors" / "in.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["location"].rsplit(":", 1)[1] for e in errors] == ["2", "3"]
    assert errors[0]["reason"].startswith("not JSON") and "no 'text'" in errors[1]["reason"]
