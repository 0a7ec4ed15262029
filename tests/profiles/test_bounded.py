"""The profile's growing measures live in structures of fixed size: the duplicate sample
and the repeated-lines sketch stay within their bounds and still find what they should."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from jingshu.profiles import dups as dups_module
from jingshu.profiles import text as text_module
from jingshu.profiles.dups import BYTES_PER_DOC, DupSketch
from jingshu.profiles.text import MAX_LINE_CHARS, TextFieldProfiler
from jingshu.tokens import default_counter

HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def _doc(rng: random.Random, size: int = 200) -> str:
    return "".join(rng.choice(HAN) for _ in range(size))


def _corpus() -> list[str]:
    """1,000 distinct documents, then exact copies of the first 500 and one-character
    edits (Jaccard about 0.95) of the other 500: 25% exact, 50% near duplicates."""
    rng = random.Random(7)
    distinct = [_doc(rng) for _ in range(1000)]
    copies = distinct[:500]
    edits = [d[:100] + ("乙" if d[100] != "乙" else "甲") + d[101:] for d in distinct[500:]]
    mixed = copies + edits
    rng.shuffle(mixed)
    return distinct + mixed


def test_dup_sample_exact_when_it_holds_everything() -> None:
    sketch = DupSketch(max_sample=10_000)
    sketch.add(_corpus())
    stats = sketch.stats()
    assert stats.sampled == 2000
    assert stats.exact_dup_rate == pytest.approx(0.25)
    assert stats.near_dup_rate == pytest.approx(0.50)


def test_dup_sample_never_grows_past_its_bound() -> None:
    sketch = DupSketch(max_sample=300)
    allocated = sketch.nbytes
    assert allocated == 300 * BYTES_PER_DOC
    docs = _corpus()
    for start in range(0, len(docs), 100):
        sketch.add(docs[start:start + 100])
        assert sketch.size <= 300
        assert sketch.nbytes == allocated
    stats = sketch.stats()
    assert 100 <= stats.sampled <= 300  # the threshold halved, the sample is a subset
    # a document and its duplicate are kept or dropped together, so the rates hold
    assert stats.exact_dup_rate == pytest.approx(0.25, abs=0.1)
    assert stats.near_dup_rate == pytest.approx(0.50, abs=0.1)


def test_dup_sample_rejects_an_empty_bound() -> None:
    with pytest.raises(ValueError, match="max_sample"):
        DupSketch(max_sample=0)


def test_top_lines_sketch_finds_the_heavy_hitters(monkeypatch: pytest.MonkeyPatch) -> None:
    # a sketch of 2**8 counters under 3,000 distinct lines: counts may be understated by
    # at most 3.5 / 2**8 of all lines, never overstated
    monkeypatch.setattr(text_module, "LINES_LG_MAP", 8)
    rng = random.Random(3)
    planted = {"欢迎访问本站，更多精彩内容请关注": 150, "版权所有，未经许可不得转载本文": 90,
               "点击这里下载客户端享受更好体验": 60, "长" * 500: 40}
    lines = [_doc(rng, 12) for _ in range(3000)]
    for line, count in planted.items():
        lines += [line] * count
    rng.shuffle(lines)
    profiler = TextFieldProfiler("text", default_counter())
    for start in range(0, len(lines), 100):
        profiler.add(["\n".join(lines[start:start + 100])])
    top = {item.value: item.count for item in profiler.result().top_lines}
    truth = Counter(line[:MAX_LINE_CHARS] for line in lines)
    bound = 3.5 / 2**8 * len(lines)
    assert {line[:MAX_LINE_CHARS] for line in planted} <= set(top)
    assert "长" * MAX_LINE_CHARS in top  # long lines are counted by their first characters
    for value, count in top.items():
        assert truth[value] - bound <= count <= truth[value]


def test_compaction_in_blocks_keeps_the_same_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _corpus()
    whole = DupSketch(max_sample=300)
    whole.add(docs)
    monkeypatch.setattr(dups_module, "_MOVE", 7)  # many small blocks
    blocks = DupSketch(max_sample=300)
    blocks.add(docs)
    assert blocks.size == whole.size
    assert (blocks._exact[:blocks.size] == whole._exact[:whole.size]).all()
    assert (blocks._sigs[:blocks.size] == whole._sigs[:whole.size]).all()
    assert blocks.stats() == whole.stats()
