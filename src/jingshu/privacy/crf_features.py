"""Per-character features of the name/address CRF, from data that ships with jingshu.

Each character gets: itself and its neighbours (±3), the character bigrams and
trigrams around it, its script class, where it sits in its jieba word (B/M/E/S) and
that word's jieba part of speech (``nr`` person, ``ns`` place, ``nt`` organisation
...), and dictionary features: surnames (single and compound), transliteration
characters of foreign names, the place names of :mod:`jingshu.privacy.places` (level
and B/I position, whether a match starts or ends here), the administrative, street and
building suffixes that end an address unit (省 市 区 县 镇 乡 村 路 街 道 号 楼 室 巷 弄
大厦 小区 ...), and the cue words around names (先生, 记者, 说 ...).
"""

from __future__ import annotations

import logging
from functools import lru_cache

from jingshu.privacy.places import match_places

__all__ = ["char_features", "jieba_words"]

SURNAMES_1 = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏"
    "苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵"
    "万覃武钱戴严莫孔向常汤康易乔赖文傅施洪牛葛翟柳殷闵温齐鲁欧庞樊兰季俞章鲍涂凌蓝翁岳焦安伍"
    "颜倪梅盛林童申霍甘祝聂包左柯管华祁纪艾符骆仇舒栗阮詹宁应单卜伊敖宫裴储解车邢戚尤阎娄岑晏"
    "池楚滕蔺麦谷卓苗冉关蒙鞠窦郁隋冷辛巫邝练刁杭农芦容商宗谈胥虞勾桂阙揭佟景路耿房柴连饶喻晋"
)
"""Single-character surnames: the census top 100 and the next ~200 in frequency."""

SURNAMES_2 = frozenset(
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "司徒",
        "宇文", "尉迟", "长孙", "公孙", "夏侯", "轩辕", "端木", "呼延", "澹台",
        "独孤", "南宫", "西门", "申屠", "闻人", "万俟", "百里", "钟离", "太史",
        "赫连", "拓跋",
    }
)
"""Compound surnames."""

_TRANSLIT = frozenset(
    "斯尔克特德维尼亚里罗拉卡姆伊诺奥巴布瓦西科塔托夫基佩莫洛蒂利娜娃丽莎詹姆森逊顿杰曼迪"
    "赫雷哈杜贝伦普"
)
_ADMIN_SUFFIX = frozenset("省市区县镇乡村旗盟州")
_STREET_SUFFIX = frozenset("路街道巷弄号楼栋幢室层单元")
_POI_SUFFIXES = ("大厦", "小区", "花园", "公寓", "广场", "大道", "胡同", "社区", "街道", "新区")
_CUES_AFTER = ("先生", "女士", "小姐", "记者", "教授", "老师", "总统", "主席", "经理", "说", "表示")
_CUES_BEFORE = (
    "记者", "教授", "主任", "导演", "主演", "球员", "队长", "总裁", "董事长", "来自", "位于"
)
_PUNCT = frozenset("，。！？；：、（）()《》“”‘’\"',.!?;:·—-…")


def _kind(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "han"
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "upper" if ch.isupper() else "latin"
    if ch in _PUNCT:
        return "punct"
    return "space" if ch.isspace() else "other"


@lru_cache(maxsize=1)
def _posseg() -> object:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def jieba_words(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, pos)`` of each jieba word of ``text`` (jieba's POS tags).

    Args:
        text: One sentence or line.
    """
    words: list[tuple[int, int, str]] = []
    pos = 0
    for pair in _posseg().cut(text, HMM=True):  # type: ignore[attr-defined]
        words.append((pos, pos + len(pair.word), pair.flag))
        pos += len(pair.word)
    return words if pos == len(text) else [(i, i + 1, "x") for i in range(len(text))]


def _word_rows(text: str) -> list[tuple[str, str, str, str, int]]:
    """Per char: B/M/E/S in its jieba word, the POS of that word and of the words either
    side, the word's length."""
    words = jieba_words(text)
    flags = ["^", *(f for _, _, f in words), "$"]
    rows: list[tuple[str, str, str, str, int]] = []
    for k, (start, end, flag) in enumerate(words):
        size = end - start
        for i in range(start, end):
            where = "S" if size == 1 else "B" if i == start else "E" if i == end - 1 else "M"
            rows.append((where, flag, flags[k], flags[k + 2], size))
    return rows


def _place_tags(text: str) -> list[str]:
    tags = ["-"] * len(text)
    for start, end, place in match_places(text):
        tags[start] = "B" + place.level[0]
        for i in range(start + 1, end):
            tags[i] = "I" + place.level[0]
        tags[end - 1] = ("S" if end - start == 1 else "E") + place.level[0]
    return tags


def _dictionary(text: str, i: int) -> list[str]:
    ch = text[i]
    row: list[str] = []
    if ch in SURNAMES_1:
        row.append("sur1")
    if text[i : i + 2] in SURNAMES_2:
        row.append("sur2")
    if i and text[i - 1 : i + 1] in SURNAMES_2:
        row.append("sur2e")
    if ch in _TRANSLIT:
        row.append("tr")
    if ch in _ADMIN_SUFFIX:
        row.append("sfx=admin")
    if ch in _STREET_SUFFIX:
        row.append("sfx=street")
    row += ["sfx2b" for s in _POI_SUFFIXES if text.startswith(s, i)]
    row += ["sfx2e" for s in _POI_SUFFIXES if i and text.startswith(s, i - 1)]
    after, before = text[i + 1 : i + 5], text[max(0, i - 4) : i]
    row += ["cue>" + c for c in _CUES_AFTER if c in after[: len(c) + 2]]
    row += ["cue<" + c for c in _CUES_BEFORE if before.endswith(c)]
    return row


def char_features(text: str) -> list[list[str]]:
    """The CRF feature strings of each character of ``text``.

    Args:
        text: One sentence or line.
    """
    pad = "\x02\x02\x02" + text + "\x03\x03\x03"
    places, words = _place_tags(text), _word_rows(text)
    kinds = ["bos", *(_kind(c) for c in text), "eos"]
    rows: list[list[str]] = []
    for i, ch in enumerate(text):
        w = pad[i : i + 7]  # w[3] is ch
        seg, flag, flag_before, flag_after, size = words[i]
        row = [
            "b", "c=" + ch, "c-1=" + w[2], "c+1=" + w[4], "c-2=" + w[1], "c+2=" + w[5],
            "c-3=" + w[0], "c+3=" + w[6],
            "b-2=" + w[1:3], "b-1=" + w[2:4], "b+1=" + w[3:5], "b+2=" + w[4:6],
            "t-2=" + w[1:4], "t0=" + w[2:5], "t+2=" + w[3:6],
            "k=" + kinds[i + 1], "k-1=" + kinds[i], "k+1=" + kinds[i + 2],
            "kk=" + kinds[i] + kinds[i + 1] + kinds[i + 2],
            "seg=" + seg, "pos=" + flag, "segpos=" + seg + flag, "wl=" + str(min(size, 5)),
            "pos-1=" + flag_before, "pos+1=" + flag_after,
            "pos3=" + flag_before + flag + flag_after,
            "pl=" + places[i], "pl-1=" + (places[i - 1] if i else "^"),
            "pl+1=" + (places[i + 1] if i + 1 < len(text) else "$"),
        ]  # fmt: skip
        rows.append(row + _dictionary(text, i))
    return rows
