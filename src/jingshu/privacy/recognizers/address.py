"""Addresses from the shipped place names and the structure of a Chinese address.

A Chinese address runs from the largest unit to the smallest (GB/T 23705-2009,
*Rules of coding for postal address*): province, city, district or county, town or
sub-district, village or community, road and number, then building, unit, floor and
room. An address starts at a known place name (:mod:`jingshu.privacy.places`) or after
a cue word (住址、地址、住在、家住、寄到 ...); from there it is extended by as many
units as follow. A lone place name (``北京``) is a location, not a personal address:
at least two units are needed, or one unit with house-level detail.
"""

from __future__ import annotations

import re

from jingshu.privacy.places import match_places
from jingshu.privacy.spans import PiiSpan

__all__ = ["find_addresses"]

_HAN = r"[\u4e00-\u9fff]"
# Characters that rarely sit inside a place name and usually end one.
_NOT_PLACE = "的了在是和与及或我你他她它这那有为从到把被就都也还又说"
_PLACE_CHAR = r"[^\W\d_a-zA-Z" + _NOT_PLACE + r"]"
_NUM = r"[0-9０-９一二三四五六七八九十百零〇A-Za-z]"
_ADMIN = (
    _PLACE_CHAR + r"{1,7}?(?:自治区|自治州|自治县|特别行政区|省|市|盟|地区|新区|开发区|区|县|旗"
    r"|镇|乡|街道|村|社区|嘎查)"
)
_ROAD = (
    _PLACE_CHAR + r"{1,8}?" + _NUM + r"{0,3}(?:大道|大街|路|街|巷|胡同|弄)"
    r"(?:" + _NUM + r"{1,6}(?:号院|号|弄|支弄))?"
)
_DETAIL = _NUM + r"{1,6}(?:号楼|号院|栋|幢|座|单元|层|楼|室|户|号)"
_POI = _PLACE_CHAR + r"{2,8}?(?:小区|花园|公寓|大厦|家园|苑|新村|广场|中心|园区|园|城)"
_UNIT_RE = re.compile(r"(?:(" + _DETAIL + r")|(" + _ROAD + r")|(" + _POI + r")|(" + _ADMIN + r"))")
_CUE_RE = re.compile(
    r"(?:住址|地址|住在|家住|居住在|居住于|寄到|送到|送至|寄至|位于|户籍地|籍贯)[是为：:\s]{0,2}"
)


def _extend(text: str, start: int, first_end: int | None) -> tuple[int, int, bool]:
    """Extend an address from ``start``; returns (end, units, has_detail)."""
    pos = first_end if first_end is not None else start
    units = 1 if first_end is not None else 0
    detail = False
    while pos < len(text):
        m = _UNIT_RE.match(text, pos)
        if m is None or m.end() == pos:
            break
        detail = detail or m.group(1) is not None or m.group(2) is not None
        units += 1
        pos = m.end()
    return pos, units, detail


def find_addresses(text: str) -> list[PiiSpan]:
    """Addresses of two or more units, or one unit down to a road, building or room.

    Args:
        text: Text to scan.
    """
    starts: dict[int, int | None] = {}
    for s, e, _place in match_places(text):
        starts.setdefault(s, e)
    for m in _CUE_RE.finditer(text):
        starts.setdefault(m.end(), None)
    spans: list[PiiSpan] = []
    covered = 0
    for start in sorted(starts):
        if start < covered:
            continue
        end, units, detail = _extend(text, start, starts[start])
        if units >= 2 or (units == 1 and detail):
            spans.append(PiiSpan("address", start, end, text[start:end]))
            covered = end
    return spans
