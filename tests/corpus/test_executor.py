from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from jingshu.corpus.executor import run_files
from jingshu.errors import InputError

RECIPE = """name: t
steps:
  - op: whitespace
  - op: text_length
    params: {min_chars: 4}
  - op: exact_dedup
"""


def _make_input(root: Path) -> Path:
    src = root / "in"
    (src / "sub").mkdir(parents=True)
    rows_a = [
        {"id": f"a{i}", "text": f"第{i}篇 数据质量文章", "metadata": {"src": "a"}} for i in range(5)
    ]
    (src / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows_a) + "\nnot json\n",
        encoding="utf-8",
    )
    with gzip.open(src / "sub" / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        for i in range(4):
            fh.write(json.dumps({"id": f"b{i}", "text": "重复 的 文本", "lang": "zh"}) + "\n")
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": ["c0", "c1"], "text": ["短", "北京人工智能"]})
    pq.write_table(table, src / "c.parquet")
    return src


def _bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.jsonl.gz"))}


@pytest.fixture
def recipe(tmp_path: Path) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(RECIPE, encoding="utf-8")
    return path


def test_run_files_output_report_and_errors(tmp_path: Path, recipe: Path) -> None:
    src = _make_input(tmp_path)
    out = tmp_path / "out"
    report = run_files(recipe, src, out, progress=False)
    assert sorted(_bytes(out)) == ["a.jsonl.gz", "c.jsonl.gz", "sub__b.jsonl.gz"]
    with gzip.open(out / "sub__b.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert rows == [{"id": "b0", "text": "重复 的 文本", "metadata": {"lang": "zh"}}]
    assert (report.docs_in, report.docs_out, report.errors) == (11, 7, 1)
    assert json.loads((out / "report.json").read_text())["docs_out"] == 7
    assert "# Run report: t" in (out / "report.md").read_text()
    assert "not JSON" in (out / "_errors" / "a.jsonl").read_text()


def test_resume_and_determinism(tmp_path: Path, recipe: Path) -> None:
    src = _make_input(tmp_path)
    first, second = tmp_path / "o1", tmp_path / "o2"
    run_files(recipe, src, first, progress=False)
    run_files(recipe, src, second, workers=2, progress=False)
    assert _bytes(first) == _bytes(second)
    # simulate a kill: one shard finished without its marker, another never written
    (second / ".done" / "a.json").unlink()
    (second / "c.jsonl.gz").write_bytes(b"partial")
    (second / ".done" / "c.json").unlink()
    marker_b = (second / ".done" / "sub__b.json").stat().st_mtime_ns
    report = run_files(recipe, src, second, progress=False)
    assert _bytes(first) == _bytes(second)
    assert (second / ".done" / "sub__b.json").stat().st_mtime_ns == marker_b
    assert report.docs_in == 11


def test_parquet_output_keeps_ids_and_metadata(tmp_path: Path, recipe: Path) -> None:
    import pyarrow.parquet as pq

    src = _make_input(tmp_path)
    out = tmp_path / "pq"
    run_files(recipe, src, out, fmt="parquet", progress=False)
    table = pq.read_table(out / "a.parquet").to_pylist()
    assert table[0]["id"] == "a0" and json.loads(table[0]["metadata"]) == {"src": "a"}


def test_missing_input(tmp_path: Path, recipe: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        run_files(recipe, tmp_path / "nope", tmp_path / "o", progress=False)
