"""Place names of mainland China, Hong Kong, Macao and Taiwan, written as data.

Province-level divisions with their GB/T 2260 codes (the first two digits of a
resident ID), prefecture-level cities (and leagues, autonomous prefectures) by
province, the districts of the four municipalities, and the suffixes that end an
administrative or street-level unit. Used by the address recognizer, by the CRF's
dictionary features, by the ``generalize`` action and by k-anonymity's region
hierarchy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "PROVINCES",
    "Place",
    "match_places",
    "place_index",
    "province_of_code",
    "world_language_names",
    "world_place_names",
]


@dataclass(frozen=True)
class Place:
    """One named division.

    Args:
        name: The name as written in text (``浙江省``, ``浙江``, ``杭州市``, ``杭州``).
        level: ``province``, ``city`` or ``district``.
        province: The GB/T 2260 province code it lies in.
    """

    name: str
    level: str
    province: str


# code: (official name, short name)
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("北京市", "北京"), "12": ("天津市", "天津"), "13": ("河北省", "河北"),
    "14": ("山西省", "山西"), "15": ("内蒙古自治区", "内蒙古"), "21": ("辽宁省", "辽宁"),
    "22": ("吉林省", "吉林"), "23": ("黑龙江省", "黑龙江"), "31": ("上海市", "上海"),
    "32": ("江苏省", "江苏"), "33": ("浙江省", "浙江"), "34": ("安徽省", "安徽"),
    "35": ("福建省", "福建"), "36": ("江西省", "江西"), "37": ("山东省", "山东"),
    "41": ("河南省", "河南"), "42": ("湖北省", "湖北"), "43": ("湖南省", "湖南"),
    "44": ("广东省", "广东"), "45": ("广西壮族自治区", "广西"), "46": ("海南省", "海南"),
    "50": ("重庆市", "重庆"), "51": ("四川省", "四川"), "52": ("贵州省", "贵州"),
    "53": ("云南省", "云南"), "54": ("西藏自治区", "西藏"), "61": ("陕西省", "陕西"),
    "62": ("甘肃省", "甘肃"), "63": ("青海省", "青海"), "64": ("宁夏回族自治区", "宁夏"),
    "65": ("新疆维吾尔自治区", "新疆"), "71": ("台湾省", "台湾"),
    "81": ("香港特别行政区", "香港"), "82": ("澳门特别行政区", "澳门"),
}  # fmt: skip

# Prefecture-level divisions by province code (short names; 市/州/盟 added when matching).
_CITIES: dict[str, str] = {
    "13": "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水",
    "14": "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁",
    "15": "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安 锡林郭勒 阿拉善",
    "21": "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛",
    "22": "长春 吉林 四平 辽源 通化 白山 松原 白城 延边",
    "23": "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭",
    "32": "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁",
    "33": "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水",
    "34": "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
    "35": "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德",
    "36": "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶",
    "37": "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽",
    "41": "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 "
    "驻马店 济源",
    "42": "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门",
    "43": "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西",
    "44": "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 "
    "中山 潮州 揭阳 云浮",
    "45": "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左",
    "46": "海口 三亚 三沙 儋州",
    "51": "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 "
    "资阳 阿坝 甘孜 凉山",
    "52": "贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南",
    "53": "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆",
    "54": "拉萨 日喀则 昌都 林芝 山南 那曲 阿里",
    "61": "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛",
    "62": "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南",
    "63": "西宁 海东 海北 黄南 果洛 玉树 海西",
    "64": "银川 石嘴山 吴忠 固原 中卫",
    "65": "乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 "
    "塔城 阿勒泰 石河子",
    "71": "台北 新北 桃园 台中 台南 高雄 基隆 新竹 嘉义",
}

# Districts of the four municipalities (short names; 区 added when matching).
_DISTRICTS: dict[str, str] = {
    "11": "东城 西城 朝阳 丰台 石景山 海淀 门头沟 房山 通州 顺义 昌平 大兴 怀柔 平谷 密云 延庆",
    "12": "和平 河东 河西 南开 河北 红桥 东丽 西青 津南 北辰 武清 宝坻 滨海新 宁河 静海 蓟州",
    "31": "黄浦 徐汇 长宁 静安 普陀 虹口 杨浦 闵行 宝山 嘉定 浦东新 浦东 金山 松江 青浦 奉贤 崇明",
    "50": "渝中 江北 沙坪坝 九龙坡 南岸 北碚 渝北 巴南 万州 涪陵 黔江 长寿 江津 合川 永川 南川 "
    "綦江 大足 璧山 铜梁 潼南 荣昌 开州 梁平 武隆",
    "81": "中西 湾仔 油尖旺 深水埗 九龙城 黄大仙 观塘 荃湾 屯门 元朗 沙田 西贡 离岛",
}


def _city_forms(short: str) -> tuple[str, ...]:
    if short in {"兴安", "锡林郭勒", "阿拉善"}:
        return (short + "盟",)
    return (short, short + "市", short + "州") if len(short) > 2 else (short, short + "市")


@lru_cache(maxsize=1)
def place_index() -> dict[str, Place]:
    """Every name form (full and short) mapped to its :class:`Place`."""
    index: dict[str, Place] = {}
    for code, towns in _DISTRICTS.items():
        for short in towns.split():
            index[short + "区"] = Place(short + "区", "district", code)
            if len(short) >= 2 and short not in index:
                index[short] = Place(short, "district", code)
    for code, cities in _CITIES.items():
        for short in cities.split():
            for form in _city_forms(short):
                index[form] = Place(form, "city", code)
    for code, (full, short) in PROVINCES.items():
        level = "province"
        index[full] = Place(full, level, code)
        index[short] = Place(short, level, code)
        if full.endswith("省"):
            continue
        index[short + "市"] = Place(short + "市", level, code)
    return index


@lru_cache(maxsize=1)
def _lengths_by_first() -> dict[str, tuple[int, ...]]:
    """First character of a name → the lengths of names starting with it, longest first."""
    sizes: dict[str, set[int]] = {}
    for name in place_index():
        sizes.setdefault(name[0], set()).add(len(name))
    return {c: tuple(sorted(v, reverse=True)) for c, v in sizes.items()}


@lru_cache(maxsize=1)
def _first_chars() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(_lengths_by_first())) + "]")


def match_places(text: str) -> list[tuple[int, int, Place]]:
    """Known place names in ``text``, longest match first, left to right.

    Args:
        text: Text to scan.

    Returns:
        ``(start, end, place)`` triples that do not overlap.
    """
    index, lengths = place_index(), _lengths_by_first()
    found: list[tuple[int, int, Place]] = []
    covered = 0
    for m in _first_chars().finditer(text):
        i = m.start()
        if i < covered:
            continue
        for size in lengths[text[i]]:
            place = index.get(text[i : i + size]) if 1 < size <= len(text) - i else None
            if place is not None:
                found.append((i, i + size, place))
                covered = i + size
                break
    return found


def province_of_code(code: str) -> str | None:
    """The official province name for a GB/T 2260 code (``"330106"`` → ``"浙江省"``).

    Args:
        code: A region code or resident ID; only its first two digits are read.
    """
    entry = PROVINCES.get(code[:2])
    return entry[0] if entry else None


_ALSO_PERSONS = frozenset({"马利", "戴维斯"})
"""World place names that the NER training sets also label as persons' names (Mali and
a surname; Davis in Antarctica and a surname): left out of :func:`world_place_names`."""


@lru_cache(maxsize=1)
def world_place_names() -> frozenset[str]:
    """Countries, regions and cities of the world as written in Chinese, in simplified
    characters: CLDR's territory names and time-zone cities (through ``babel``) in its
    mainland, Taiwan and Hong Kong forms (``肯亚``, ``马尔地夫``, ``斯洛维尼亚`` are
    Taiwan's Kenya, Maldives and Slovenia, folded character for character), two
    characters or more, less :data:`_ALSO_PERSONS`. The name recognizer takes none of
    them for a person (a transliterated place read as a name was the commonest wrong
    redaction in the damage audit)."""
    return _cldr_names(lambda locale: [
        *locale.territories.values(),
        *(zone.get("city", "") for zone in locale.time_zones.values())]) - _ALSO_PERSONS


@lru_cache(maxsize=1)
def world_language_names() -> frozenset[str]:
    """Languages as CLDR writes them in Chinese (``希腊语``, ``阿拉伯语``, ``古英语``), in
    the same three forms as :func:`world_place_names`: none is a person's name (the
    tagger took ``希腊语`` for one in the damage audit's zhwiki)."""
    return _cldr_names(lambda locale: list(locale.languages.values()))


def _cldr_names(names_of: Callable[[Any], list[str]]) -> frozenset[str]:
    """``names_of`` CLDR's zh, zh_Hant and zh_Hant_HK locales, folded to simplified
    characters, two Han characters or more (a ``·`` may join them)."""
    from babel import Locale

    from jingshu.hanzi import is_han, t2s_characters

    fold = t2s_characters()
    names: set[str] = set()
    for code in ("zh", "zh_Hant", "zh_Hant_HK"):
        for name in names_of(Locale.parse(code)):
            name = name.translate(fold)
            if len(name) >= 2 and all(is_han(c) or c == "·" for c in name):
                names.add(name)
    return frozenset(names)
