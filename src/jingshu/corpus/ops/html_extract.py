"""Main text out of HTML pages, with trafilatura.

Documents read from ``.html`` files carry ``metadata["format"] = "html"`` (see
:mod:`jingshu.corpus.shard_io`; their bytes were decoded by
:func:`jingshu.corpus.encoding.decode_bytes`, not by the page's meta tag, which is
often wrong on Chinese sites). Other documents are treated as HTML when their text
starts like a page (``<!DOCTYPE``, ``<html``, ``<body``, ``<head``) unless
``only_marked`` is set. Extraction uses trafilatura (Barbaresi, 2021, ACL demo), which
drops navigation, sidebars and comments; pages where it finds no main text (list and
forum index pages) fall back to all the page's visible text, one line per block — the
same text importing an ``.html`` file keeps (:func:`jingshu.store.html_text.html_to_text`,
the one HTML-to-text conversion) — or to empty text.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from typing import Literal

from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Mapper
from jingshu.corpus.params import OperatorParams
from jingshu.store.html_text import html_to_text

__all__ = ["HtmlExtractor", "extract_main_text", "looks_like_html"]

_PAGE_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|body)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML page.

    Args:
        text: A document's text.
    """
    return bool(_PAGE_START.match(text[:2000]))


def extract_main_text(html: str, *, tables: bool = True, fallback: bool = True) -> str | None:
    """The main text of a page (trafilatura), lines separated by newlines.

    Args:
        html: The page as text (already decoded).
        tables: Keep the text of tables.
        fallback: Where trafilatura finds no main text, return all the page's visible
            text (:func:`~jingshu.store.html_text.html_to_text`).

    Returns:
        The text, or ``None`` when nothing could be extracted.
    """
    trafilatura = importlib.import_module("trafilatura")
    text = trafilatura.extract(
        html, include_comments=False, include_tables=tables, deduplicate=False
    )
    if text is None and fallback:
        text = html_to_text(html)
    return str(text) if text else None


class HtmlExtractParams(OperatorParams):
    only_marked: bool = Field(
        False,
        description='act only on documents marked format "html" (else also on page-like text)'
    )
    tables: bool = Field(True, description="keep the text of tables")
    no_text: Literal["page_text", "empty"] = Field(
        "page_text", description="when no main text is found: all the page's text, or empty text"
    )


class HtmlExtractor(Mapper[HtmlExtractParams]):
    """Replace an HTML page by its main text (trafilatura); other documents pass as they are.

    Needs ``pip install trafilatura lxml_html_clean``.
    """

    name = "html_extract"
    Params = HtmlExtractParams
    requires = ("trafilatura", "lxml_html_clean")

    def _is_page(self, doc: Document) -> bool:
        if doc.metadata.get("format") == "html":
            return True
        return not self.params.only_marked and looks_like_html(doc.text)

    def map(self, doc: Document) -> Document:
        if not self._is_page(doc):
            return doc
        text = extract_main_text(
            doc.text, tables=self.params.tables, fallback=self.params.no_text == "page_text"
        )
        self.count("pages_extracted" if text else "pages_without_text")
        return replace(doc, text=text or "", metadata={**doc.metadata, "format": "text"})
