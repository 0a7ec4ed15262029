"""dedup_files end to end: across shards, keep rules, reports, CLI and recipe stage."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingshu.cli.main import cli
from jingshu.corpus.dedup import NearDedupConfig, dedup_files
from jingshu.corpus.executor import run_files

_RND = random.Random(11)


def _doc(n: int = 300) -> str:
    return "".join(chr(0x4E00 + _RND.randrange(3000)) for _ in range(n))


ORIGINALS = [_doc() for _ in range(6)]
FOOTER = "本网站所刊载信息不代表本站观点如需转载请注明出处联系电话零一零一二三四五六七八" * 2


def _variant(text: str) -> str:
    """Traditional-free edit: typos every 60 characters, punctuation and a header."""
    chars = list(text)
    for i in range(0, len(chars), 60):
        chars[i] = "错"
    return "原标题：转载\n" + "，".join("".join(chars)[i : i + 40] for i in range(0, 300, 40))


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    """Two shards: originals in a, their copies and variants in b, plus hard negatives."""
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "a.jsonl", [{"id": f"o{i}", "text": t, "quality_score": 0.1}
                             for i, t in enumerate(ORIGINALS)])
    rows: list[dict[str, object]] = [
        {"id": "exact0", "text": ORIGINALS[0] + "。", "quality_score": 0.5},
        {"id": "near1", "text": _variant(ORIGINALS[1]), "quality_score": 0.9},
        {"id": "near1b", "text": _variant(ORIGINALS[1]) + _doc(10)},
    ]
    rows += [{"id": f"neg{i}", "text": _doc(120) + "\n" + FOOTER} for i in range(12)]
    _write(src / "b.jsonl", rows)
    return src


def _kept(out: Path) -> set[str]:
    ids: set[str] = set()
    for path in out.glob("*.jsonl.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            ids |= {json.loads(line)["id"] for line in fh}
    return ids


def test_removes_exact_and_near_duplicates_across_shards(shards: Path, tmp_path: Path) -> None:
    config = NearDedupConfig(threshold=0.5, verify=True, line_min_docs=5)
    report = dedup_files(shards, tmp_path / "out", config, progress=False)
    kept = _kept(tmp_path / "out")
    assert kept == {f"o{i}" for i in range(6)} | {f"neg{i}" for i in range(12)}
    assert (report.exact_removed, report.near_removed, report.clusters) == (1, 2, 2)
    assert report.frequent_lines >= 1
    assert report.samples[0].size == 3 and report.samples[0].kept == "o1"
    saved = json.loads((tmp_path / "out" / "dedup_report.json").read_text("utf-8"))
    assert saved["docs_out"] == 18
    assert "o1" in (tmp_path / "out" / "dedup_report.md").read_text("utf-8")
    assert not (tmp_path / "out" / "_dedup_work").exists()


def test_keep_quality_and_longest(shards: Path, tmp_path: Path) -> None:
    config = NearDedupConfig(threshold=0.5, verify=True, keep="quality")
    quality = dedup_files(shards, tmp_path / "q", config, progress=False)
    assert {"near1", "exact0"} <= _kept(tmp_path / "q") and quality.docs_out == 18
    config = NearDedupConfig(threshold=0.5, verify=True, keep="longest")
    dedup_files(shards, tmp_path / "l", config, progress=False)
    assert "near1b" in _kept(tmp_path / "l")


def test_workers_give_the_same_result(shards: Path, tmp_path: Path) -> None:
    config = NearDedupConfig(threshold=0.5, verify=True)
    dedup_files(shards, tmp_path / "one", config, progress=False)
    dedup_files(shards, tmp_path / "two", config, workers=2, progress=False)
    for name in ("a.jsonl.gz", "b.jsonl.gz"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_cli(shards: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["corpus", "dedup", "--input", str(shards), "--output",
                                      str(tmp_path / "c"), "--threshold", "0.5", "--verify",
                                      "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["docs_out"] == 18


def test_recipe_stage_runs_after_streaming_steps(shards: Path, tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: d\ndescription: d\nsteps:\n  - op: whitespace\n"
                      "  - op: line_dedup\n    params: {min_docs: 5}\n"
                      "  - op: near_dedup\n    params: {threshold: 0.5, verify: true}\n", "utf-8")
    report = run_files(recipe, shards, tmp_path / "r", progress=False)
    assert report.docs_out == 18
    near = report.operators[2]
    assert near.drops == {"exact_duplicate": 1, "near_duplicate": 2}
    assert near.counters["clusters"] == 2
    assert report.operators[1].counters["lines_removed"] == 12
    with gzip.open(tmp_path / "r" / "b.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    assert not any(FOOTER in t for t in texts)
    assert (tmp_path / "r" / ".done" / "_stage_2_near_dedup.json").exists()  # resume marker


@pytest.mark.parametrize(("scope", "dropped"), [("shard", set()), ("dataset", {"exact0"})])
def test_exact_dedup_scope(shards: Path, tmp_path: Path, scope: str, dropped: set[str]) -> None:
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: d\ndescription: d\nsteps:\n  - op: exact_dedup\n"
                      f"    params: {{scope: {scope}}}\n", "utf-8")
    report = run_files(recipe, shards, tmp_path / "r", progress=False)
    all_ids = {f"o{i}" for i in range(6)} | {"exact0", "near1", "near1b"}
    all_ids |= {f"neg{i}" for i in range(12)}
    assert _kept(tmp_path / "r") == all_ids - dropped  # exact0 copies o0, in another shard
    assert report.docs_out == len(all_ids) - len(dropped)
    assert report.operators[0].drops == ({"exact_duplicate": 1} if dropped else {})
