"""Script conversion between traditional and simplified Chinese (OpenCC, phrase level)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import OperatorParams
from jingshu.hanzi import opencc_converter, t2s_characters

__all__ = ["ScriptConverter", "t2s_characters", "to_simplified", "to_traditional"]

# 著 is both a simplified character ("write; notable": 著作, 显著) and the traditional
# form of the aspect particle 着 (看著 → 看着). OpenCC's t2s keeps it everywhere;
# these are the words where it must stay 著, every other 著 becomes 着.
_ZHU_WORDS = (
    *("著作", "著名", "著称", "著述", "著录", "著书", "著者", "著译", "显著", "名著", "原著"),
    *("巨著", "编著", "土著", "昭著", "卓著", "论著", "专著", "遗著", "合著", "译著", "拙著"),
    *("新著", "杰著", "著明", "撰著", "所著"),
)
_ZHU_KEEP = re.compile("|".join(sorted(_ZHU_WORDS, key=len, reverse=True)) + "|(著)")

# jingshu's own phrase table for traditional → simplified, where the phrase decides
# the character and OpenCC's dictionaries
# gets it wrong; written after OpenCC's own test cases (testcases.json). Characters
# that the 2013 Table of General Standard Chinese Characters keeps for names (昇, 甦,
# 祕, 氾, 釐, 甯, 蒐, 脩) stay, except in the words listed where they are simplified.
_T2S_PHRASES: dict[str, str] = {
    **{w: w for w in ("乾安", "乾州", "乾佑", "乾元", "慰藉", "谿工")},
    **{"乾闥婆": "乾闼婆", "乾縣": "乾县", "乾紅": "干红", "乾斷食": "干断食", "沈厚": "沉厚"},
    **{"擡": "抬", "貍": "狸", "遶": "绕", "幷": "并", "老么": "老幺", "谿": "溪"},
    **{"劄記": "札记", "箚記": "札记", "箚记": "札记", "扞拒": "捍拒", "扞衛": "捍卫"},
    **{"袷衣": "夹衣", "袷裙": "夹裙"},
    **{"昇華": "升华", "氾濫": "泛滥", "甦醒": "苏醒", "復甦": "复苏", "甦生": "苏生"},
    **{"祕密": "秘密", "祕書": "秘书", "祕訣": "秘诀", "脩飾": "修饰", "蒐索": "搜索"},
    **{"蒐集": "搜集", "毫釐": "毫厘", "釐米": "厘米", "釐清": "厘清"},
    **{ch: ch for ch in "昇甦祕氾釐甯蒐脩"},
}
_T2S_PHRASE = re.compile(
    "(" + "|".join(sorted(map(re.escape, _T2S_PHRASES), key=len, reverse=True)) + ")"
)


def _zhu_to_zhe(text: str) -> str:
    return _ZHU_KEEP.sub(lambda m: "着" if m.group(1) else m.group(0), text)


# lone surrogates (bytes Python kept with surrogateescape) cannot reach OpenCC's UTF-8
_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def _t2s(text: str) -> str:
    if not text:
        return text
    text = _encodable(text)
    convert = opencc_converter("t2s").convert
    parts = _T2S_PHRASE.split(text)  # odd items are phrases of the table
    return "".join(
        _T2S_PHRASES[part] if i % 2 else str(convert(part)) for i, part in enumerate(parts)
    )


def to_simplified(text: str) -> str:
    """Traditional to simplified (OpenCC t2s, phrase level), the phrase table, the 著/着 rule."""
    out = _t2s(text)
    return _zhu_to_zhe(out) if "著" in out else out


def to_traditional(text: str) -> str:
    """Simplified to traditional (OpenCC s2t, phrase level)."""
    return str(opencc_converter("s2t").convert(_encodable(text)))


class ScriptParams(OperatorParams):
    target: Literal["zh-Hans", "zh-Hant", "keep"] = Field(
        "zh-Hans", description="zh-Hans (OpenCC t2s), zh-Hant (s2t) or keep"
    )


class ScriptConverter(Mapper[ScriptParams]):
    """Convert to simplified or traditional Chinese with OpenCC's phrase dictionaries.

    To simplified, 著 becomes 着 except in words where it means "write / notable", and
    a small phrase table of jingshu's own corrects words the bundled dictionary gets
    wrong (乾安 stays 乾安, 擡头 becomes 抬头, 慰藉 stays 慰藉).
    """

    name = "script_convert"
    Params = ScriptParams

    def map_text(self, text: str) -> str:
        target = self.params.target
        if target == "keep" or not text:
            return text
        return to_traditional(text) if target == "zh-Hant" else to_simplified(text)
