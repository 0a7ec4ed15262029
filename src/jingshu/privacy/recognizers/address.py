"""Detailed addresses: the part of an address that leads to one door.

Personal information, as PIPL art. 4 and GB/T 35273-2020 (annex A) list it, includes
a person's *detailed* address, not the province, city or district one lives in, and
not the names of organisations or public places. A Chinese address runs from the
largest unit to the smallest (GB/T 23705-2009, *Rules of coding for postal address*):
province, city, district or county, town or sub-district, village or community, road
and number, then building, unit, floor and room. Here an address is *detailed* when it
has a door: a road, street or lane with a house number (``文三路90号``), a building,
unit, floor or room after a road, compound or village (``望京西园3栋2单元801室``), or a
village group or house number after a village (``西岗村3组``, ``协塘家村1号``). The span
runs from the first unit written before the door (``浙江省杭州市西湖区…``) to the last
door unit; region names, road names without a number, organisations and places alone
are not addresses (see ``docs/guides/privacy.md``, *What counts as a detailed address*).
"""

from __future__ import annotations

import re

from jingshu.privacy.places import match_places
from jingshu.privacy.spans import PiiSpan

__all__ = ["find_addresses"]

# Characters that rarely sit inside a place name and usually end one.
_NOT_PLACE = "的了在是与及或第我们你他她它这那有为从到把被就也还又说将对向由于至往个"
_PLACE_CHAR = r"[^\W\d_a-zA-Z" + _NOT_PLACE + r"]"
_NUM = r"[0-9０-９一二三四五六七八九十百零〇]"
_NUMX = r"[0-9０-９一二三四五六七八九十百零〇A-Za-zＡ-Ｚ]"
_ADMIN = (
    _PLACE_CHAR + r"{1,7}?(?:自治区|自治州|自治县|特别行政区|省|市|盟|地区|新区|开发区|区|县|旗"
    r"|镇|乡|街道|村|社区|嘎查|屯)"
)
_ROAD = _PLACE_CHAR + r"{1,8}?" + _NUM + r"{0,3}(?:大道|大街|路|街|巷|胡同|弄)"
_ROAD_NO = _NUM + r"{1,5}(?:-" + _NUM + r"{1,4})?(?:号院|号|弄|支弄)(?![线令文件])"
_BUILDING_NO = (
    _NUMX + r"{1,5}(?:-" + _NUMX + r"{1,4})?"
    r"(?:号楼|号院|栋|幢|单元|层|楼|室|房|号|组|村民小组)(?![线令文件])"
    r"|(?:[A-Za-zＡ-Ｚ]|[0-9]{1,3})座"
)
# 6-9-2: building, unit and room written with hyphens.
_TRIPLE_NO = r"[0-9]{1,4}-[0-9]{1,4}(?:-[0-9]{1,5})?(?![0-9%％.:：年月日元万亿岁])"
_POI = (
    _PLACE_CHAR + r"{2,10}?(?:小区|花园|公寓|大厦|家园|苑|新村|广场|中心|园区|工业区|园|城|大楼"
    r"|商厦|坊|宿舍|别墅|山庄|府|湾|里|庄|浜)"
)
# A name without a compound suffix, taken only inside an address and right before a
# building, floor or room (蓝天虹1楼, 气象局7楼).
_NAMED = _PLACE_CHAR + r"{2,10}?(?=" + _NUMX + r"{1,5}(?:号楼|栋|幢|座|单元|层|楼|室))"
_NAMED_HOUSE_RE = re.compile(
    _PLACE_CHAR + r"{2,10}?(?=" + _NUMX + r"{1,5}(?:号楼|栋|幢|座|单元|层|楼|室|号))"
)
# After a village: a hamlet or family name before a house number (昌兴村林家1号).
_HAMLET_RE = re.compile(_PLACE_CHAR + r"{2,4}?(?=" + _NUM + r"{1,4}号)")
_UNITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("roadno", re.compile(_ROAD + _ROAD_NO)),
    ("building", re.compile(_BUILDING_NO + "|" + _TRIPLE_NO)),
    ("road", re.compile(_ROAD)),
    ("poi", re.compile(_POI)),
    ("poi", re.compile(r"[A-Za-zＡ-Ｚ0-9]{1,3}区")),  # a zone of a compound (A区, 4区)
    ("admin", re.compile(_ADMIN)),
)
_NAMED_RE = re.compile(_NAMED)
_POI_RE = re.compile(_POI)
# At the start of an address only before a building or unit (锦绣江南1幢, 星汇半岛3栋).
_NAMED_START_RE = re.compile(
    _PLACE_CHAR + r"{2,8}?(?=" + _NUMX + r"{1,5}(?:号楼|栋|幢|单元))"
)
_ROOM_RE = re.compile(
    r"[A-Za-z]?[0-9]{1,5}[A-Za-z]?(?![0-9A-Za-z%％.年月日时分秒元万亿岁个人次天])"
)
_CUE_RE = re.compile(
    r"(?:住址|地址|地点|住所|住在|家住|居住在|居住于|寄到|送到|送至|寄至|位于|户籍地|籍贯)[是为：:\s]{0,2}"
)
_START_RE = re.compile(r"(?:^|(?<=[\s\W_" + _NOT_PLACE + r"]))(?=" + _PLACE_CHAR + ")")


Unit = tuple[str, int, int]
_SEPARATORS = frozenset(" _-\u3000")
_MAX_UNITS = 16


def _candidates(text: str, pos: int, prev: str, places: dict[int, int]) -> list[Unit]:
    """Every address unit that can start at ``pos``: (kind, start, end)."""
    found: list[Unit] = []
    for kind, pattern in _UNITS:
        m = pattern.match(text, pos)
        if m is not None and m.end() > pos:
            found.append((kind, pos, m.end()))
    if pos in places:
        found.append(("admin", pos, places[pos]))
    named = {"-": _NAMED_START_RE, "village": _HAMLET_RE, "admin": _NAMED_RE}.get(
        prev, _NAMED_HOUSE_RE)
    m = named.match(text, pos)
    if m is not None and m.end() > pos:
        found.append(("poi", pos, m.end()))
    return found


class _Chains:
    """The unit sequence from a start that reaches the farthest door (memoised)."""

    def __init__(self, text: str, places: dict[int, int]) -> None:
        self.text, self.places = text, places
        self.memo: dict[tuple[int, str, int], tuple[int, list[Unit]]] = {}

    def best(self, pos: int, prev: Unit | None, depth: int = 0) -> tuple[int, list[Unit]]:
        """(end of the farthest door or -1, the units) from ``pos`` after ``prev``; an
        address has at most :data:`_MAX_UNITS` units (a list of places is not one)."""
        key = (pos, _state(self.text, prev), depth)
        if key in self.memo:
            return self.memo[key]
        result: tuple[int, list[Unit]] = (-1, [])
        if pos < len(self.text) and depth < _MAX_UNITS:
            for unit in _candidates(self.text, pos, key[1], self.places):
                if unit[0] == "building" and not _door_ok(prev, self.text):
                    continue
                door, rest = self.best(unit[2], unit, depth + 1)
                if door < 0 and unit[0] in {"roadno", "building"}:
                    door = unit[2]
                if door > result[0]:
                    result = (door, [unit, *rest] if door > 0 else [])
            if prev is not None and self.text[pos] in _SEPARATORS:
                door, rest = self.best(pos + 1, prev, depth + 1)  # 浙江省 杭州市, 丽岙镇_曹建村
                if door > result[0]:
                    result = (door, rest)
        self.memo[key] = result
        return result


def _state(text: str, unit: Unit | None) -> str:
    if unit is None:
        return "-"
    if unit[0] == "admin" and _door_ok(unit, text):
        return "village"
    return unit[0]


def _chain(text: str, start: int, places: dict[int, int],
           chains: _Chains | None = None) -> list[Unit]:
    """The address units from ``start`` that reach the farthest door ([] if none)."""
    return (chains or _Chains(text, places)).best(start, None)[1]


def _door_ok(prev: Unit | None, text: str) -> bool:
    """A building, floor or room counts only after a road, compound, village or another one."""
    if prev is None:
        return False
    kind, s, e = prev
    if kind in {"roadno", "road", "poi", "building"}:
        return True
    return kind == "admin" and text[s:e].endswith(("村", "社区", "屯", "嘎查", "镇", "乡", "街道"))


def _end_of_door(text: str, units: list[tuple[str, int, int]]) -> int | None:
    """End of the last door unit, with a bare room number after a building or after a
    compound that follows a door (…路7号永富大厦2)."""
    doors = [k for k, u in enumerate(units) if u[0] in {"roadno", "building"}]
    if not doors:
        return None
    last = doors[-1]
    end = units[last][2]
    after_poi = [u for u in units[last + 1 :] if u[0] == "poi"]
    if after_poi and after_poi[0][1] == end:
        end = after_poi[0][2]
    elif (poi := _POI_RE.match(text, end)) is not None and (
            room := _ROOM_RE.match(text, poi.end())) is not None:
        return room.end()  # …路7号永富大厦2, …路1号锐鹰电商园D7
    elif not (text[end - 2 : end] == "单元" or text[end - 1 : end] in "栋幢座楼"):
        return end
    m = _ROOM_RE.match(text, end)
    return m.end() if m else units[last][2]


def _starts(text: str, places: set[int], cued: set[int]) -> list[int]:
    starts = places | cued
    starts.update(m.start() for m in _START_RE.finditer(text))
    return sorted(starts)


def find_addresses(text: str) -> list[PiiSpan]:
    """Detailed addresses (with a house number, building, unit, room or village group).

    Args:
        text: Text to scan.
    """
    spans: list[PiiSpan] = []
    covered = 0
    places = {s: e for s, e, _p in match_places(text)}
    cued = {m.end() for m in _CUE_RE.finditer(text)}
    chains = _Chains(text, places)
    for start in _starts(text, set(places), cued):
        if start < covered:
            continue
        units = _chain(text, start, places, chains)
        end = _end_of_door(text, units)
        if end is None:
            continue
        kind, _s, first_end = units[0]
        cue = [c for c in cued if start < c < first_end]
        inner = [p for p in places if start < p < first_end] if kind == "admin" else []
        begin = max(cue) if cue else min(inner) if inner and start not in places else start
        spans.append(PiiSpan("address", begin, end, text[begin:end]))
        covered = end
    return spans
