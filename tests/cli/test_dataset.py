"""``jingshu dataset``: every command's happy path and its bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jingshu.catalog.exporting import guess_export_format
from jingshu.errors import InputError
from jingshu.platform import Platform
from tests.cli.conftest import SAMPLE_ROWS, Invoke, as_json

MakeJsonl = Callable[..., Path]


@pytest.fixture
def imported(invoke: Invoke, jsonl: MakeJsonl) -> str:
    invoke("dataset", "import", str(jsonl()), "--name", "zh-news", "--title", "新闻语料",
           "--keyword", "新闻", "--keyword", "语料", "--theme", "文化",
           "--tier", "conditional", "--sensitivity", "L2")
    return "zh-news"


def test_import_prints_version_and_rows(invoke: Invoke, jsonl: MakeJsonl) -> None:
    out = invoke("dataset", "import", str(jsonl()), "--name", "zh-a").stdout
    assert out.strip() == "imported 3 rows into zh-a@1"


def test_import_json_and_append(invoke: Invoke, jsonl: MakeJsonl, imported: str) -> None:
    result = as_json(invoke("dataset", "import", str(jsonl()), "--name", imported, "--append",
                            "--json"))
    assert (result["version"], result["rows"]) == (2, 3)


def test_import_csv_with_format(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "rows.txt"
    path.write_text("id,text\n1,你好\n2,世界\n", encoding="utf-8")
    out = invoke("dataset", "import", str(path), "--name", "zh-csv", "--format", "csv").stdout
    assert "2 rows" in out


def test_malformed_jsonl_names_the_line_and_leaves_nothing(
    invoke: Invoke, jsonl: MakeJsonl
) -> None:
    path = jsonl(lines=['{"id": 1, "text": "好"}', '{"id": 2, "text": "坏"', '{"id": 3}'])
    result = invoke("dataset", "import", str(path), "--name", "broken", code=2)
    assert result.stderr.startswith(f"error: {path} line 2")
    assert "hint:" in result.stderr
    assert as_json(invoke("dataset", "list", "--json")) == []


def test_duplicate_name_is_refused(invoke: Invoke, jsonl: MakeJsonl, imported: str) -> None:
    result = invoke("dataset", "import", str(jsonl()), "--name", imported, code=2)
    assert f"dataset '{imported}' already exists" in result.stderr
    assert "--append" in result.stderr


def test_forbidden_tier_names_the_rule_and_allowed_tiers(
    invoke: Invoke, jsonl: MakeJsonl
) -> None:
    result = invoke("dataset", "import", str(jsonl()), "--name", "secret", "--grade", "core",
                    "--tier", "unconditional", code=2)
    assert "open tier unconditional (无条件开放) is not allowed for core" in result.stderr
    assert "hint: choose one of: not_open (不予开放), conditional (有条件开放)" in result.stderr


def test_bad_choice_is_a_usage_error(invoke: Invoke, jsonl: MakeJsonl) -> None:
    result = invoke("dataset", "import", str(jsonl()), "--name", "x1", "--tier", "open", code=2)
    assert "Invalid value for '--tier'" in result.stderr


def test_list(invoke: Invoke, imported: str) -> None:
    [item] = as_json(invoke("dataset", "list", "--json"))
    assert item["name"] == imported
    assert (item["tier"], item["versions"], item["rows"]) == ("conditional", 1, 3)
    assert "新闻语料" in invoke("dataset", "list").stdout


def test_show_json_and_text(invoke: Invoke, imported: str) -> None:
    info = as_json(invoke("dataset", "show", f"{imported}@1", "--json"))
    assert info["title"] == "新闻语料"
    assert info["keywords"] == ["新闻", "语料"]
    assert [f["name"] for f in info["fields"]] == ["id", "text"]
    assert info["all_versions"][0]["made_by"]["kind"] == "import"
    text = invoke("dataset", "show", imported).stdout
    assert "fields of @1:" in text and "conditional" in text


def test_show_lineage_after_append(invoke: Invoke, jsonl: MakeJsonl, imported: str) -> None:
    invoke("dataset", "import", str(jsonl()), "--name", imported, "--append")
    info = as_json(invoke("dataset", "show", imported, "--json"))
    assert info["version"] == 2
    assert len(info["lineage"]["edges"]) == 1
    assert f"{imported}@1 -> {imported}@2" in invoke("dataset", "show", imported).stdout


def test_unknown_dataset_and_version(invoke: Invoke, imported: str) -> None:
    assert "dataset 'ghost' does not exist" in invoke("dataset", "head", "ghost", code=2).stderr
    result = invoke("dataset", "show", f"{imported}@7", code=2)
    assert f"dataset '{imported}' has no version 7" in result.stderr
    assert "hint: versions: 1" in result.stderr


@pytest.mark.parametrize("ref", ["zh-news@", "zh-news@v2", "zh news", "a@1@2"])
def test_bad_ref(invoke: Invoke, imported: str, ref: str) -> None:
    result = invoke("dataset", "show", ref, code=2)
    assert f"dataset reference {ref!r} is not valid" in result.stderr
    assert "NAME@VERSION" in result.stderr


def test_head(invoke: Invoke, imported: str) -> None:
    rows = as_json(invoke("dataset", "head", imported, "-n", "2", "--json"))
    assert rows == SAMPLE_ROWS[:2]
    lines = invoke("dataset", "head", f"{imported}@latest", "-n", "1").stdout.splitlines()
    assert json.loads(lines[0]) == SAMPLE_ROWS[0]
    later = as_json(invoke("dataset", "head", imported, "--offset", "1", "-n", "5", "--json"))
    assert later == SAMPLE_ROWS[1:]
    needle = str(SAMPLE_ROWS[2]["text"])[:3]
    found = as_json(invoke("dataset", "head", imported, "--contains", needle, "--json"))
    assert SAMPLE_ROWS[2] in found


def test_export_csv(invoke: Invoke, imported: str, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "out.csv"
    assert "exported 3 rows" in invoke("dataset", "export", imported, str(out)).stdout
    table = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["text"] for r in table] == [r["text"] for r in SAMPLE_ROWS]


def test_describe_edits_the_data_dictionary(invoke: Invoke, imported: str) -> None:
    invoke("dataset", "describe", imported, "text", "正文，已清洗")
    info = as_json(invoke("dataset", "show", imported, "--json"))
    assert {f["name"]: f["description"] for f in info["fields"]}["text"] == "正文，已清洗"
    result = invoke("dataset", "describe", imported, "body", "x", code=2)
    assert "has no field 'body'" in result.stderr and "fields: id, text" in result.stderr


def test_set_updates_metadata_and_checks_the_rule(invoke: Invoke, imported: str) -> None:
    invoke("dataset", "set", imported, "--title", "新闻语料（新）", "--grade", "important",
           "--tier", "not_open")
    info = as_json(invoke("dataset", "show", imported, "--json"))
    assert info["title"] == "新闻语料（新）"
    assert (info["tier"], info["grade"]) == ("not_open", "important")
    result = invoke("dataset", "set", imported, "--tier", "unconditional", code=2)
    assert "not allowed for important" in result.stderr
    assert "nothing to change" in invoke("dataset", "set", imported, code=2).stderr


def test_resource_is_attached_and_shown(invoke: Invoke, imported: str) -> None:
    invoke("dataset", "resource", imported, "--title", "数据标准说明",
           "--url", "https://example.cn/std.pdf", "--format", "PDF")
    info = as_json(invoke("dataset", "show", imported, "--json"))
    assert info["resources"] == [
        {"title": "数据标准说明", "url": "https://example.cn/std.pdf", "format": "PDF"}]
    bad = invoke("dataset", "resource", imported, "--title", "x", "--url", "ftp:x", code=2)
    assert "not an http(s) URL" in bad.stderr


def test_verify_ok_and_tampered(invoke: Invoke, imported: str, platform: Platform) -> None:
    assert "sha256 ok" in invoke("dataset", "verify", imported).stdout
    [shard] = Path(platform.settings.storage_root).rglob("*.parquet")
    shard.write_bytes(shard.read_bytes()[:-10] + b"0123456789")
    result = invoke("dataset", "verify", f"{imported}@1", code=1)
    assert result.stderr.startswith(f"error: {imported}@1:")
    report = as_json(invoke("dataset", "verify", imported, "--json", code=1))
    assert (report["version"], report["ok"]) == (f"{imported}@1", False) and report["error"]


def test_export_formats(invoke: Invoke, imported: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert "exported 3 rows" in invoke("dataset", "export", imported, str(out)).stdout
    assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == SAMPLE_ROWS
    invoke("dataset", "export", f"{imported}@1", str(tmp_path / "out.parquet"))
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 3
    invoke("dataset", "export", imported, str(tmp_path / "hf"))
    assert (tmp_path / "hf" / "README.md").exists()
    invoke("dataset", "export", imported, str(tmp_path / "x.bin"), "--format", "parquet")
    log = as_json(invoke("audit", "log", "--json"))
    assert [e["action"] for e in log].count("version.download") == 4


def test_export_unknown_extension(invoke: Invoke, imported: str, tmp_path: Path) -> None:
    result = invoke("dataset", "export", imported, str(tmp_path / "out.xlsx"), code=2)
    assert "cannot tell the export format" in result.stderr


@pytest.mark.parametrize(("out", "fmt"), [("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"),
                                          ("a.parquet", "parquet"), ("folder", "hf"),
                                          ("a.csv.gz", "csv")])
def test_guess_export_format(out: str, fmt: str) -> None:
    assert guess_export_format(out) == fmt


def test_guess_export_format_refuses_unknown() -> None:
    with pytest.raises(InputError):
        guess_export_format("a.xlsx")
