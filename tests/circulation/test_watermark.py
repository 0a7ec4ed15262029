"""Watermarks survive reordering, column subsets, sampling, re-encoding and edits; an
unmarked, foreign or tiny file is never blamed on anyone."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jingshu.circulation.watermark import (
    Candidate,
    Verdict,
    mark_batch,
    mark_text,
    text_slots,
    trace,
    trace_slots,
)
from jingshu.circulation.watermark.trace import binomial_tail

PHRASES = ["数据要素", "公共数据", "人工智能", "训练语料", "城市治理", "医疗健康", "教育资源",
           "隐私计算", "开放平台", "质量评估", "交通出行", "气象观测"]
PUNCT = ["，", "。", "；", "、", "：", "！", "？"]


def _sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 6)):
        parts.append("".join(rng.sample(PHRASES, 2)) + rng.choice(PUNCT))
    return "".join(parts)


def _table(rows: int, seed: int = 7) -> pa.Table:
    rng = random.Random(seed)
    return pa.table({
        "id": [f"r{i:05d}" for i in range(rows)],
        "age": [rng.randint(18, 80) for _ in range(rows)],
        "score": [round(rng.uniform(0, 1000), rng.choice((2, 3))) for _ in range(rows)],
        "text": [_sentence(rng) for _ in range(rows)],
    })


SECRETS = [bytes([i]) * 32 for i in range(1, 6)]
CANDIDATES = [Candidate(f"g{i}", f"user{i}", "ds", s) for i, s in enumerate(SECRETS)]


def _marked(table: pa.Table, secret: bytes) -> pa.Table:
    return pa.Table.from_batches([mark_batch(b, secret) for b in table.to_batches()])


def _write(table: pa.Table, path: Path) -> Path:
    if path.suffix == ".parquet":
        pq.write_table(table, path)
    elif path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(table.column_names)
            w.writerows([list(r.values()) for r in table.to_pylist()])
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                for r in table.to_pylist()), encoding="utf-8")
    return path


def test_marking_changes_only_text_punctuation_and_last_decimal_digits() -> None:
    table = _table(200)
    marked = _marked(table, SECRETS[0])
    assert marked.column("id") == table.column("id")
    assert marked.column("age") == table.column("age")
    for a, b in zip(marked.column("score").to_pylist(), table.column("score").to_pylist(),
                    strict=True):
        assert abs(a - b) <= 0.011
    changed = sum(a != b for a, b in zip(marked.column("text").to_pylist(),
                                         table.column("text").to_pylist(), strict=True))
    assert changed > 150


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_reordered_subset_sample_reencoded_is_traced(tmp_path: Path, suffix: str) -> None:
    marked = _marked(_table(2000), SECRETS[2])
    rng = random.Random(1)
    rows = rng.sample(range(marked.num_rows), 300)  # sampled down and reordered
    leak = marked.take(pa.array(rows)).select(["score", "text"])
    result = trace(_write(leak, tmp_path / f"leak{suffix}"), CANDIDATES)
    assert result.verdict is Verdict.TRACED, result.message
    assert [f.grant_id for f in result.findings] == ["g2"]
    assert result.findings[0].confidence > 0.999999


def test_numbers_alone_carry_the_mark(tmp_path: Path) -> None:
    leak = _marked(_table(3000), SECRETS[1]).select(["id", "score"])
    result = trace(_write(leak, tmp_path / "nums.csv"), CANDIDATES)
    assert [f.holder for f in result.findings] == ["user1"]


def test_partly_edited_leak_is_still_traced(tmp_path: Path) -> None:
    marked = _marked(_table(600), SECRETS[3]).to_pylist()
    rng = random.Random(3)
    for row in marked:
        if rng.random() < 0.3:
            row["text"] = row["text"].replace("，", ",")  # a careless normalization
        if rng.random() < 0.3:
            row["score"] = round(row["score"], 1)
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in marked))
    result = trace(path, CANDIDATES)
    assert [f.grant_id for f in result.findings] == ["g3"]


def test_unmarked_and_foreign_files_blame_nobody(tmp_path: Path) -> None:
    table = _table(2000)
    unmarked = trace(_write(table, tmp_path / "clean.parquet"), CANDIDATES)
    assert unmarked.verdict is Verdict.UNMARKED and not unmarked.findings
    foreign = trace(_write(_marked(table, b"\xee" * 32), tmp_path / "foreign.csv"), CANDIDATES)
    assert foreign.verdict is Verdict.UNMARKED and "nobody is blamed" in foreign.message


def test_a_tiny_excerpt_is_too_small_to_decide(tmp_path: Path) -> None:
    text = mark_text("今天北京发布了公共数据开放目录，市民可以查询。", SECRETS[0])
    result = trace(_write_text(tmp_path / "tiny.txt", text), CANDIDATES)
    assert result.verdict is Verdict.TOO_SMALL
    assert "too small" in result.message


def _write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_text_survives_rewrapping_and_partial_copying(tmp_path: Path) -> None:
    rng = random.Random(5)
    article = "".join(_sentence(rng) for _ in range(120))
    marked = mark_text(article, SECRETS[4])
    excerpt = marked[len(marked) // 3: len(marked) // 3 + 900]
    rewrapped = "\n".join(" " + excerpt[i:i + 37] for i in range(0, len(excerpt), 37))
    result = trace(_write_text(tmp_path / "excerpt.txt", rewrapped), CANDIDATES)
    assert [f.grant_id for f in result.findings] == ["g4"], result.message
    assert text_slots(rewrapped) and len(text_slots(rewrapped)) == len(text_slots(excerpt))


def test_two_recipients_merged_are_both_named() -> None:
    rng = random.Random(9)
    a = mark_text("".join(_sentence(rng) for _ in range(60)), SECRETS[0])
    b = mark_text("".join(_sentence(rng) for _ in range(60)), SECRETS[1])
    result = trace_slots(text_slots(a + b), CANDIDATES)
    assert {f.grant_id for f in result.findings} == {"g0", "g1"}


def test_binomial_tail_is_exact_on_small_cases() -> None:
    assert binomial_tail(4, 4) == pytest.approx(1 / 16)
    assert binomial_tail(4, 3) == pytest.approx(5 / 16)
    assert binomial_tail(10, 0) == 1.0
