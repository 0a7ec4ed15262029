"""CSV export: header, UTF-8 with BOM, nested values as JSON, no formulas."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pyarrow as pa

from jingshu.store import DatasetStore, export_csv

from .conftest import IMPORT

ROWS = [{"id": 1, "text": "北京，今天", "tags": ["甲", "乙"], "note": "=SUM(A1:A2)"},
        {"id": 2, "text": "多行\n文本, 带 \"引号\"", "tags": [], "note": None}]


def test_export_csv_reads_back(store: DatasetStore, tmp_path: Path) -> None:
    with store.writer("csv-out", creator="a", made_by=IMPORT) as w:
        w.write_batch(pa.RecordBatch.from_pylist(ROWS))
        location, _ = w.commit()
    out = tmp_path / "o.csv"
    assert export_csv(store.open(location), str(out)) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read it as UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert table[0] == ["id", "text", "tags", "note"]
    assert table[1] == ["1", "北京，今天", '["甲", "乙"]', "'=SUM(A1:A2)"]
    assert table[2] == ["2", "多行\n文本, 带 \"引号\"", "[]", ""]
    gz = tmp_path / "o.csv.gz"
    export_csv(store.open(location), str(gz))
    assert gzip.decompress(gz.read_bytes()) == raw
