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


def test_phase_shifted_gbk_repaired(repairer: MojibakeRepairer) -> None:
    doc = repairer(Document("1", "销毁。?；泼鳎合衷谖倚?布，全国缉枪制爆统一销毁行动开始！"))
    assert doc is not None
    # the lost bytes' marks are gone; the character cut at each end is chosen from
    # its known byte ("宣", lead byte D0, is right; the first one cannot be checked)
    assert "黄明：现在我宣布，全国" in doc.text and "?" not in doc.text
    assert repairer.stats.counters["phase_repaired"] >= 1


def test_phase_shifted_big5_repaired(repairer: MojibakeRepairer) -> None:
    shifted = "我們今天去公園散步".encode("big5")[1:-1].decode("big5", errors="replace")
    assert shifted.startswith("畯怳竣悒")  # Big5 resynchronises at the ASCII-range byte
    doc = repairer(Document("1", shifted))
    assert doc is not None and doc.text[1:4] == "們今天"


def test_gbk_shown_as_latin1_repaired(repairer: MojibakeRepairer) -> None:
    shown = "更多精校小说".encode("gbk").decode("latin-1")
    doc = repairer(Document("1", f"{shown}，尽在本站"))
    assert doc is not None and doc.text == "更多精校小说，尽在本站"


@pytest.mark.realdata
def test_sogou_misaligned_bytes_repaired(shared_data: Path, repairer: MojibakeRepairer) -> None:
    raw = (shared_data / "news_sogou_smarty" / "news_tensite_xml.smarty.dat").read_bytes()
    text = raw.decode("gb18030")
    start = text.index("公安机关销毁")
    doc = repairer(Document("1", text[start : start + 600]))
    assert doc is not None and "黄明：现在我" in doc.text


@pytest.mark.realdata
def test_clean_news_untouched(shared_data: Path, repairer: MojibakeRepairer) -> None:
    text = (shared_data / "news_sogou_smarty" / "news_sohusite_xml.smarty.dat").read_text("utf-8")
    for i, chunk in enumerate(text.split("<content>")[1:80]):
        body = chunk.split("</content>")[0]
        doc = repairer(Document(str(i), body))
        assert doc is not None and doc.text == body


def _scraped(before: str, run: str, gloss: str, after: str, first: str, last: str) -> str:
    """A GBK run in UTF-8 text read one byte late (jingshu issue 11), with its gloss."""
    shifted = run.encode("gbk")[1:-1].decode("gb18030")
    return before + first + shifted + last + gloss + after


@pytest.mark.parametrize(
    ("first", "last", "gloss"),
    [("?", "\ufffd", "(yì)"), ("?", "?", "(yì)"), ("?", "?", "yì)"), ("\ufffd", "!", "(yì)")],
)
def test_phase_run_in_utf8_text_repaired_with_its_gloss(
    repairer: MojibakeRepairer, first: str, last: str, gloss: str
) -> None:
    text = _scraped("据新华社报道，国务院", "昨日召开常务会议", gloss, "研究部署工作。",
                    first, last)
    doc = repairer(Document("1", text))
    assert doc is not None and doc.text == "据新华社报道，国务院昨日召开常务会议研究部署工作。"


def test_phase_run_fused_with_ascii_gives_the_letter_back(repairer: MojibakeRepairer) -> None:
    raw = "与此同时有关部门正在加快建设".encode("gbk")
    shifted = (raw[1:] + b"a").decode("gb18030")  # the last byte and "a" read as one character
    doc = repairer(Document("1", f"会议指出，?{shifted}pp上线。"))
    assert doc is not None and doc.text == "会议指出，与此同时有关部门正在加快建设app上线。"


def test_gloss_decides_the_cut_last_character(repairer: MojibakeRepairer) -> None:
    text = _scraped("他们", "正在加快建设", "(shè)", "新型基础设施。", "?", "\ufffd")
    doc = repairer(Document("1", text))
    assert doc is not None and doc.text == "他们正在加快建设新型基础设施。"


def test_cp1252_lost_bytes_chosen_by_the_model(repairer: MojibakeRepairer) -> None:
    broken = "编码被搞错了".encode().decode("cp1252", errors="replace")
    doc = repairer(Document("1", f"这段文本的{broken}。"))
    assert doc is not None and doc.text == "这段文本的编码被搞错了。"


@pytest.mark.parametrize(
    "text",
    [
        "他说：“好吧?”然后离开了。", "价格是1,000元！真的吗?是的。",
        "Hello! 你好世界", "问题?答案!", "们三个一起去巡检?”“嗯!我们三个人组成一",
        "笔试的时候超级正规，java面试5轮啊，5轮有没有，到下午三点才吃午饭啊",  # CLUECorpusSmall
    ],
)
def test_question_and_exclamation_marks_in_clean_text_stay(
    repairer: MojibakeRepairer, text: str
) -> None:
    doc = repairer(Document("1", text))
    assert doc is not None and doc.text == text


def test_brackets_after_a_run_that_are_no_reading_stay(repairer: MojibakeRepairer) -> None:
    text = _scraped("据新华社报道，国务院", "昨日召开常务会议", "(CCTV)", "报道。", "?", "\ufffd")
    doc = repairer(Document("1", text))
    assert doc is not None and doc.text == "据新华社报道，国务院昨日召开常务会议(CCTV)报道。"
