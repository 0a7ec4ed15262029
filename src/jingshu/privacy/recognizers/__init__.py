"""Recognizers beyond the checksummed numbers of :mod:`jingshu.privacy.pii`.

``contact``: landlines, passports, licence plates, IP addresses, QQ and WeChat IDs;
``address``: addresses from the shipped place names and address structure.
"""

from __future__ import annotations

from jingshu.privacy.recognizers.address import find_addresses
from jingshu.privacy.recognizers.contact import (
    find_ip_addresses,
    find_landlines,
    find_passports,
    find_plates,
    find_qq,
    find_wechat,
)

__all__ = [
    "find_addresses",
    "find_ip_addresses",
    "find_landlines",
    "find_passports",
    "find_plates",
    "find_qq",
    "find_wechat",
]
