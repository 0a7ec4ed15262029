from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from jingshu.errors import InputError, SchemaMismatchError
from jingshu.store import read_source

RECORDS = [
    {"id": 1, "text": "你好，世界", "tags": ["a", "b"], "meta": {"src": "web"}},
    {"id": 2, "text": "第二条", "tags": [], "meta": {"src": "wiki"}},
    {"id": 3, "text": "缺少字段"},
]


def _rows(path: Path | str, **kw: object) -> list[dict[str, object]]:
    return [r for b in read_source(str(path), **kw) for r in b.to_pylist()]  # type: ignore[arg-type]


def _jsonl(records: list[dict[str, object]]) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join([*lines[:1], "", *lines[1:]]) + "\n").encode("utf-8")


@pytest.mark.parametrize("name", ["d.jsonl", "d.json", "d.ndjson", "d.jsonl.gz", "d.jsonl.zst"])
def test_jsonl_round_trip_with_compression(tmp_path: Path, name: str) -> None:
    data = _jsonl(RECORDS)
    if name.endswith(".gz"):
        data = gzip.compress(data)
    elif name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    (tmp_path / name).write_bytes(data)
    rows = _rows(tmp_path / name)
    assert [r["text"] for r in rows] == ["你好，世界", "第二条", "缺少字段"]
    assert rows[0]["tags"] == ["a", "b"] and rows[0]["meta"] == {"src": "web"}
    assert rows[2]["tags"] is None


def test_jsonl_later_batches_fit_the_first(tmp_path: Path) -> None:
    f = tmp_path / "d.jsonl"
    f.write_bytes(_jsonl([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}, {"a": 3}]))
    batches = list(read_source(str(f), batch_rows=2))
    assert len(batches) == 2 and batches[1].schema == batches[0].schema
    assert batches[1].to_pylist() == [{"a": 3, "b": None}]


def _error(path: Path, content: bytes, **kw: object) -> str:
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        _rows(path, **kw)
    return str(info.value)


def test_jsonl_malformed_line(tmp_path: Path) -> None:
    msg = _error(tmp_path / "bad.jsonl", b'{"a": 1}\n\n{"a": 2,,}\n')
    assert "bad.jsonl line 3: invalid JSON (" in msg and "one complete JSON object" in msg


def test_jsonl_line_not_an_object(tmp_path: Path) -> None:
    msg = _error(tmp_path / "arr.jsonl", b'{"a": 1}\n[1, 2]\n')
    assert "arr.jsonl line 2: expected a JSON object, got list" in msg


def test_jsonl_not_utf8_names_line_and_byte(tmp_path: Path) -> None:
    gbk = '{"text": "中文"}'.encode("gb18030")
    msg = _error(tmp_path / "gbk.jsonl", b'{"text": "ok"}\n' + gbk + b"\n")
    assert "gbk.jsonl line 2: not UTF-8 (byte 11" in msg
    assert "iconv -f GB18030 -t UTF-8" in msg


def test_jsonl_empty_file(tmp_path: Path) -> None:
    msg = _error(tmp_path / "empty.jsonl", b"\n  \n")
    assert "empty.jsonl: no records found" in msg


def test_jsonl_new_key_at_later_line(tmp_path: Path) -> None:
    content = _jsonl([{"a": 1}, {"a": 2}, {"a": 3, "extra": "x"}])
    with pytest.raises(SchemaMismatchError, match=r"new\.jsonl line 4: new field 'extra'"):
        _rows_path = tmp_path / "new.jsonl"
        _rows_path.write_bytes(content)
        _rows(_rows_path, batch_rows=2)


def test_jsonl_type_conflict_at_later_line(tmp_path: Path) -> None:
    f = tmp_path / "t.jsonl"
    f.write_bytes(b'{"a": 1}\n{"a": 2}\n{"a": 3}\n{"a": "three"}\n')
    with pytest.raises(SchemaMismatchError, match=r"t\.jsonl line 4: field 'a' does not fit"):
        _rows(f, batch_rows=2)


def test_jsonl_type_conflict_in_first_batch(tmp_path: Path) -> None:
    f = tmp_path / "t.jsonl"
    f.write_bytes(b'{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n{"a": "two", "b": "z"}\n')
    with pytest.raises(SchemaMismatchError, match=r"t\.jsonl line 3: field 'a'"):
        _rows(f)
    f.write_bytes(b"".join(b'{"a": %d}\n' % i for i in range(5)) + b'{"a": "x"}\n{"a": 1}\n')
    with pytest.raises(SchemaMismatchError, match=r"t\.jsonl line 6: field 'a'"):
        _rows(f)


def test_jsonl_expected_schema(tmp_path: Path) -> None:
    f = tmp_path / "d.jsonl"
    f.write_bytes(b'{"text": "x"}\n')
    schema = pa.schema([("text", pa.string()), ("label", pa.int32())])
    assert _rows(f, expected_schema=schema) == [{"text": "x", "label": None}]


def test_csv_with_bom_and_tsv(tmp_path: Path) -> None:
    csv = tmp_path / "r.csv"
    csv.write_bytes('\ufefflabel,review\n1,"好,很好"\n0,差\n'.encode())
    assert _rows(csv) == [{"label": 1, "review": "好,很好"}, {"label": 0, "review": "差"}]
    tsv = tmp_path / "r.tsv.gz"
    tsv.write_bytes(gzip.compress("a\tb\n1\t中\n".encode()))
    assert _rows(tsv) == [{"a": 1, "b": "中"}]


def test_csv_ragged_row_names_file(tmp_path: Path) -> None:
    msg = _error(tmp_path / "rag.csv", b"a,b\n1,2\n3,4,5\n")
    assert "rag.csv: cannot parse as CSV" in msg and "Expected 2 columns" in msg


def test_csv_not_utf8(tmp_path: Path) -> None:
    msg = _error(tmp_path / "g.csv", "a\n中文\n".encode("gb18030"))
    assert "g.csv: not UTF-8" in msg and "iconv" in msg


def test_csv_expected_schema_mismatch(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("a,c\n1,2\n")
    schema = pa.schema([("a", pa.int64()), ("b", pa.string())])
    with pytest.raises(SchemaMismatchError, match=r"s.csv: .*missing fields: b; extra fields: c"):
        _rows(f, expected_schema=schema)


def test_parquet_round_trip_and_mismatch(tmp_path: Path) -> None:
    f = tmp_path / "p.parquet"
    pq.write_table(pa.table({"a": list(range(25)), "t": ["字"] * 25}), f, row_group_size=10)
    batches = list(read_source(str(f), batch_rows=10))
    assert [b.num_rows for b in batches] == [10, 10, 5]
    expected = pa.schema([("a", pa.string()), ("t", pa.string()), ("z", pa.int8())])
    with pytest.raises(SchemaMismatchError) as info:
        _rows(f, expected_schema=expected)
    msg = str(info.value)
    assert "p.parquet" in msg and "missing fields: z" in msg
    assert "a (expected string, got int64)" in msg and "cast" in msg


def test_text_folder_txt_html_and_gb18030(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / "b.txt").write_text("乙文本", encoding="utf-8")
    (root / "sub" / "a.html").write_text(
        "<html><head><title>标题</title><style>p{}</style></head>"
        "<body><script>var x=1;</script><p>第一段</p><p>第二&amp;段</p></body></html>",
        encoding="utf-8",
    )
    gb = "这是一个用国标编码保存的中文文件，内容比较长一些以便检测。".encode("gb18030")
    (root / "c.txt").write_bytes(gb)
    (root / "skip.md").write_text("x")
    rows = _rows(root)
    assert [r["id"] for r in rows] == ["b.txt", "c.txt", "sub/a.html"]
    html = rows[2]
    assert html["text"] == "标题\n第一段\n第二&段" and "<script>" in str(html["html"])
    assert rows[0]["html"] is None and rows[0]["encoding"] == "utf-8"
    assert rows[1]["text"].startswith("这是一个")  # type: ignore[union-attr]
    assert rows[1]["encoding"] in {"gb18030", "gbk", "gb2312"}


def test_empty_text_folder(tmp_path: Path) -> None:
    (tmp_path / "e").mkdir()
    with pytest.raises(InputError, match=r"no .txt, .html, .htm files"):
        _rows(tmp_path / "e")


def test_unknown_extension_lists_formats(tmp_path: Path) -> None:
    f = tmp_path / "x.xlsx"
    f.write_bytes(b"x")
    with pytest.raises(InputError, match=r"x\.xlsx: unknown file type.*\.jsonl.*\.parquet"):
        read_source(str(f))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"file not found"):
        _rows(tmp_path / "nope.jsonl")


# --- fast path (pyarrow.json per block) vs Python path (json.loads per line) ----------

MIXED = [
    {
        "id": 1,
        "score": 0.5,
        "ok": True,
        "text": "你好 😀",
        "ts": "2024-01-01T00:00:00",
        "tags": ["a", "b"],
        "meta": {"src": "web", "n": 1},
    },
    {"id": 2, "score": None, "ok": False, "text": "", "ts": None, "tags": [], "meta": None},
    {
        "id": 3,
        "score": 2,
        "ok": None,
        "text": 'tab\t"quote" \\ nul\u0000 é',
        "ts": "x",
        "tags": None,
        "meta": {"src": None, "n": None},
    },
    {"id": 4, "text": "缺少字段"},
]


def _mixed_lines(n: int) -> list[bytes]:
    out = []
    for i in range(n):
        r = dict(MIXED[i % len(MIXED)])
        r["id"] = i
        if i % 7 == 5:
            r["meta"] = {"n": i}  # a nested key missing
        if i % 11 == 3:
            r["tags"] = ["漢字", None, "x" * 50]
        if i % 13 == 6:
            r.pop("text")
        out.append(json.dumps(r, ensure_ascii=i % 2 == 0).encode("utf-8"))
    return out


def _python_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from jingshu.store import jsonl_reader

    monkeypatch.setattr(jsonl_reader, "fast_batch", lambda block, schema: None)


def _count_fast(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    from jingshu.store import jsonl_reader

    used: list[bool] = []
    real = jsonl_reader.fast_batch

    def spy(block: object, schema: pa.Schema) -> pa.RecordBatch | None:
        result = real(block, schema)  # type: ignore[arg-type]
        used.append(result is not None)
        return result

    monkeypatch.setattr(jsonl_reader, "fast_batch", spy)
    return used


def _table(path: Path, **kw: object) -> pa.Table:
    return pa.Table.from_batches(list(read_source(str(path), **kw)))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["m.jsonl", "m.jsonl.gz", "m.jsonl.zst"])
def test_jsonl_fast_path_equals_python_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    lines = _mixed_lines(200)
    lines[57] = b"  " + lines[57] + b"  \r"  # surrounding whitespace, CRLF
    lines[90:90] = [b"", b"   ", "\u3000".encode()]  # blank lines (one only to str.strip)
    data = b"\n".join(lines)  # no final newline
    if name.endswith(".gz"):
        data = gzip.compress(data)
    elif name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    f = tmp_path / name
    f.write_bytes(data)
    used = _count_fast(monkeypatch)
    fast = _table(f, batch_rows=16)
    assert used.count(False) == 1  # only the block with U+3000, blank to str.strip only
    assert [b.num_rows for b in read_source(str(f), batch_rows=16)][:2] == [16, 16]
    _python_only(monkeypatch)
    slow = _table(f, batch_rows=16)
    assert fast.schema == slow.schema and fast.equals(slow)
    assert fast.schema.field("ts").type == pa.string()
    expected = [json.loads(x) for x in lines if x.decode().strip()]
    rows = fast.to_pylist()
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert [r["text"] for r in rows] == [r.get("text") for r in expected]
    assert [r["tags"] for r in rows] == [r.get("tags") for r in expected]
    assert rows[5]["meta"] == {"src": None, "n": 5}


@pytest.mark.parametrize(
    "late",
    [
        b'{"id": 1, "x": 1.0}',  # int column given an integral float
        b'{"id": 1, "x": 1, "x": 2}',  # duplicate key: the last wins
        b'{"id": 1, "x": NaN}',
        b'{"id": 1, "x": 123456789012345678901234567890}',
    ],
)
def test_jsonl_fast_path_falls_back_where_pyarrow_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, late: bytes
) -> None:
    x_type = b"1.5" if b"NaN" in late or b"1234567890123" in late else b"1"
    head = [b'{"id": %d, "x": %s}' % (i, x_type) for i in range(30)]
    f = tmp_path / "d.jsonl"
    f.write_bytes(b"\n".join([*head, late, *head]) + b"\n")
    outcomes = []
    for python_only in (False, True):
        if python_only:
            _python_only(monkeypatch)
        try:
            outcomes.append(_table(f, batch_rows=8).to_pylist())
        except InputError as exc:  # SchemaMismatchError; NaN is refused (issue 10)
            outcomes.append([{"error": str(exc)}])
    fast, slow = outcomes
    assert repr(fast) == repr(slow)  # repr: NaN != NaN


@pytest.mark.parametrize(
    ("late", "error", "message"),
    [
        (b'{"a": 1,,}', InputError, "line 43: invalid JSON ("),
        (b"null", InputError, "line 43: expected a JSON object, got NoneType"),
        (b'{"a": 1} null', InputError, "line 43: invalid JSON (Extra data"),
        (b'{"a": 1} {"a": 2}', InputError, "line 43: invalid JSON (Extra data"),
        (b"[1, 2]", InputError, "line 43: expected a JSON object, got list"),
        (b'\xef\xbb\xbf{"a": 1}', InputError, "line 43: invalid JSON ("),
        (b'{"a": "\xff"}', InputError, "line 43: not UTF-8 (byte 8 of the line is 0xff)"),
        (b'{"a": 1, "b": 2}', SchemaMismatchError, "line 43: new field 'b'"),
        (b'{"a": "one"}', SchemaMismatchError, "line 43: field 'a' does not fit type int64"),
        (b'{"a": 1', InputError, "line 43: invalid JSON ("),
    ],
)
@pytest.mark.parametrize("name", ["late.jsonl", "late.jsonl.gz"])
def test_jsonl_error_in_late_block_names_the_line(
    tmp_path: Path, late: bytes, error: type[Exception], message: str, name: str
) -> None:
    lines = [b'{"a": %d}' % i for i in range(60)]
    lines[10:10] = [b""]  # a blank line shifts numbering: line n holds lines[n - 1]
    lines[42] = late
    data = b"\n".join(lines) + b"\n"
    f = tmp_path / name
    f.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    with pytest.raises(error) as info:
        _rows(f, batch_rows=8)
    assert f"{name} {message}" in str(info.value)


def test_jsonl_expected_schema_takes_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "d.jsonl"
    f.write_bytes(b"".join(b'{"text": "t%d", "n": %d}\n' % (i, i) for i in range(25)))
    schema = pa.schema([("text", pa.string()), ("label", pa.int64()), ("n", pa.float64())])
    used = _count_fast(monkeypatch)
    batches = list(read_source(str(f), batch_rows=10, expected_schema=schema))
    assert used == [True, True, True] and all(b.schema == schema for b in batches)
    assert batches[2].to_pylist()[-1] == {"text": "t24", "label": None, "n": 24.0}
