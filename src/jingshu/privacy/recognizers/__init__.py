"""Recognizers beyond the checksummed numbers of :mod:`jingshu.privacy.pii`.

``contact``: landlines, passports, licence plates, IP addresses, QQ and WeChat IDs;
``address``: detailed addresses (down to a door); ``entities``: person, organisation
and place names from the shipped tagger and rules.
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
from jingshu.privacy.recognizers.entities import (
    NAME_DOTS,
    find_organizations,
    find_places,
    find_tagged_names,
    public_figure,
    public_role,
)

__all__ = [
    "NAME_DOTS",
    "find_addresses",
    "find_ip_addresses",
    "find_landlines",
    "find_organizations",
    "find_passports",
    "find_places",
    "find_plates",
    "find_qq",
    "find_tagged_names",
    "find_wechat",
    "public_figure",
    "public_role",
]
