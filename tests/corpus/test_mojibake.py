from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from jingshu.corpus.charlm import CharLM, default_charlm
from jingshu.corpus.document import Document
from jingshu.corpus.ops.mojibake import MojibakeRepairer


@pytest.fixture(scope="module")
def repairer() -> MojibakeRepairer:
    return MojibakeRepairer(lm=default_charlm())


def _euro(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    if exc.object[exc.start] == 0x80:  # CP936 maps 0x80 to the euro sign
        return "€", exc.start + 1
    raise exc


codecs.register_error("cp936-euro", _euro)


def _gbk_mojibake(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="replace")


def test_lm_prefers_chinese() -> None:
    lm = default_charlm()
    assert lm.score("今天天气很好") > lm.score("浠婂ぉ澶╂皵") + 2


def test_lm_retrains_and_round_trips(tmp_path: Path) -> None:
    lm = CharLM.train(["数据质量", "数据治理"])
    assert lm.score("数据") > lm.score("据数")
    lm.save(tmp_path / "lm.tsv.gz")
    again = CharLM.load(tmp_path / "lm.tsv.gz")
    assert again.score("数据") == pytest.approx(lm.score("数据"))


@pytest.mark.parametrize(
    "text",
    [
        "今天天气很好，我们去公园散步吧。",
        "顯著的著作，看著他。",
        "中文 café naïve résumé",
        "北京市人民政府关于印发《北京市促进通用人工智能创新发展的若干措施》的通知",
        "鐵路、鋼鐵和銀行",
        "聯名發出反蔣通電，擁閻為中華民國陸海空軍總司令",  # 閻為 decodes as UTF-8 by chance
        "鍛鍊俱樂部參加比賽",
        "世界最大の旅行口コミサイト、トリップアドバイザー",
        "经济通通讯社２６日专讯",
    ],
)
def test_correct_text_untouched(repairer: MojibakeRepairer, text: str) -> None:
    doc = repairer(Document("1", text))
    assert doc is not None
    assert doc.text == text and "mojibake" not in doc.metadata


@pytest.mark.parametrize("original", ["的是", "数据质量", "人工智能产业"])
def test_gbk_mojibake_repaired(repairer: MojibakeRepairer, original: str) -> None:
    broken = original.encode("utf-8").decode("gbk", errors="cp936-euro")  # lossless
    doc = repairer(Document("1", f"见{broken}。"))
    assert doc is not None and doc.text == f"见{original}。"


def test_reference_sample_repaired_with_lost_byte_marked(repairer: MojibakeRepairer) -> None:
    doc = repairer(Document("1", "鍙傝€冩枃鐚"))
    assert doc is not None and doc.text == "参考文\ufffd"


def test_lossy_gbk_mojibake_flagged(repairer: MojibakeRepairer) -> None:
    doc = repairer(Document("1", _gbk_mojibake("今天天气很好，我们去公园散步吧。")))
    assert doc is not None and doc.metadata["mojibake"] is True


def test_latin1_mojibake_repaired(repairer: MojibakeRepairer) -> None:
    doc = repairer(Document("1", "ä¸­æ–‡æµ‹è¯•"))
    assert doc is not None and doc.text == "中文测试"
    assert repairer.stats.counters["latin1_repaired"] >= 1


def test_kun_jin_kao(repairer: MojibakeRepairer) -> None:
    doc = repairer(Document("1", "锟斤拷锟斤拷你好"))
    assert doc is not None and doc.metadata["mojibake"] is True
    removing = MojibakeRepairer(lm=default_charlm(), replacement_runs="remove")
    out = removing(Document("1", "锟斤拷锟斤拷你好"))
    assert out is not None and out.text == "你好"
