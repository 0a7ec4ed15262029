"""Profiles of stored versions: text and tabular measures, the sidecar, row content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from jingshu.errors import InputError
from jingshu.profiles import (
    VersionProfile,
    diff_profiles,
    diff_rows,
    load_profile,
    profile_version,
    write_profile,
)
from jingshu.store import DatasetStore, Provenance, StoredVersion

IMPORT = Provenance(kind="import", source="t.jsonl")
BASE = "北京市朝阳区今天发布了新的公共数据开放目录，涵盖交通、教育和医疗等多个领域的数据集。"
TRAD = "臺北市政府今天發佈了新的公共資料開放目錄，涵蓋交通、教育與醫療等多個領域的資料集。"


def _version(store: DatasetStore, columns: dict[str, list[Any]]) -> StoredVersion:
    with store.writer("t", creator="me", made_by=IMPORT) as w:
        w.write_batch(pa.record_batch(columns))
        location, _ = w.commit()
    return store.open(location)


@pytest.fixture
def store(tmp_path: Path) -> DatasetStore:
    return DatasetStore(str(tmp_path / "root"))


def _texts() -> list[str | None]:
    distinct = [f"{BASE}第{i}号文件说明了第{i * 7}项不同的内容与安排。" * 2 for i in range(6)]
    return [*distinct, distinct[0], distinct[0], TRAD, "乱码\ufffd\ufffd文本" * 5,
            "请拨打13812345678联系我们的客服中心获取更多信息", None]


def test_text_field_measures(store: DatasetStore) -> None:
    texts = _texts()
    v = _version(store, {"text": texts, "n": list(range(len(texts)))})
    p = profile_version(v)
    assert [t.name for t in p.text] == ["text"]
    t = p.text[0]
    assert (t.rows, t.nulls) == (12, 1)
    assert t.chars == sum(len(x) for x in texts if x)
    assert 0 < t.tokens < t.chars  # BPE merges Chinese characters
    assert sum(t.length.counts) == 11
    assert t.script["traditional"] == 1 and t.script["simplified"] >= 9
    assert t.replacement_char_rate == pytest.approx(10 / t.chars)
    assert t.pii_hits.get("mobile") == 1
    assert "organization" not in t.pii_scope and "mobile" in t.pii_scope
    assert t.sampled == 11
    assert t.mojibake_rate == pytest.approx(1 / 11)
    # two repeats of the first text among 11 non-empty texts
    assert t.dups.sampled == 11
    assert t.dups.exact_dup_rate == pytest.approx(2 / 11)
    assert t.dups.near_dup_rate >= t.dups.exact_dup_rate
    assert t.languages.get("zh", 0) >= 9


def test_near_duplicates_found_and_short_texts_not_confused(store: DatasetStore) -> None:
    long = BASE * 3
    near = long.replace("交通", "交運", 1)
    other = "完全不同的另一段文字，讲的是天气和农业生产的情况。" * 3
    v = _version(store, {"text": [long, near, other]})
    dups = profile_version(v).text[0].dups
    assert dups.exact_dup_rate == 0
    assert dups.near_dup_rate == pytest.approx(1 / 3)


def test_tabular_columns(store: DatasetStore) -> None:
    v = _version(store, {
        "score": [float(i) for i in range(100)],
        "label": ["好" if i % 4 else "差" for i in range(100)],
        "maybe": [None if i % 2 else i for i in range(100)],
    })
    p = profile_version(v)
    assert p.text == ()
    score, label, maybe = (p.column(n) for n in ("score", "label", "maybe"))
    assert score.quantiles["p0"] == 0 and score.quantiles["p100"] == 99
    assert 45 <= score.quantiles["p50"] <= 55
    assert score.mean == pytest.approx(49.5)
    assert label.distinct == 2 and label.top_values[0].value == "好"
    assert label.top_values[0].count == 75
    assert maybe.null_rate == 0.5


def test_sidecar_round_trip_and_row_content(store: DatasetStore) -> None:
    v = _version(store, {"text": _texts(), "label": ["a"] * 12})
    assert load_profile(v) is None
    p = profile_version(v)
    write_profile(v, p)
    again = load_profile(store.open(v.location))
    assert again == p
    hidden = p.without_row_content()
    assert hidden.row_content_hidden and hidden.column("label").top_values == ()
    assert hidden.column("label").min is None
    assert VersionProfile.from_dict(hidden.to_dict()) == hidden


def test_named_text_field_must_be_string(store: DatasetStore) -> None:
    v = _version(store, {"n": [1, 2]})
    with pytest.raises(InputError, match="'n' is int64, not text"):
        profile_version(v, text_fields=["n"])
    with pytest.raises(InputError, match="no field 'x'"):
        profile_version(v, text_fields=["x"])


def test_diff_rows_and_profiles(store: DatasetStore) -> None:
    a = _version(store, {"text": [BASE, TRAD, "第三段" * 10]})
    b = _version(store, {"text": [BASE, "第四段" * 10, "第五段" * 10, "第五段" * 10]})
    rows = diff_rows(a, b)
    assert (rows.added, rows.removed, rows.unchanged) == (2, 2, 1)
    changes = diff_profiles(profile_version(a), profile_version(b))
    assert {"rows", "script_traditional"} <= {c.measure for c in changes.changes}
