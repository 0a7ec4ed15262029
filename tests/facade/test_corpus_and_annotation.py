"""Corpus runs, mixes, regrades and annotation projects through the facade."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jingshu.catalog.service import get_dataset
from jingshu.errors import PermissionDenied
from jingshu.facade import DatasetView, ProjectStatus
from tests.annotate.conftest import join, label_all
from tests.facade.conftest import ROWS, World

RECIPE = """name: short-drop
description: drop short documents, then exact duplicates
steps:
  - op: text_length
    params: {min_chars: 10}
  - op: exact_dedup
"""


@pytest.fixture
def recipe(tmp_path: Path) -> Path:
    path = tmp_path / "recipe.yaml"
    path.write_text(RECIPE, encoding="utf-8")
    return path


def test_corpus_run_publishes_a_version_as_the_user(world: World, recipe: Path) -> None:
    run = world.publisher.corpus_run(recipe, "cond-news@1", "cond-clean")
    assert run.output == "cond-clean@1" and isinstance(run.dataset, DatasetView)
    assert (run.report.docs_in, run.report.docs_out) == (12, 12)
    assert len(world.publisher.dataset("cond-clean").to_pandas()) == 12
    with world.platform.session() as s:
        made = get_dataset(s, "cond-clean")
        assert made.versions[0].creator == "pub"
        assert made.open_tier.value == "conditional"  # never less protected than its source


def test_corpus_run_needs_the_right_to_read_the_source(world: World, recipe: Path) -> None:
    with pytest.raises(PermissionDenied, match="a recipe reads every document"):
        world.consumer.corpus_run(recipe, "cond-news", "mine")


def test_corpus_run_on_files(world: World, recipe: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [*ROWS, ROWS[0]]),
                   encoding="utf-8")
    run = world.consumer.corpus_run_files(recipe, src, tmp_path / "out", fmt="parquet")
    assert (run.report.docs_in, run.report.docs_out) == (13, 12) and run.dataset is None
    assert (tmp_path / "out" / "in.parquet").is_file()


def test_mix_and_diff(world: World) -> None:
    plan = world.publisher.mix("mixed", ["open-news@1:0.5", "cond-news@1:0.5"], 200, seed=1)
    assert set(plan.shares()) == {"open-news@1", "cond-news@1"}
    assert world.publisher.diff("open-news@1", "mixed@1").rows.after_rows > 0
    with pytest.raises(PermissionDenied):
        world.consumer.mix("alice-mix", ["cond-news@1:1"], 100)


def test_regrade_through_the_facade(world: World) -> None:
    request = world.publisher.request_regrade("cond-news", reason="已脱敏",
                                              open_tier="unconditional", sensitivity="L1")
    with pytest.raises(PermissionDenied, match="administrators and data officers"):
        world.publisher.approve_regrade(request)
    with pytest.raises(PermissionDenied):
        world.consumer.request_regrade("open-news", reason="x", open_tier="conditional")


def test_annotation_project_lifecycle(world: World, tmp_path: Path) -> None:
    project = world.publisher.create_project("cond-news@1", "news-sentiment",
                                             labels=["正面", "负面"], overlap=1)
    status = project.status()
    assert isinstance(status, ProjectStatus)
    assert (status.state, status.progress.items, status.progress.done) == ("active", 12, 0)
    join(world.platform, "news-sentiment", "pub")
    assert label_all(world.platform, "news-sentiment", "pub") == 12
    assert project.status().progress.done == 12
    out = tmp_path / "labels.jsonl"
    assert project.export(str(out), format="jsonl") == 12
    assert json.loads(out.read_text("utf-8").splitlines()[0])["text"].startswith("第")
    labels = project.export()
    assert isinstance(labels, DatasetView) and labels.ref == "news-sentiment-labels@1"
    assert world.audit("project.download")[-1]["actor"] == "pub"
    project.close()
    assert world.publisher.project("news-sentiment").status().state == "closed"


def test_annotation_needs_rights(world: World) -> None:
    with pytest.raises(PermissionDenied):
        world.consumer.create_project("cond-news", "alice-proj", labels=["是", "否"])
    world.operator.create_project("open-news", "open-proj", labels=["是", "否"])
    with pytest.raises(PermissionDenied, match="owners"):
        world.consumer.project("open-proj").status()


def test_label_errors_and_the_review_queue_through_the_facade(world: World) -> None:
    project = world.publisher.create_project("cond-news@1", "news-errors",
                                             labels=["正面", "负面"], overlap=2)
    join(world.platform, "news-errors", "pub", "ann")
    for annotator, label in (("pub", "正面"), ("ann", "负面")):
        assert label_all(world.platform, "news-errors", annotator, lambda _r, x=label: x) == 12
    quality = project.label_errors(top=3)
    assert (quality.items, len(quality.candidates)) == (12, 3)
    filled = project.send_to_review(2)
    assert (len(filled.items), filled.queued, filled.reopened) == (2, 4, 0)
    assert world.audit("labels.send_to_review")[-1]["actor"] == "pub"
    with pytest.raises(PermissionDenied):
        world.consumer.project("news-errors").label_errors()
    with pytest.raises(PermissionDenied):
        world.consumer.project("news-errors").send_to_review(1)
