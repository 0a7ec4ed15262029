"""Watermarks change no character of any record, survive a recipient's own cleaning,
de-duplication and excerpting, and never blame anyone for an unmarked, foreign or tiny
file."""

from __future__ import annotations

import csv
import gzip
import itertools
import json
import math
import random
import unicodedata
from pathlib import Path

import pyarrow as pa
import pytest

from jingshu.circulation.extracts import PlannedExtract, escape_formula, watermark_table
from jingshu.circulation.watermark import (
    Candidate,
    ExtractedVersion,
    Leak,
    RecordIndex,
    Verdict,
    canary_count,
    count_inversions,
    inversion_tail,
    make_canaries,
    mark_batch,
    text_slots,
    trace,
    trace_leak,
    trace_slots,
)
from jingshu.circulation.watermark.text import mark_text
from jingshu.circulation.watermark.trace import binomial_tail

PHRASES = ["数据要素", "公共数据", "人工智能", "训练语料", "城市治理", "医疗健康", "教育资源",
           "隐私计算", "开放平台", "质量评估", "交通出行", "气象观测", "社区服务", "产业园区"]
PUNCT = ["，", "。", "；", "、", "：", "！", "？"]
VERSION = "v-test"


def _sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 6)):
        parts.append("".join(rng.sample(PHRASES, 2)) + f"第{rng.randint(1, 999)}项"
                     + rng.choice(PUNCT))
    return "".join(parts)


def _corpus(rows: int, seed: int = 7) -> pa.Table:
    rng = random.Random(seed)
    return pa.table({
        "id": [f"doc{i:05d}" for i in range(rows)],
        "text": ["".join(_sentence(rng) for _ in range(4)) for _ in range(rows)],
        "score": [round(rng.uniform(0, 1000), rng.choice((2, 3))) for _ in range(rows)],
    })


SECRETS = [bytes([i]) * 32 for i in range(1, 6)]


def _candidates(rows: int) -> list[Candidate]:
    return [Candidate(f"g{i}", f"user{i}", "ds", s,
                      (ExtractedVersion(VERSION, canary_count(rows)),))
            for i, s in enumerate(SECRETS)]


def _index(table: pa.Table) -> dict[str, RecordIndex]:
    return {VERSION: RecordIndex.build(table.to_pylist(), has_id=True)}


def _extract(table: pa.Table, secret: bytes, columns: list[str] | None = None
             ) -> PlannedExtract:
    return watermark_table(table, VERSION, secret, columns)


def _clean(text: str) -> str:
    """What a recipient's cleaning does to text: NFKC, punctuation and spaces changed."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace(",", "，").replace("；", ";").replace("。", "。 ")


def test_no_character_of_any_record_changes_and_canaries_are_extra() -> None:
    table = _corpus(400)
    plan = _extract(table, SECRETS[0])
    texts = plan.table.column("text").to_pylist()
    original = table.column("text").to_pylist()
    assert sorted(set(texts) - {c.text for c in plan.canaries}) == sorted(original)
    assert len(texts) == len(original) + canary_count(400) == 403
    assert plan.table.column("text") != table.column("text")  # reordered
    other = _extract(table, SECRETS[1])
    assert other.table.column("id") != plan.table.column("id")
    assert {c.text for c in other.canaries}.isdisjoint({c.text for c in plan.canaries})
    marked = pa.Table.from_batches([mark_batch(b, SECRETS[0]) for b in table.to_batches()])
    assert marked.column("text") == table.column("text")
    assert marked.column("id") == table.column("id")


def test_canaries_are_fluent_long_keyed_and_not_near_duplicates() -> None:
    canaries = make_canaries(SECRETS[0], VERSION, 20)
    assert canaries == make_canaries(SECRETS[0], VERSION, 20)
    for c in canaries:
        assert len(c.text) >= 100 and c.text.endswith("。") and len(c.grams) >= 60
        assert not any(ch.isdigit() for ch in c.text)  # nothing a PII step would redact

    def shingles(text: str) -> set[str]:
        return {text[i:i + 5] for i in range(len(text) - 4)}

    for a, b in itertools.combinations(canaries, 2):
        sa, sb = shingles(a.text), shingles(b.text)
        assert len(sa & sb) / len(sa | sb) < 0.4  # zh-web's near_dedup threshold is 0.5


def _leak_lines(plan: PlannedExtract, keep_ids: bool) -> list[dict[str, object]]:
    rows = []
    for row in plan.table.to_pylist():
        rec: dict[str, object] = {"text": _clean(str(row["text"]))}
        if keep_ids:
            rec["id"] = row["id"]
        rows.append(rec)
    return rows


@pytest.mark.parametrize("keep_ids", [True, False])
def test_cleaned_deduplicated_ten_percent_excerpt_is_traced(keep_ids: bool) -> None:
    table = _corpus(300)
    plan = _extract(table, SECRETS[2])
    rows = _leak_lines(plan, keep_ids)
    rng = random.Random(3)
    rows = [r for r in rows if rng.random() > 0.2]  # some filtered out
    rows += rows[:5]  # duplicates a dedup step would remove anyway
    start = len(rows) // 3
    excerpt = rows[start:start + 30]  # a 10% excerpt
    result = trace_leak(Leak(excerpt), _candidates(300), indexes=_index(table))
    assert result.verdict is Verdict.TRACED, result.message
    assert [f.grant_id for f in result.findings] == ["g2"]
    assert result.findings[0].inversions == 0 and result.findings[0].records >= 25


def test_shuffled_full_leak_is_traced_by_its_canaries() -> None:
    table = _corpus(1000)
    plan = _extract(table, SECRETS[1], ["text"])
    rows = [{"text": _clean(str(r["text"]))} for r in plan.table.to_pylist()]
    random.Random(5).shuffle(rows)
    result = trace_leak(Leak(rows), _candidates(1000), indexes=_index(table))
    assert [f.grant_id for f in result.findings] == ["g1"], result.message
    assert result.findings[0].canaries_found == canary_count(1000) == 3


def test_a_real_cleaning_run_over_an_excerpt_is_traced(tmp_path: Path) -> None:
    from jingshu.corpus.executor import run_files

    table = _corpus(300)
    plan = _extract(table, SECRETS[4])
    source = tmp_path / "extract.jsonl"
    rows = plan.table.to_pylist()[100:130]
    source.write_text("".join(json.dumps({"text": r["text"]}, ensure_ascii=False) + "\n"
                              for r in rows), encoding="utf-8")
    recipe = tmp_path / "clean.yaml"
    recipe.write_text("name: clean\nsteps:\n  - op: unicode_normalize\n    params: {nfkc: true}\n"
                      "  - op: zh_punctuation\n  - op: whitespace\n  - op: exact_dedup\n",
                      encoding="utf-8")
    run_files(recipe, source, tmp_path / "cleaned", progress=False)
    result = trace(tmp_path / "cleaned", _candidates(300), indexes=_index(table))
    assert [f.grant_id for f in result.findings] == ["g4"], result.message


def test_unmarked_and_foreign_leaks_blame_nobody() -> None:
    table = _corpus(600)
    candidates = _candidates(600)
    unmarked = [{"text": t} for t in table.column("text").to_pylist()]
    result = trace_leak(Leak(unmarked[:60]), candidates, indexes=_index(table))
    assert result.verdict is Verdict.UNMARKED and not result.findings
    foreign = _extract(table, b"\xee" * 32).table.to_pylist()
    result = trace_leak(Leak(foreign), candidates, indexes=_index(table))
    assert result.verdict is Verdict.UNMARKED and "nobody is blamed" in result.message


def test_a_tiny_excerpt_is_too_small_to_decide() -> None:
    table = _corpus(300)
    rows = _extract(table, SECRETS[0]).table.to_pylist()[:3]
    result = trace_leak(Leak([{"text": r["text"]} for r in rows]), _candidates(300),
                        indexes=_index(table))
    assert result.verdict is Verdict.TOO_SMALL and "too small" in result.message


def _write_csv(table: pa.Table, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(table.column_names)
        w.writerows([list(r.values()) for r in table.to_pylist()])
    return path


def test_numbers_alone_carry_the_mark(tmp_path: Path) -> None:
    marked = pa.Table.from_batches([mark_batch(b, SECRETS[1])
                                    for b in _corpus(3000).select(["score"]).to_batches()])
    result = trace(_write_csv(marked, tmp_path / "nums.csv"), _candidates(3000))
    assert [f.holder for f in result.findings] == ["user1"]


def test_extracts_made_with_the_old_punctuation_marks_are_still_traced() -> None:
    rng = random.Random(9)
    a = mark_text("".join(_sentence(rng) for _ in range(60)), SECRETS[0])
    b = mark_text("".join(_sentence(rng) for _ in range(60)), SECRETS[1])
    result = trace_slots(text_slots(a + b), _candidates(10))
    assert {f.grant_id for f in result.findings} == {"g0", "g1"}


def test_gzipped_jsonl_and_folders_are_read(tmp_path: Path) -> None:
    table = _corpus(300)
    plan = _extract(table, SECRETS[3])
    (tmp_path / "out").mkdir()
    with gzip.open(tmp_path / "out" / "part.jsonl.gz", "wt", encoding="utf-8") as fh:
        for row in plan.table.to_pylist()[:40]:
            fh.write(json.dumps({"text": row["text"]}, ensure_ascii=False) + "\n")
    (tmp_path / "out" / "report.json").write_text('{"docs_in": 3}')
    result = trace(tmp_path / "out", _candidates(300), indexes=_index(table))
    assert [f.grant_id for f in result.findings] == ["g3"]


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped() -> None:
    for cell in ("=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert escape_formula(cell) == "'" + cell
    assert escape_formula("数据") == "数据" and escape_formula(-2.5) == -2.5


def test_inversion_tail_is_exact_on_every_permutation_of_six() -> None:
    perms = list(itertools.permutations(range(6)))
    for k in range(16):
        exact = sum(count_inversions(p) <= k for p in perms) / len(perms)
        assert inversion_tail(6, k) == pytest.approx(exact)
    assert inversion_tail(12, 0) == pytest.approx(1 / math.factorial(12))


def test_binomial_tail_is_exact_on_small_cases() -> None:
    assert binomial_tail(4, 4) == pytest.approx(1 / 16)
    assert binomial_tail(4, 3) == pytest.approx(5 / 16)
    assert binomial_tail(10, 0) == 1.0
    assert binomial_tail(3, 2, 0.1) == pytest.approx(3 * 0.01 * 0.9 + 0.001)
