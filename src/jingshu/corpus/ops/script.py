"""Script conversion between traditional and simplified Chinese (OpenCC, phrase level)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import param

__all__ = ["ScriptConverter", "to_simplified", "to_traditional"]

# 著 is both a simplified character ("write; notable": 著作, 显著) and the traditional
# form of the aspect particle 着 (看著 → 看着). OpenCC's t2s keeps it everywhere;
# these are the words where it must stay 著, every other 著 becomes 着.
_ZHU_WORDS = (
    *("著作", "著名", "著称", "著述", "著录", "著书", "著者", "著译", "显著", "名著", "原著"),
    *("巨著", "编著", "土著", "昭著", "卓著", "论著", "专著", "遗著", "合著", "译著", "拙著"),
    *("新著", "杰著", "著明", "撰著", "所著"),
)
_ZHU_KEEP = re.compile("|".join(sorted(_ZHU_WORDS, key=len, reverse=True)) + "|(著)")


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    from opencc import OpenCC

    return OpenCC(config)


def _zhu_to_zhe(text: str) -> str:
    return _ZHU_KEEP.sub(lambda m: "着" if m.group(1) else m.group(0), text)


def to_simplified(text: str) -> str:
    """Traditional to simplified (OpenCC t2s, phrase level) with the 著/着 rule."""
    out = str(_converter("t2s").convert(text))
    return _zhu_to_zhe(out) if "著" in out else out


def to_traditional(text: str) -> str:
    """Simplified to traditional (OpenCC s2t, phrase level)."""
    return str(_converter("s2t").convert(text))


@dataclass(frozen=True)
class ScriptParams:
    target: Literal["zh-Hans", "zh-Hant", "keep"] = param(
        "zh-Hans", help="zh-Hans (OpenCC t2s), zh-Hant (s2t) or keep"
    )


class ScriptConverter(Mapper[ScriptParams]):
    """Convert to simplified or traditional Chinese with OpenCC's phrase dictionaries.

    To simplified, 著 becomes 着 except in words where it means "write / notable".
    """

    name = "script_convert"
    Params = ScriptParams

    def map_text(self, text: str) -> str:
        target = self.params.target
        if target == "keep" or not text:
            return text
        return to_traditional(text) if target == "zh-Hant" else to_simplified(text)
