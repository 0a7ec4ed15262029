"""Contact and device identifiers: landlines, passports, plates, IPs, QQ and WeChat.

Formats: landline numbers with a trunk-prefixed area code (010, 02x, 0xxx) as in the
national numbering plan; passports of the PRC (``E`` + 8 characters since 2012,
``G``/``D``/``S``/``P`` + 7–8 digits for older and official ones, these only after a
cue word); plates per GA 36-2018 (province character, issuing-office letter, 5
characters; new-energy plates with 6 whose first or last is ``D``/``F``); IPv4 and
IPv6 as validated by :mod:`ipaddress`; QQ numbers and WeChat IDs only after their
cue words, since bare numbers and handles are too ambiguous.
"""

from __future__ import annotations

import ipaddress
import re

from jingshu.privacy.spans import PiiSpan, regex_spans

__all__ = [
    "find_ip_addresses",
    "find_landlines",
    "find_passports",
    "find_plates",
    "find_qq",
    "find_wechat",
]

_AREA = r"(?:010|02\d|0[3-9]\d{2})"
_LANDLINE_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:\+86|0086)[- ]?)?"
    r"(?:\(" + _AREA + r"\)|（" + _AREA + r"）|" + _AREA + r"[- ])"
    r"\s?[2-9]\d{2,3}[- ]?\d{4}(?:(?:转|-)\d{1,5})?(?!\d)"
)
_PASSPORT_RE = re.compile(r"(?<![0-9A-Za-z])E(?:\d{8}|[A-HJ-NP-Z]\d{7})(?![0-9A-Za-z])")
_CUED_PASSPORT_RE = re.compile(
    r"(?:护照|passport|Passport|PASSPORT)[号码编:： ]{0,4}([GDSPEH]\d{7,8})(?![0-9A-Za-z])"
)
_PLATE_LETTERS = "A-HJ-NP-Z"
_PLATE_RE = re.compile(
    r"(?<![0-9A-Za-z])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[" + _PLATE_LETTERS + r"][·•\s]?"
    r"(?:[DF][" + _PLATE_LETTERS + r"0-9]\d{4}|\d{5}[DF]"
    r"|[" + _PLATE_LETTERS + r"0-9]{4}[0-9挂学警港澳])"
    r"(?![0-9A-Za-z])"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4_RE = re.compile(r"(?<![\d.])" + _OCTET + r"(?:\." + _OCTET + r"){3}(?![\d]|\.\d)")
_IPV6_RE = re.compile(
    r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])"
)
_QQ_RE = re.compile(r"(?:QQ|qq|Qq|扣扣)(?:号码|号|群)?\s*[:：]?\s*([1-9]\d{4,10})(?!\d)")
_WECHAT_RE = re.compile(
    r"(?:微信|威信|薇信|weixin|WeChat|wechat|vx|VX|Vx|wx|WX)(?:号|ID|id)?\s*[:：]?\s*"
    r"([A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])"
)


def find_landlines(text: str) -> list[PiiSpan]:
    """Fixed-line numbers with an area code: ``010-12345678``, ``(0571)8765 4321``."""
    return regex_spans("landline", _LANDLINE_RE, text)


def find_passports(text: str) -> list[PiiSpan]:
    """PRC passport numbers: ``E`` series anywhere, older series after 护照/passport."""
    spans = regex_spans("passport", _PASSPORT_RE, text)
    seen = {(s.start, s.end) for s in spans}
    spans += [
        s for s in regex_spans("passport", _CUED_PASSPORT_RE, text, group=1)
        if (s.start, s.end) not in seen
    ]
    return spans


def find_plates(text: str) -> list[PiiSpan]:
    """Vehicle licence plates, including new-energy ones (``粤B·D12345``)."""
    return regex_spans("license_plate", _PLATE_RE, text)


def _ipv6_ok(value: str) -> bool:
    if len(value) < 3 or value.count(":") < 2:
        return False
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def find_ip_addresses(text: str) -> list[PiiSpan]:
    """IPv4 dotted quads and IPv6 addresses that :mod:`ipaddress` accepts."""
    return regex_spans("ip_address", _IPV4_RE, text) + regex_spans(
        "ip_address", _IPV6_RE, text, _ipv6_ok
    )


def find_qq(text: str) -> list[PiiSpan]:
    """QQ numbers (5–11 digits) written after ``QQ``/``扣扣``."""
    return regex_spans("qq", _QQ_RE, text, group=1)


def find_wechat(text: str) -> list[PiiSpan]:
    """WeChat IDs (a letter then 5–19 letters, digits, ``-`` or ``_``) after 微信/vx."""
    return regex_spans("wechat", _WECHAT_RE, text, group=1)
