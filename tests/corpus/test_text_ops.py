from __future__ import annotations

import pytest

from jingshu.corpus.document import Document
from jingshu.corpus.ops.boilerplate_lines import AdLineRemover, BoilerplateLineRemover
from jingshu.corpus.ops.pii import PiiRedactor
from jingshu.corpus.ops.pinyin_gloss import PinyinGlossRemover
from jingshu.corpus.ops.script import ScriptConverter
from jingshu.corpus.ops.unicode import (
    ChinesePunctuationNormalizer,
    ControlCharRemover,
    HtmlEntityDecoder,
    UnicodeNormalizer,
    WhitespaceNormalizer,
)


def test_unicode_normalizer_folds_width_but_keeps_chinese_punctuation() -> None:
    op = UnicodeNormalizer(nfkc=True)
    assert op.map_text("ＧＤＰ增长５％，好！（注）…") == "GDP增长5%，好！（注）…"
    assert UnicodeNormalizer().map_text("ＡＢＣ，") == "ABC，"


def test_control_chars_removed() -> None:
    assert ControlCharRemover().map_text("\ufeff数\u200b据\x07质量\n") == "数据质量\n"


def test_html_entities_and_tags() -> None:
    op = HtmlEntityDecoder()
    assert op.map_text("北京&amp;上海&nbsp;<b>数据</b><br>交易所") == "北京&上海\xa0数据\n交易所"
    assert op.map_text("3 < 5 且 5 > 3") == "3 < 5 且 5 > 3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 11 damage audit: escaped markup is content (it was deleted)
        ("在HTML中，用&lt;b&gt;标签加粗文字，用&lt;br&gt;换行。",
         "在HTML中，用<b>标签加粗文字，用<br>换行。"),
        ("上映。&lt;section begin=Producer/&gt;《尚气与十环传奇》",
         "上映。<section begin=Producer/>《尚气与十环传奇》"),
        ("kubectl config view --flatten &gt; $HOME/.kube/config",
         "kubectl config view --flatten > $HOME/.kube/config"),
        ("发射9×19毫米和.40 S&amp;W这两种手枪子弹", "发射9×19毫米和.40 S&W这两种手枪子弹"),
        # real tags left by a scraper still go
        ("<p>正文第一段</p><script>var a=1;</script>第二段", "正文第一段\n第二段"),
    ],
)
def test_html_entities_keep_escaped_markup(text: str, expected: str) -> None:
    assert HtmlEntityDecoder().map_text(text) == expected


def test_whitespace() -> None:
    op = WhitespaceNormalizer(remove_cjk_spaces=True)
    assert op.map_text("  中 华 人 民\r\n\n\n\n　测试  a  b ") == "中华人民\n\n测试 a b"


@pytest.mark.parametrize(
    "text",
    [
        # issue 11 damage audit: zhwiki's one-line dumps mark paragraphs with a space
        "仓慈，字孝仁，淮南人。东汉末年，三国时曹魏官员，历任长安令、敦煌太守等职。"
        " 仓慈早期已担任本郡郡吏。",
        # headlines and posts separate phrases with a space
        "台联发言人：球员不要不知足 下赛季奖金额或调整",
        "矿业股领涨 英股高收0.9%",
        "这就是京东物品？好无语！ 欺骗消费者吗？",
    ],
)
def test_whitespace_keeps_paragraph_and_phrase_spaces(text: str) -> None:
    assert WhitespaceNormalizer(remove_cjk_spaces=True).map_text(text) == text


def test_chinese_punctuation() -> None:
    op = ChinesePunctuationNormalizer()
    assert op.map_text("你好,世界!版本3.5很好.") == "你好，世界！版本3.5很好。"
    assert op.map_text("see e.g. a,b") == "see e.g. a,b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("与此同时,《人民日报》发表评论", "与此同时，《人民日报》发表评论"),  # issue 11
        ("他说:“好”", "他说：“好”"),
        ("方案, 则要求各地落实", "方案，则要求各地落实"),
        ("甲;【乙】", "甲；【乙】"),
        # clean text stays: numbers, English, code, a mark before Latin or digits
        ("价格为1,000元", "价格为1,000元"),
        ("Hello, 世界", "Hello, 世界"),
        ("中文, English", "中文, English"),
        ("例如:1,2,3", "例如:1,2,3"),
        ("调用 f(a, b) 即可", "调用 f(a, b) 即可"),
    ],
)
def test_chinese_punctuation_before_brackets_and_after_a_space(text: str, expected: str) -> None:
    assert ChinesePunctuationNormalizer().map_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 11's damage audit: a dot parting a transliterated name is no full stop
        ("主导者拉马达.星星遭逮捕后宣告落幕", "主导者拉马达.星星遭逮捕后宣告落幕"),
        ("约翰.史密斯是一名记者", "约翰·史密斯是一名记者"),
        # a dot ending a clause between Chinese characters still becomes 。
        ("房间很好.下次还来", "房间很好。下次还来"),
        ("价格便宜.就是远.", "价格便宜。就是远。"),
        ("他来了. 我走了", "他来了。 我走了"),
    ],
)
def test_chinese_punctuation_dot_between_name_parts(text: str, expected: str) -> None:
    assert ChinesePunctuationNormalizer().map_text(text) == expected


def test_script_converter_phrase_level_and_zhu() -> None:
    op = ScriptConverter(target="zh-Hans")
    assert op.map_text("顯著的著作，看著頭髮。") == "显著的著作，看着头发。"
    assert ScriptConverter(target="zh-Hant").map_text("头发") == "頭髮"
    assert ScriptConverter(target="keep").map_text("頭髮") == "頭髮"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("經(jīng)營", "經營"),
        ("经营（jīng yíng）管理", "经营管理"),
        ("中国(zhong1 guo2)", "中国"),
        ("注(ㄓㄨˋ)音", "注音"),
        ("<ruby>漢<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>字", "漢字"),
        ("{漢|hàn}字", "漢字"),
        ("文件(PDF)下载", "文件(PDF)下载"),
        ("价格(元)", "价格(元)"),
        ("妈(ma)妈", "妈(ma)妈"),
        ("女(nǚ)生", "女生"),
        # names and words with accents are not glosses (zhwiki, CLUECorpusSmall, reviews)
        ("又称保罗·图兰（Paul Turán），", "又称保罗·图兰（Paul Turán），"),
        ("分为哥特区(Barri Gòtic)、海岸区", "分为哥特区(Barri Gòtic)、海岸区"),
        ("来自弗利（Forlì）的", "来自弗利（Forlì）的"),
        ("酒店之一（top3），", "酒店之一（top3），"),
        ("阿恩特（ ）是", "阿恩特（ ）是"),
        ("影響我ㄧ周", "影響我ㄧ周"),  # ㄧ written for 一 (Weibo), not a gloss
    ],
)
def test_pinyin_gloss(text: str, expected: str) -> None:
    assert PinyinGlossRemover().map_text(text) == expected


def test_boilerplate_and_ad_lines() -> None:
    text = "正文第一段。\n责任编辑：张三\n上一篇：某新闻\n加微信领取优惠\n"
    text += "本站声明版权所有的内容很长" + "很长" * 40
    bp = BoilerplateLineRemover()
    out = bp.map_text(text)
    assert "责任编辑" not in out and "上一篇" not in out
    assert "版权所有" in out  # a long paragraph is kept
    assert AdLineRemover().map_text(out).startswith("正文第一段。\n本站")


def test_pii_redactor_counts() -> None:
    op = PiiRedactor()
    doc = op(Document("1", "电话13812345678，身份证11010519491231002X，邮箱 a@b.cn"))
    assert doc is not None
    assert doc.text == "电话[手机号]，身份证[身份证号]，邮箱 [邮箱]"
    assert op.stats.counters == {"pii_mobile": 1, "pii_resident_id": 1, "pii_email": 1}
