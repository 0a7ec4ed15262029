"""Web crawls (WARC/WET), save_to_disk folders and nested JSON lines."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
from pathlib import Path

import pyarrow as pa
import pytest

from jingshu.errors import InputError
from jingshu.store import read_source
from jingshu.store.importers import detect_format

HTML = ("<html><head><title>新闻</title><script>x()</script></head>"
        "<body><p>北京发布数据开放目录。</p></body></html>")


def _warc(path: Path, *, wet: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=path.suffix == ".gz")
        if wet:
            rec = writer.create_warc_record(
                "http://example.cn/a", "conversion", payload=io.BytesIO("纯文本内容。".encode()),
                warc_headers_dict={"Content-Type": "text/plain",
                                   "WARC-Identified-Content-Language": "zho"})
            writer.write_record(rec)
            return
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "http://example.cn/news", "response", payload=io.BytesIO(HTML.encode()),
            http_headers=http))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "http://example.cn/x.png", "response", payload=io.BytesIO(b"\x89PNG"),
            http_headers=image))
        writer.write_record(writer.create_warc_record(
            "http://example.cn/news", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_responses_become_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _warc(path)
    assert detect_format(str(path)) == "warc"
    rows = [r for b in read_source(str(path)) for r in b.to_pylist()]
    assert len(rows) == 1  # the image and the request are skipped
    assert rows[0]["url"] == "http://example.cn/news"
    assert "北京发布数据开放目录。" in rows[0]["text"] and "x()" not in rows[0]["text"]
    if name.endswith(".gz"):
        with gzip.open(path) as f:  # one gzip member per record, as Common Crawl writes
            assert f.read(6) == b"WARC/1"


def test_wet_conversion_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.wet.gz"
    _warc(path, wet=True)
    rows = [r for b in read_source(str(path)) for r in b.to_pylist()]
    assert rows == [{"url": "http://example.cn/a", "date": rows[0]["date"],
                     "record_id": rows[0]["record_id"], "content_type": "text/plain",
                     "language": "zho", "text": "纯文本内容。"}]


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    path.write_text("not a warc\n")
    with pytest.raises(InputError, match=r"bad\.warc: not a readable WARC/WET file"):
        list(read_source(str(path)))


@pytest.mark.skipif(importlib.util.find_spec("datasets") is None,
                    reason="the 'datasets' package is not installed")
def test_save_to_disk_folders(tmp_path: Path) -> None:
    import datasets

    one = datasets.Dataset.from_dict({"text": ["甲", "乙", "丙"], "label": [0, 1, 0]})
    one.save_to_disk(str(tmp_path / "one"))
    assert detect_format(str(tmp_path / "one")) == "hf"
    table = pa.Table.from_batches(list(read_source(str(tmp_path / "one"), batch_rows=2)))
    assert table.column("text").to_pylist() == ["甲", "乙", "丙"]
    both = datasets.DatasetDict({"train": one, "test": one.select([1])})
    both.save_to_disk(str(tmp_path / "both"))
    rows = [r for b in read_source(str(tmp_path / "both")) for r in b.to_pylist()]
    assert [(r["text"], r["split"]) for r in rows] == [("甲", "train"), ("乙", "train"),
                                                       ("丙", "train"), ("乙", "test")]


def test_nested_text_field(tmp_path: Path) -> None:
    path = tmp_path / "nested.jsonl"
    lines = [{"id": i, "meta": {"lang": "zh"}, "content": {"title": "标题", "body": f"正文{i}"}}
             for i in range(3)]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    batch = next(read_source(str(path), text_field="content.body"))
    assert batch.schema.names == ["text", "id"]
    assert batch.column("text").to_pylist() == ["正文0", "正文1", "正文2"]
    with pytest.raises(InputError, match=r"no field 'content\.summary'.*content\.body"):
        list(read_source(str(path), text_field="content.summary"))
    with pytest.raises(InputError, match="'id' is int64, not text"):
        list(read_source(str(path), text_field="id"))
