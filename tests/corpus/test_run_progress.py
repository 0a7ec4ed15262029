"""A run tells on_step the documents read (with their total) and each dedup step's shards."""

from __future__ import annotations

import time
from pathlib import Path

from jingshu.corpus.dedup import dedup_files
from jingshu.corpus.executor import run_files
from jingshu.corpus.shard_io import count_documents, find_shards
from jingshu.progress import Step
from tests.corpus.test_executor import _make_input

RECIPE = """name: t
steps:
  - op: whitespace
  - op: near_dedup
"""


def test_count_documents_reads_each_format(tmp_path: Path) -> None:
    counts = {name: count_documents(path) for path, name in find_shards(_make_input(tmp_path))}
    assert sum(counts.values()) == 11 + 1  # 11 documents and one line that is not JSON


def test_a_run_reports_documents_then_the_dedup_steps(tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    recipe.write_text(RECIPE, encoding="utf-8")
    steps: list[Step] = []

    def slow(step: Step) -> None:  # give the counting thread time to finish
        steps.append(step)
        time.sleep(0.05)

    report = run_files(recipe, _make_input(tmp_path), tmp_path / "out", on_step=slow)
    docs = [s for s in steps if s.name == "t"]
    assert [s.done for s in docs] == sorted(s.done for s in docs)
    assert docs[-1].done == report.docs_in + report.errors and docs[-1].unit == "docs"
    assert docs[-1].total == 12
    names = [s.name for s in steps if s.name != "t"]
    assert names[0] == "near_dedup: prepare" and "near_dedup: filter" in names
    assert "near_dedup: buckets" in names and "near_dedup: signatures" in names
    last = [s for s in steps if s.name == "near_dedup: filter"][-1]
    assert (last.done, last.total, last.unit) == (3, 3, "shards")


def test_dedup_files_reports_its_steps(tmp_path: Path) -> None:
    steps: list[Step] = []
    dedup_files(_make_input(tmp_path), tmp_path / "out", on_step=steps.append)
    assert {s.name for s in steps} == {"dedup: prepare", "dedup: signatures", "dedup: buckets",
                                       "dedup: filter"}
    assert all(s.done <= (s.total or 0) for s in steps)
