"""The output folder belongs to one run; an empty result publishes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from jingshu.catalog.models import Dataset
from jingshu.cli.main import cli
from jingshu.corpus.executor import run_files
from jingshu.corpus.output_folder import FINGERPRINT, EmptyResult
from jingshu.errors import ConflictError, InputError
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.platform import Platform
from tests.factories import make_dataset

RECIPE = """name: t
steps:
  - op: whitespace
  - op: text_length
    params: {min_chars: %d}
"""


def _recipe(tmp_path: Path, min_chars: int) -> Path:
    path = tmp_path / f"r{min_chars}.yaml"
    path.write_text(RECIPE % min_chars, encoding="utf-8")
    return path


def _input(tmp_path: Path, name: str, rows: int) -> Path:
    src = tmp_path / name
    src.mkdir()
    (src / "news.jsonl").write_text("".join(
        json.dumps({"id": f"{name}{i}", "text": f"第{i}条短新闻，北京发布。"}, ensure_ascii=False)
        + "\n" for i in range(rows)), encoding="utf-8")
    return src


def test_another_runs_folder_is_refused_and_overwrite_replaces_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    big = _input(tmp_path, "big", 50)
    run_files(_recipe(tmp_path, 2), big, out, progress=False)
    small = _input(tmp_path, "small", 10)
    with pytest.raises(ConflictError, match="input files"):
        run_files(_recipe(tmp_path, 2), small, out, progress=False)
    with pytest.raises(ConflictError, match="recipe"):
        run_files(_recipe(tmp_path, 3), big, out, progress=False)
    report = run_files(_recipe(tmp_path, 2), small, out, progress=False, overwrite=True)
    assert (report.docs_in, report.docs_out) == (10, 10)
    assert json.loads((out / "report.json").read_text())["docs_out"] == 10
    assert sorted(p.name for p in out.glob("*.jsonl.gz")) == ["news.jsonl.gz"]
    assert json.loads((out / FINGERPRINT).read_text())["inputs"][0]["size"] == \
        (small / "news.jsonl").stat().st_size


def test_same_run_resumes_and_a_changed_input_does_not(tmp_path: Path) -> None:
    out = tmp_path / "out"
    src = _input(tmp_path, "in", 5)
    recipe = _recipe(tmp_path, 2)
    run_files(recipe, src, out, progress=False)
    marker = (out / ".done" / "news.json").stat().st_mtime_ns
    assert run_files(recipe, src, out, progress=False).docs_out == 5
    assert (out / ".done" / "news.json").stat().st_mtime_ns == marker
    (src / "news.jsonl").write_text('{"id": "x", "text": "改过的输入"}\n', encoding="utf-8")
    with pytest.raises(ConflictError, match="input files"):
        run_files(recipe, src, out, progress=False)


def test_foreign_files_are_refused_and_overwrite_never_deletes_the_input(
        tmp_path: Path) -> None:
    src = _input(tmp_path, "in", 3)
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(ConflictError, match="not written by"):
        run_files(_recipe(tmp_path, 2), src, other, progress=False)
    assert (other / "notes.txt").read_text() == "keep me"
    with pytest.raises(InputError, match="holds the input"):
        run_files(_recipe(tmp_path, 2), src / "news.jsonl", src, progress=False,
                  overwrite=True)
    assert (src / "news.jsonl").exists()


def test_nothing_kept_publishes_nothing_and_names_the_filter(tmp_path: Path) -> None:
    out = tmp_path / "out"
    src = _input(tmp_path, "in", 10)
    with pytest.raises(EmptyResult, match=r"0 of 10 documents kept: step 2 `text_length "
                                          r"min_chars=100` dropped the last 10"):
        run_files(_recipe(tmp_path, 100), src, out, progress=False)
    assert not list(out.glob("*.jsonl.gz")) and not list((out / ".done").iterdir())
    assert (out / "report.md").exists()
    report = run_files(_recipe(tmp_path, 100), src, out, progress=False, allow_empty=True)
    assert report.docs_out == 0 and (out / "news.jsonl.gz").exists()


def test_cli_rerun_into_another_runs_folder_fails_instead_of_negative_counts(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    big, small = _input(tmp_path, "big", 40), _input(tmp_path, "small", 10)
    recipe = str(_recipe(tmp_path, 2))
    runner = CliRunner()
    first = runner.invoke(cli, ["corpus", "run", recipe, "--input", str(big),
                                "--output", str(out)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["corpus", "run", recipe, "--input", str(small),
                                 "--output", str(out)])
    assert second.exit_code != 0 and "--overwrite" in second.output
    third = runner.invoke(cli, ["corpus", "run", recipe, "--input", str(small),
                                "--output", str(out), "--overwrite"])
    assert third.exit_code == 0, third.output
    assert "10 documents in, 10 out (100.0%)" in third.output
    empty = runner.invoke(cli, ["corpus", "run", str(_recipe(tmp_path, 100)), "--input",
                                str(small), "--output", str(tmp_path / "e")])
    assert empty.exit_code != 0 and "text_length min_chars=100" in empty.output


def test_a_dataset_run_keeping_nothing_publishes_no_version(platform: Platform,
                                                            tmp_path: Path) -> None:
    rows = [{"id": f"n{i}", "text": f"第{i}条短新闻。"} for i in range(10)]
    make_dataset(platform, name="short-news", rows=rows)
    with pytest.raises(EmptyResult, match="text_length min_chars=100"):
        run_recipe_on_dataset(platform, _recipe(tmp_path, 100), "short-news", "kept",
                              creator="test", progress=False)
    with platform.session() as s:
        assert s.scalar(select(Dataset.id).where(Dataset.name == "kept")) is None
    version, report = run_recipe_on_dataset(platform, _recipe(tmp_path, 100), "short-news",
                                            "kept", creator="test", progress=False,
                                            allow_empty=True)
    assert report.docs_out == 0 and version.rows == 0
