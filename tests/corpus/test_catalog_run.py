"""run_recipe_on_dataset: a catalog version in, a new version with lineage out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from jingshu.catalog.models import Dataset
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import get_version, open_version
from jingshu.corpus.recipe import parse_recipe_text
from jingshu.errors import InputError
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.platform import Platform
from jingshu.store import Manifest
from tests.factories import make_dataset

ROWS = [
    {"id": "keep", "text": "数据要素市场建设稳步推进，&amp;高质量中文语料", "source": "web"},
    {"id": "short", "text": "短", "source": "web"},
    {"id": "dup", "text": "数据要素市场建设稳步推进，&amp;高质量中文语料", "source": "news"},
]
RECIPE_YAML = """
name: small
steps:
  - op: html_entities
  - op: text_length
    params: {min_chars: 5}
  - op: exact_dedup
"""


def test_publishes_a_new_version_with_lineage_ids_and_columns(platform: Platform,
                                                              tmp_path: Path) -> None:
    make_dataset(platform, name="raw", rows=ROWS, tier=OpenTier.CONDITIONAL)
    recipe = tmp_path / "small.yaml"
    recipe.write_text(RECIPE_YAML, encoding="utf-8")
    version, report = run_recipe_on_dataset(platform, recipe, "raw@1", "clean",
                                            creator="test", progress=False)
    assert (report.docs_in, report.docs_out) == (3, 1)
    assert sum(report.drops.values()) == 2
    assert sorted(k.split(":")[0] for k in report.drops) == ["exact_dedup", "text_length"]
    with platform.session() as s:
        made = get_version(s, "clean")
        source = get_version(s, "raw", 1)
        assert made.id == version.id and made.number == 1
        assert made.dataset.open_tier == OpenTier.CONDITIONAL  # copied from the source
        rows = open_version(platform.store, made).head(10)
    assert rows == [{"id": "keep", "text": "数据要素市场建设稳步推进，&高质量中文语料",
                     "source": "web"}]
    manifest = Manifest.from_json(version.manifest)
    assert manifest.parents == (source.id,)
    detail = dict(manifest.made_by.detail)
    assert manifest.made_by.kind == "recipe" and manifest.made_by.source == "small"
    assert "op: exact_dedup" in detail["recipe"]
    assert json.loads(detail["report"])["docs_out"] == 1


def test_a_second_run_adds_a_version_to_the_existing_target(platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    run_recipe_on_dataset(platform, "zh-sft", "raw", "clean", creator="test", progress=False,
                          allow_empty=True)
    version, _ = run_recipe_on_dataset(platform, "zh-sft", "raw", "clean", creator="test",
                                       progress=False, allow_empty=True)
    assert version.number == 2 and version.dataset.name == "clean"


def test_a_source_without_text_is_refused(platform: Platform) -> None:
    make_dataset(platform, name="nums", rows=[{"id": "a", "n": 1}])
    with pytest.raises(InputError, match="no 'text' column"):
        run_recipe_on_dataset(platform, "zh-web", "nums", "out", creator="test", progress=False)


def test_two_workers_publish_the_same_rows_as_one(platform: Platform) -> None:
    """One engine: a dataset run uses the file executor's worker processes (it refused
    workers != 1 while it ran in one process)."""
    make_dataset(platform, name="raw", rows=ROWS + [dict(r, id=f"{r['id']}-2") for r in ROWS])
    recipe = parse_recipe_text(RECIPE_YAML, source="test")
    run_recipe_on_dataset(platform, recipe, "raw@1", "one", creator="test", progress=False)
    run_recipe_on_dataset(platform, recipe, "raw@1", "two", creator="test", progress=False,
                          workers=2)
    with platform.session() as s:
        rows = [open_version(platform.store, get_version(s, name, 1)).head(10)
                for name in ("one", "two")]
    assert rows[0] == rows[1] and [r["id"] for r in rows[0]] == ["keep"]


def test_progress_is_reported_and_a_failing_callback_publishes_nothing(
        platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    seen: list[int] = []
    run_recipe_on_dataset(platform, "zh-sft", "raw", "clean", creator="test", progress=False,
                          on_progress=seen.append, allow_empty=True)
    assert seen == [3]

    def stop(read: int) -> None:
        raise InputError("stopped")

    with pytest.raises(InputError, match="stopped"):
        run_recipe_on_dataset(platform, "zh-sft", "raw", "other", creator="test",
                              progress=False, on_progress=stop)
    with platform.session() as s:
        assert s.scalar(select(Dataset.id).where(Dataset.name == "other")) is None
