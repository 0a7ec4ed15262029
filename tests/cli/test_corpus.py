"""``jingshu corpus run|recipes|show|validate`` and ``jingshu clean``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from jingshu.catalog.service import get_version, open_version
from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset

TEXT = ("北京市发布了新一轮人工智能产业发展规划，提出建设公共数据开放平台。"
        "规划强调数据质量是人工智能数据服务的核心，要求对训练数据进行分级分类管理。"
        "上海市推动高质量中文语料的汇聚与共享，鼓励企业参与数据标注众包平台建设。"
        "深圳市探索隐私计算技术，让教育和医疗数据在可用不可见的前提下与企业数据融合。")
ROWS = [{"id": "a", "text": TEXT, "source": "web"}, {"id": "b", "text": TEXT},
        {"id": "c", "text": "短"}]


def test_run_on_files_writes_shards_and_reports(invoke: Invoke,
                                                jsonl: Callable[..., Path],
                                                tmp_path: Path) -> None:
    src = jsonl(ROWS)
    out = tmp_path / "out"
    result = invoke("corpus", "run", "zh-web", "--input", str(src), "--output", str(out))
    assert "3 documents in, 1 out" in result.stdout
    assert "dropped" in result.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["docs_in"], report["docs_out"]) == (3, 1)
    assert (out / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "](report.png)" in (out / "report.md").read_text(encoding="utf-8")
    assert (out / "data.jsonl.gz").exists()


def test_run_on_files_json_and_parquet(invoke: Invoke, jsonl: Callable[..., Path],
                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = as_json(invoke("corpus", "run", "zh-web", "--input", str(jsonl(ROWS)), "--output",
                          str(out), "--format", "parquet", "--rejects", "--json"))
    assert data["report"]["docs_out"] == 1 and data["output"] == str(out)
    assert (out / "data.parquet").exists() and (out / "_rejects" / "data.jsonl").exists()


def test_run_on_a_dataset_publishes_a_version_with_lineage(invoke: Invoke,
                                                           platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    data = as_json(invoke("corpus", "run", "zh-web", "--input-dataset", "raw@1",
                          "--output-dataset", "clean", "--json"))
    assert data["output"] == "clean@1"
    assert (data["report"]["docs_in"], data["report"]["docs_out"]) == (3, 1)
    with platform.session() as s:
        made, raw = get_version(s, "clean"), get_version(s, "raw")
        rows = open_version(platform.store, made).head(5)
    assert [r["id"] for r in rows] == ["a"] and rows[0]["source"] == "web"
    shown = as_json(invoke("dataset", "show", "clean", "--json"))
    refs = {n["ref"] for n in shown["lineage"]["nodes"]}
    assert {"raw@1", "clean@1"} <= refs and raw.id != made.id


def test_run_mixing_files_and_datasets_is_refused(invoke: Invoke,
                                                 jsonl: Callable[..., Path]) -> None:
    result = invoke("corpus", "run", "zh-web", "--input", str(jsonl(ROWS)),
                    "--output-dataset", "clean", code=2)
    assert "both be files or both be datasets" in result.stderr
    result = invoke("corpus", "run", "zh-web", "--input", str(jsonl(ROWS)), code=2)
    assert "give one input (--input PATH or --input-dataset NAME[@VERSION])" in result.stderr
    result = invoke("corpus", "run", "zh-web", "--input", "missing.jsonl", "--output", "o",
                    code=2)
    assert "'missing.jsonl' does not exist" in result.stderr


def test_the_dataset_prefix_still_works_with_a_warning(invoke: Invoke,
                                                       platform: Platform) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    result = invoke("corpus", "run", "zh-web", "--input", "dataset:raw@1", "--output",
                    "dataset:clean", "--json")
    assert "warning: --input dataset:raw@1 is deprecated; use --input-dataset raw@1" in \
        result.stderr
    assert "warning: --output dataset:clean is deprecated; use --output-dataset clean" in \
        result.stderr
    assert as_json(result)["output"] == "clean@1"


def test_recipes_lists_the_builtins(invoke: Invoke) -> None:
    names = [r["name"] for r in as_json(invoke("corpus", "recipes", "--json"))]
    assert names == ["zh-docs", "zh-sft", "zh-web"]
    assert "zh-web" in invoke("corpus", "recipes").stdout


def test_show_prints_the_steps(invoke: Invoke) -> None:
    out = invoke("corpus", "show", "zh-web").stdout
    assert "pinyin_gloss" in out and "exact_dedup" in out
    assert as_json(invoke("corpus", "show", "zh-sft", "--json"))["name"] == "zh-sft"


def test_validate_accepts_a_good_file(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("name: ok\nsteps:\n  - op: cjk_ratio\n    params: {min_ratio: 0.3}\n",
                    encoding="utf-8")
    assert "ok, recipe ok with 1 steps" in invoke("corpus", "validate", str(path)).stdout


def test_validate_names_the_step_parameter_and_a_fix(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nsteps:\n  - op: whitespace\n  - op: cjk_ratio\n"
                    "    params: {min_ratoi: 0.3}\n", encoding="utf-8")
    result = invoke("corpus", "validate", str(path), code=2)
    assert "step 2 (cjk_ratio): unknown parameter 'min_ratoi'" in result.stderr
    assert "did you mean 'min_ratio'?" in result.stderr


def test_validate_reports_an_out_of_range_value(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "range.yaml"
    path.write_text("steps:\n  - op: cjk_ratio\n    params: {min_ratio: 7}\n", encoding="utf-8")
    result = invoke("corpus", "validate", str(path), code=2)
    assert "'min_ratio' must be in" in result.stderr and "hint:" in result.stderr


def test_clean_repairs_stdin(invoke: Invoke) -> None:
    result = invoke("clean", input="你好（nǐ hǎo）世界&amp;朋友\n")
    assert result.stdout == "你好世界&朋友\n"
