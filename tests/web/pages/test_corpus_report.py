"""The processing report on a version's page, and its plots served on demand."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from jingshu.catalog.rules import OpenTier
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.platform import Platform
from tests.corpus.test_catalog_run import RECIPE_YAML, ROWS
from tests.factories import make_dataset


def _made_by_recipe(platform: Platform, tmp_path: Path, tier: OpenTier) -> None:
    make_dataset(platform, name="raw", rows=ROWS, tier=tier)
    recipe = tmp_path / "small.yaml"
    recipe.write_text(RECIPE_YAML, encoding="utf-8")
    run_recipe_on_dataset(platform, recipe, "raw@1", "clean", creator="test", progress=False)


def test_version_page_shows_the_report_and_plots(platform: Platform, client: TestClient,
                                                 tmp_path: Path) -> None:
    _made_by_recipe(platform, tmp_path, OpenTier.UNCONDITIONAL)
    page = client.get("/datasets/clean?version=1&lang=zh").text
    assert "处理报告" in page and "exact_duplicate" in page
    assert "数据要素市场建设" in page  # the dropped duplicate's snippet: open data
    assert "/datasets/clean/versions/1/report/fluency.png" in page
    assert "Processing report" in client.get("/datasets/clean?version=1&lang=en").text
    png = client.get("/datasets/clean/versions/1/report/fluency.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get("/datasets/clean/versions/1/report/nope.png").status_code == 404
    assert "处理报告" not in client.get("/datasets/raw?lang=zh").text  # imported, no recipe
    assert client.get("/datasets/raw/versions/1/report/steps.png").status_code == 404


def test_snippets_are_hidden_without_download_rights(platform: Platform, client: TestClient,
                                                    tmp_path: Path) -> None:
    _made_by_recipe(platform, tmp_path, OpenTier.CONDITIONAL)
    page = client.get("/datasets/clean?version=1&lang=zh").text
    assert "处理报告" in page and "exact_duplicate" in page
    assert "数据要素市场建设" not in page and "无权查看数据内容" in page
    assert client.get("/datasets/clean/versions/1/report/steps.png").status_code == 200
