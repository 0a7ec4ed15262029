"""Canary records: synthetic, fluent Chinese paragraphs keyed to one recipient.

A text-corpus extract gets a few extra records that exist nowhere else (Carlini et al.
2019, "The Secret Sharer", USENIX Security: inserted canaries reveal which data a model
or a copy came from). Each is a short local-news paragraph built from sentence
templates and ordinary vocabulary (cities, bureaus, events, places, topics), every
choice drawn from keyed BLAKE2b over the recipient's secret, the dataset version and
the canary's number: the same secret always yields the same canaries, so they need not
be stored, and the grant's audit entry lists them for the publisher.

A canary is *found* in a leak when at least :data:`HIT_SHARE` of its signature
n-grams appear in one record of the leak (normalized, :mod:`.normalize`: NFKC, simplified,
no punctuation). Signature n-grams are the character 8-grams of the normalized
paragraph that lie inside no single template piece and no single vocabulary entry:
each spans a junction between two independent keyed choices, so a text that was not
made from this very combination shares few of them. The paragraphs are written to
pass ``zh-web`` (100+ characters, Chinese, stop words, fluent, no PII-like numbers or
names) and differ enough from each other not to be removed as near duplicates.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache

from jingshu.circulation.watermark.normalize import normalize

__all__ = ["GRAM", "HIT_SHARE", "Canary", "canary_count", "make_canaries"]

GRAM = 8
HIT_SHARE = 0.6
_SENTENCES = 5
_SHARE_OF_ROWS = 0.003  # about 3 canaries per 1,000 records
_MIN, _MAX = 3, 100
_PER_PARAGRAPH = ("city", "dept")

_VOCAB: dict[str, tuple[str, ...]] = {
    "city": ("东营", "丽水", "泰州", "宜宾", "绵阳", "株洲", "九江", "赣州", "岳阳", "衢州",
             "湖州", "嘉兴", "台州", "漳州", "莆田", "三明", "南平", "龙岩", "宁德", "镇江",
             "扬州", "盐城", "淮安", "宿迁", "芜湖", "蚌埠", "安庆", "滁州", "阜阳", "六安",
             "襄阳", "宜昌", "荆州", "孝感", "常德", "益阳", "郴州", "永州", "怀化", "曲靖",
             "玉溪", "遵义", "安顺", "天水", "张掖", "榆林", "汉中", "宝鸡", "咸阳", "渭南"),
    "dept": ("文化和旅游局", "教育局", "卫生健康委员会", "交通运输局", "农业农村局",
             "生态环境局", "科学技术局", "民政局", "商务局", "水利局", "应急管理局",
             "市场监督管理局", "数据资源管理局", "住房和城乡建设局", "体育局", "图书馆",
             "博物馆", "气象局", "妇女联合会", "总工会"),
    "event": ("社区读书分享会", "青少年科普讲座", "老年人智能手机培训班", "农产品直播带货培训",
              "非遗手工艺展示活动", "垃圾分类宣传周", "职业技能提升讲座", "夏季消防安全演练",
              "城市书房开放日", "乡村医生业务培训", "公共数据开放座谈会", "中小企业数字化交流会",
              "河湖保护志愿服务活动", "传统戏曲进校园演出", "全民健身运动会", "文明交通劝导活动",
              "防汛应急演练", "特色农产品展销会", "青年创业沙龙", "社区义诊活动"),
    "place": ("市民中心", "文化馆", "会展中心", "体育公园", "滨江广场", "图书馆报告厅",
              "科技馆", "湿地公园", "老城区街道办", "高新区服务中心", "人民公园", "大学城",
              "职业技术学院", "新区文化站", "古镇游客中心", "工人文化宫"),
    "people": ("附近居民", "社区志愿者", "在校学生", "退休职工", "外来务工人员", "中小学教师",
               "基层干部", "企业代表", "农村种植户", "家长和孩子", "个体工商户", "高校师生"),
    "number": ("两百余名", "三百多名", "近五百名", "一百五十余名", "四百多名", "六十余名",
               "八十多名", "一千余名", "九十多名", "二百三十余名"),
    "time": ("上周六上午", "本月中旬", "近日", "上周末", "本周三下午", "月初", "日前",
             "国庆假期期间", "春节前夕", "暑假期间"),
    "topic": ("数据安全", "健康生活方式", "家庭理财常识", "防范电信诈骗", "节约用水", "乡村振兴",
              "科学育儿", "食品安全", "地方文化传承", "绿色出行", "心理健康", "文明养犬"),
    "plan": ("把这项活动办成常态化的品牌项目", "在各个街道轮流开展类似的服务",
             "联合更多社会组织扩大覆盖范围", "通过线上平台提供预约和回看服务",
             "针对不同人群设计更细的课程内容", "建立志愿者队伍长期参与服务",
             "把活动经验整理成册供其他地区参考", "在偏远乡镇增设流动服务点"),
    "feeling": ("内容很实用", "讲得通俗易懂", "收获比想象中大", "气氛十分热烈", "形式新颖有趣",
                "让人印象深刻", "解决了不少实际问题", "学到了很多新知识"),
}

_TEMPLATES: tuple[str, ...] = (
    "{time}，{city}市{dept}在{place}举办了一场{event}，吸引了{number}{people}参加。",
    "活动现场，工作人员结合{topic}方面的实际案例，向{people}作了详细的讲解和演示。",
    "不少{people}表示，这次活动{feeling}，希望以后能在{place}经常举办。",
    "据市{dept}有关负责人介绍，今年以来{city}已经陆续开展了{number}场次的同类活动。",
    "在互动环节，{people}围绕{topic}提出了自己的问题，专家们逐一进行了耐心的解答。",
    "这位负责人还说，下一步将{plan}，让更多{people}从中受益。",
    "记者在{place}看到，前来咨询{topic}问题的{people}排起了长队，现场秩序井然。",
    "一位参加活动的{people}告诉记者，她是和邻居一起来的，觉得{feeling}。",
    "为了办好这次{event}，主办方提前一个月就在{place}周边张贴了海报。",
    "{city}的{people}对{topic}的关注度近年来明显提高，相关的公益活动也越来越多。",
    "活动结束后，市{dept}还向到场的{people}发放了关于{topic}的宣传手册。",
    "据了解，{city}市还计划{plan}，进一步提升服务水平。",
)


@dataclass(frozen=True)
class Canary:
    """One canary record: its id, its text and the n-grams that identify it."""

    id: str
    text: str
    grams: frozenset[str]


def canary_count(rows: int) -> int:
    """How many canaries an extract of ``rows`` records gets (3 to 100, ~0.3%)."""
    return max(_MIN, min(_MAX, math.ceil(rows * _SHARE_OF_ROWS)))


def _choice(secret: bytes, label: str, options: int) -> int:
    digest = hashlib.blake2b(label.encode("utf-8"), key=secret, digest_size=8,
                             person=b"jingshu-canary").digest()
    return int.from_bytes(digest, "big") % options


@lru_cache(maxsize=1)
def _common_grams() -> frozenset[str]:
    """8-grams lying inside one template piece or one vocabulary entry."""
    pieces = [normalize(w) for words in _VOCAB.values() for w in words]
    for template in _TEMPLATES:
        text = template
        for slot in _VOCAB:
            text = text.replace("{" + slot + "}", "|")
        pieces += [normalize(p) for p in text.split("|")]
    return frozenset(p[i:i + GRAM] for p in pieces for i in range(len(p) - GRAM + 1))


def _paragraph(secret: bytes, label: str) -> str:
    order = sorted(range(len(_TEMPLATES)), key=lambda t: _choice(secret, f"{label}/t{t}", 1 << 30))
    chosen = [0, *[t for t in order if t != 0][: _SENTENCES - 1]]
    sentences = []
    for t in chosen:  # one city and one bureau per paragraph, other choices per sentence
        values = {slot: words[_choice(secret, f"{label}/{t if slot not in _PER_PARAGRAPH else 0}"
                                              f"/{slot}", len(words))]
                  for slot, words in _VOCAB.items()}
        sentences.append(_TEMPLATES[t].format(**values))
    return "".join(sentences)


def make_canaries(secret: bytes, version_id: str, count: int) -> list[Canary]:
    """The ``count`` canaries of the recipient with ``secret`` for one dataset version."""
    common = _common_grams()
    out = []
    for number in range(count):
        label = f"{version_id}/{number}"
        text = _paragraph(secret, label)
        folded = normalize(text)
        grams = frozenset(g for i in range(len(folded) - GRAM + 1)
                          if (g := folded[i:i + GRAM]) not in common)
        ident = hashlib.blake2b(label.encode("utf-8"), key=secret, digest_size=8,
                                person=b"jingshu-canid").hexdigest()
        out.append(Canary(ident, text, grams))
    return out
