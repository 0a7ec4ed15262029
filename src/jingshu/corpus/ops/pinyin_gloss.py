"""Removal of pronunciation glosses inserted into Chinese text.

Textbooks, dictionaries and children's material put readings after characters:
pinyin with tone marks or tone numbers in brackets (``經(jīng)營`` → ``經營``), zhuyin
(bopomofo) with or without brackets, and HTML ruby markup whose remnants survive
text extraction (``<rt>jīng</rt>``, ``{經|jīng}``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pydantic import Field

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import OperatorParams


def _u_to_v(text: str) -> str:
    """ü (with or without a tone mark) written v, as toneless pinyin does (nǚ → nv)."""
    return text.translate(_UV)


_UV = str.maketrans(dict.fromkeys("üǖǘǚǜ", "v"))
__all__ = ["PinyinGlossRemover", "is_pinyin_gloss"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_LETTERS = f"a-zA-Züv{_TONED}"
_INITIALS = "zh|ch|sh|b|p|m|f|d|t|n|l|g|k|h|j|q|x|r|z|c|s|y|w"
_SYLLABLE = re.compile(f"(?:{_INITIALS})?[{_LETTERS}]{{1,5}}[1-5]?", re.IGNORECASE)
_VOWEL = re.compile(f"[aeiouüv{_TONED}]", re.IGNORECASE)
_GLOSS = re.compile(
    f"(?<=[{_HAN}])\\s?[(（\\[【]([{_LETTERS}1-5' ·-]{{1,40}})[)）\\]】]", re.IGNORECASE
)
_BOPOMOFO = "\u3105-\u312f\u31a0-\u31bfˊˇˋ˙"
_ZHUYIN = re.compile(
    f"(?<=[{_HAN}])(?:[(（]\\s*[{_BOPOMOFO}][{_BOPOMOFO} ]*\\s*[)）]|[{_BOPOMOFO}]{{2,}})"
)  # a lone bare symbol is not a gloss: Taiwanese posts write ㄧ for 一 (我ㄧ周)
_RUBY_RT = re.compile(r"<r[tp]\b[^>]*>.*?</r[tp]\s*>", re.IGNORECASE | re.DOTALL)
_RUBY_TAG = re.compile(r"</?(?:ruby|rb|rtc)\b[^>]*>", re.IGNORECASE)
_RUBY_BRACE = re.compile(f"[{{｛]([{_HAN}]+)[|｜][^{{}}｛｝]{{1,40}}[}}｝]")


def is_pinyin_gloss(inner: str) -> bool:
    """True when ``inner`` is a sequence of pinyin syllables carrying tones.

    Every token must be pinyin-shaped and at least one must carry a tone mark or a
    tone number, so plain words in brackets (``(ma)``, ``(PDF)``) are not glosses.

    Args:
        inner: The text between the brackets.
    """
    tokens = [t for t in re.split(r"[\s'·-]+", inner) if t]
    if not tokens or len(tokens) > 8:
        return False
    toned = any(ch in _TONED for ch in inner) or any(t[-1] in "12345" for t in tokens)
    shaped = all(_SYLLABLE.fullmatch(t) and _VOWEL.search(t) for t in tokens)
    # every token must be real pinyin, so names and words (Paul Turán, Forlì, top3) stay
    return toned and shaped and all(_is_syllables(_toneless(t)) for t in tokens)


def _toneless(token: str) -> str:
    bare = unicodedata.normalize("NFD", _u_to_v(token.lower().rstrip("12345")))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return frozenset(
        _toneless(reading) for readings in pinyin_dict.values() for reading in readings.split(",")
    )


@lru_cache(maxsize=4096)
def _is_syllables(token: str) -> bool:
    """True when ``token`` splits into toneless pinyin syllables (``danmu`` = dan + mu)."""
    if not token:
        return True
    heads = range(1, min(6, len(token)) + 1)
    return any(token[:n] in _syllables() and _is_syllables(token[n:]) for n in heads)


class PinyinGlossParams(OperatorParams):
    zhuyin: bool = Field(True, description="also remove zhuyin (bopomofo) glosses")
    ruby: bool = Field(True, description="also remove ruby markup and {漢|hàn} remnants")


class PinyinGlossRemover(Mapper[PinyinGlossParams]):
    """Remove pinyin, zhuyin and ruby glosses that follow Chinese characters."""

    name = "pinyin_gloss"
    Params = PinyinGlossParams

    def map_text(self, text: str) -> str:
        if self.params.ruby and ("<r" in text or "|" in text or "｜" in text):
            text = _RUBY_RT.sub("", text)
            text = _RUBY_TAG.sub("", text)
            text = _RUBY_BRACE.sub(lambda m: m.group(1), text)
        text = _GLOSS.sub(lambda m: "" if is_pinyin_gloss(m.group(1)) else m.group(0), text)
        if self.params.zhuyin:
            text = _ZHUYIN.sub("", text)
        return text
