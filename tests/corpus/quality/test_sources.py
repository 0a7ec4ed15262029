"""Reading training texts from files of each kind and from catalog datasets."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jingshu.corpus.quality import read_texts
from jingshu.errors import InputError
from jingshu.platform import Platform
from tests.factories import make_dataset


def test_each_file_kind(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text("一\n\n二\n", encoding="utf-8")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("\n".join(json.dumps({"body": t}) for t in ("一", " ", "二")),
                     encoding="utf-8")
    csv = tmp_path / "a.csv"
    csv.write_text("body,x\n一,1\n二,2\n", encoding="utf-8")
    parquet = tmp_path / "a.parquet"
    pq.write_table(pa.table({"body": ["一", None, "二"]}), parquet)
    assert read_texts(str(txt)) == ["一", "二"]
    for path in (jsonl, csv, parquet):
        assert read_texts(str(path), text_field="body") == ["一", "二"], path


def test_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_texts(str(tmp_path / "none.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "一"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: not JSON"):
        read_texts(str(bad))
    other = tmp_path / "x.docx"
    other.write_text("x")
    with pytest.raises(InputError, match="unknown kind"):
        read_texts(str(other))
    csv = tmp_path / "a.csv"
    csv.write_text("review\n好\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column 'text'"):
        read_texts(str(csv))


def test_catalog_dataset(platform: Platform) -> None:
    make_dataset(platform, name="good-set", rows=[{"id": "1", "text": "甲"},
                                                  {"id": "2", "text": "乙"}])
    assert read_texts("dataset:good-set@1", platform=platform) == ["甲", "乙"]
    with pytest.raises(InputError, match="no column 'body'"):
        read_texts("dataset:good-set", text_field="body", platform=platform)
