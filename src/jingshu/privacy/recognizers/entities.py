"""Names of people, organisations and places: the shipped tagger plus rules.

Person names are personal information; organisation and place names are not (PIPL
art. 4 covers natural persons), so the default redaction policy keeps
``organization`` and ``place`` spans (see :data:`jingshu.privacy.actions.PUBLIC_TYPES`).
They are recognised all the same, so that a policy can redact them on request and so
that a court or a bureau is not taken for a person or an address.

The tagger (:mod:`jingshu.privacy.tagger`) finds all three kinds; rules add
government bodies, courts, zones and institutions written after a place
(``杭州市市场监督管理局``, ``某某区人民法院``) and known regions (``台湾地区``,
``澳门特别行政区``), which a tagger trained on news text sometimes splits.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from jingshu.privacy.places import match_places
from jingshu.privacy.spans import PiiSpan
from jingshu.privacy.tagger import default_tagger

__all__ = ["find_organizations", "find_places", "find_tagged_names", "tagged"]

_HAN = r"[\u4e00-\u9fff]"
_ADMIN_SUFFIX = r"(?:自治区|自治州|自治县|特别行政区|省|市|地区|新区|区|县|旗|镇|乡|街道)"
_ORG_SUFFIX = (
    r"(?:人民法院|中级人民法院|高级人民法院|法院|人民检察院|检察院|人民政府|政府|人民代表大会"
    r"|常务委员会|委员会|委|管理局|监督管理局|局|厅|办公室|办公厅|办事处|公安分局|派出所"
    r"|开发区|高新区|自贸区|试验区|示范区|园区|研究院|研究所|研究中心|中心|大学|学院|学校|医院"
    r"|银行|公司|集团|协会|学会|基金会|联合会|商会|交易所|实验室)"
)
_ORG_RE = re.compile(
    r"(?:某某|[\u4e00-\u9fff]{0,2}?某)?" + _HAN + r"{0,12}?" + _ORG_SUFFIX
)
_REGION_RE = re.compile(r"(?:台湾|香港|澳门)(?:地区|特别行政区)")
_PLACE_UNIT_RE = re.compile(_HAN + r"{1,6}?" + _ADMIN_SUFFIX)


@lru_cache(maxsize=8)
def tagged(text: str) -> tuple[PiiSpan, ...]:
    """The shipped tagger's spans for ``text`` (cached: three recognizers share them)."""
    spans = []
    for span in default_tagger()(text):
        start, end = span.start, span.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(PiiSpan(span.type, start, end, text[start:end]))
    return tuple(spans)


@lru_cache(maxsize=1)
def _word_freq() -> dict[str, int]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt.FREQ  # type: ignore[no-any-return]


_COMMON = 1000
"""jieba dictionary frequency from which a word is taken as a word, not a name
(马上 2,306, 程序 5,610, 同意 5,348; a person's name such as 王伟 or 张勇 is not in
the dictionary). Chosen on held-out CLUENER train texts: name F1 0.690 → 0.691."""
_NOT_NAME_END = tuple("省市区县镇乡村路街")


def _name_like(span: PiiSpan) -> bool:
    value = span.value
    return (
        len(value) >= 2
        and not any(c.isspace() for c in value)
        and not value.endswith(_NOT_NAME_END)
        and _word_freq().get(value, 0) < _COMMON
    )


def find_tagged_names(text: str) -> list[PiiSpan]:
    """Person names found by the tagger: two or more characters, not a common word of
    jieba's dictionary, not ending like a place (王庄乡)."""
    return [s for s in tagged(text) if s.type == "person_name" and _name_like(s)]


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
