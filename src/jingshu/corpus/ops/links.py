"""Removing e-mail addresses and links (URLs) from text.

For corpora where addresses are noise rather than personal data to redact (the
``pii_redact`` operator replaces e-mails with a typed placeholder instead). Runs of
spaces left behind are not collapsed here; follow with ``whitespace``.
"""

from __future__ import annotations

import re

from pydantic import Field

from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import OperatorParams

__all__ = ["EMAIL_PATTERN", "LINK_PATTERN", "EmailRemover", "LinkRemover"]

EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
"""An e-mail address; ASCII only, so it stops at the Chinese text around it."""
LINK_PATTERN = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
"""An http(s)/ftp URL or a ``www.`` address; ASCII only, so it stops at Chinese text."""


class RemoveParams(OperatorParams):
    replacement: str = Field("", description="text put where an address was")


class EmailRemover(Mapper[RemoveParams]):
    """Remove e-mail addresses (``name@example.cn``)."""

    name = "email_remove"
    Params = RemoveParams

    def map_text(self, text: str) -> str:
        if "@" not in text:
            return text
        return EMAIL_PATTERN.sub(self.params.replacement, text)


class LinkRemover(Mapper[RemoveParams]):
    """Remove links: ``http://``, ``https://``, ``ftp://`` URLs and ``www.`` addresses."""

    name = "link_remove"
    Params = RemoveParams

    def map_text(self, text: str) -> str:
        if "://" not in text and "www." not in text.lower():
            return text
        return LINK_PATTERN.sub(self.params.replacement, text)
