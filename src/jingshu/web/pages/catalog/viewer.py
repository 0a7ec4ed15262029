"""The dataset viewer: one page of a version's rows, cells cut short with the rest on demand.

Rows come from :func:`jingshu.store.rows.page_rows` (any offset; or rows containing a
search text). Each cell shows at most :data:`SHORT_CHARS` characters; a longer one
carries its full text (up to :data:`FULL_CHARS`) for the "expand" control. Column
widths follow their content: the 75th percentile of the page's cell lengths, between
the header's length and :data:`MAX_WIDTH` ``ch`` (a Han character counts two, as it
is drawn twice as wide as a Latin letter). Where the version has a stored quality
profile (``jingshu dataset profile``, the quality tab), each header also shows its
column's measures over the whole version: empty share, and mean length (text) or
distinct values and range (other columns).

In a media version (rows naming files by ``image_sha256`` / ``audio_sha256``) that
column shows a lazily loaded thumbnail (server-made, :data:`THUMB_PX` px) linking to the
file, or an audio player that loads nothing until played; both are fetched from the
governed media endpoint, which applies the download policy again. Rows whose file did
not decode show their sha256 as text.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from jingshu.catalog.models import DatasetVersion
from jingshu.profiles import ColumnProfile, TextFieldProfile, VersionProfile, load_profile
from jingshu.store import StoredVersion
from jingshu.store.media_export import media_column
from jingshu.store.rows import page_rows
from jingshu.web.pages.render import page_url

__all__ = ["PAGE_ROWS", "THUMB_PX", "ColumnStats", "MediaRef", "ViewerCell", "ViewerColumn",
           "ViewerPage", "viewer_page"]

PAGE_ROWS = 25
SHORT_CHARS = 160
FULL_CHARS = 5000
MIN_WIDTH, MAX_WIDTH = 6, 60
THUMB_PX = 160  # the thumbnails' longest side; drawn at most 160 CSS px (less on phones)
_MEDIA_WIDTH = 24  # ch: the media column's width


@dataclass(frozen=True)
class MediaRef:
    """A media file shown in a cell: ``kind`` is ``image`` or ``audio``."""

    kind: str
    url: str  # the file
    thumb_url: str | None = None  # images: the thumbnail


@dataclass(frozen=True)
class ViewerCell:
    short: str
    full: str | None  # None when ``short`` is the whole value
    media: MediaRef | None = None


@dataclass(frozen=True)
class ColumnStats:
    """A column's measures from the version's stored quality profile (whole version)."""

    null_pct: float
    distinct: int | None = None  # non-text columns
    mean_chars: float | None = None  # text fields
    low: str | None = None  # non-text: minimum and maximum
    high: str | None = None

    @classmethod
    def of(cls, field: TextFieldProfile | ColumnProfile) -> ColumnStats:
        null_pct = 100 * field.nulls / field.rows if field.rows else 0.0
        if isinstance(field, TextFieldProfile):
            filled = field.rows - field.nulls
            return cls(null_pct, mean_chars=field.chars / filled if filled else 0.0)
        return cls(null_pct, distinct=field.distinct, low=field.min, high=field.max)


@dataclass(frozen=True)
class ViewerColumn:
    name: str
    width: int  # in ch
    stats: ColumnStats | None = None


@dataclass(frozen=True)
class ViewerRow:
    number: int  # 1-based, as people count rows
    cells: list[ViewerCell]


@dataclass(frozen=True)
class ViewerPage:
    """What the viewer section shows: columns, rows and where the other pages are."""

    columns: list[ViewerColumn]
    rows: list[ViewerRow]
    total: int
    first: int  # 1-based number of the first row shown (0 when none)
    last: int
    q: str
    offset: int
    limit: int
    links: dict[str, str | None]  # first, prev, next, last → URL or None
    api_url: str


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return f"<{len(value):,} bytes>"
    return str(value)


def _cell(value: object) -> ViewerCell:
    text = _text(value)
    if len(text) <= SHORT_CHARS:
        return ViewerCell(text, None)
    full = text if len(text) <= FULL_CHARS else text[:FULL_CHARS] + "…"
    return ViewerCell(text[:SHORT_CHARS] + "…", full)


def _media_cell(kind: str, media_url: str, row: dict[str, object]) -> ViewerCell:
    """The player or thumbnail of a row's file; its sha256 as text when it did not decode."""
    sha = row.get(f"{kind}_sha256")
    if not isinstance(sha, str) or row.get("error"):
        return _cell(sha)
    url = f"{media_url}/{sha}"
    thumb = f"{url}?thumb={THUMB_PX}" if kind == "image" else None
    return ViewerCell(sha[:12] + "…", None, MediaRef(kind, url, thumb))


def _display_width(text: str) -> int:
    """Width in ``ch``: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text[:MAX_WIDTH])


def _width(name: str, cells: list[ViewerCell]) -> int:
    lengths = sorted(_display_width(c.full or c.short) for c in cells) or [0]
    p75 = lengths[min(len(lengths) - 1, (3 * len(lengths)) // 4)]
    return max(MIN_WIDTH, _display_width(name) + 2, min(MAX_WIDTH, p75))


def _stats(profile: VersionProfile | None) -> dict[str, ColumnStats]:
    """Per-column measures where the version has a stored profile (none is computed here)."""
    return {f.name: ColumnStats.of(f) for f in profile.fields} if profile else {}


def viewer_page(version: DatasetVersion, stored: StoredVersion, *, offset: int = 0,
                q: str = "", limit: int = PAGE_ROWS) -> ViewerPage:
    """The page of rows at ``offset`` (or of rows containing ``q``) as view objects.

    Args:
        version: the catalog's version (for links).
        stored: the same version opened in the store (the caller checked the policy).
        offset: the first row (0-based); past the end shows the last page.
        q: only rows whose text contains this.
        limit: rows per page.
    """
    page = page_rows(stored, offset=offset, limit=limit, contains=q)
    if not page.rows and page.total and offset >= page.total:  # past the end: the last page
        offset = (page.total - 1) // limit * limit
        page = page_rows(stored, offset=offset, limit=limit, contains=q)
    names = [f.name for f in stored.manifest.fields]
    kind = media_column(stored.schema())
    media_url = f"/api/v1/datasets/{version.dataset.name}/versions/{version.number}/media"
    grid = [[_media_cell(kind, media_url, r) if kind and n == f"{kind}_sha256"
             else _cell(r.get(n)) for n in names] for r in page.rows]
    stats = _stats(load_profile(stored))
    columns = [ViewerColumn(n, _MEDIA_WIDTH if kind and n == f"{kind}_sha256"
                            else _width(n, [row[i] for row in grid]), stats.get(n))
               for i, n in enumerate(names)]
    rows = [ViewerRow(number + 1, cells) for number, cells in zip(page.numbers, grid,
                                                                    strict=True)]
    base = f"/datasets/{version.dataset.name}"

    def link(at: int) -> str:
        return page_url(base, version=version.number, q=q, offset=at or None) + "#viewer"

    last_offset = max(0, (page.total - 1) // limit * limit)
    links: dict[str, str | None] = {
        "first": link(0) if offset > 0 else None,
        "prev": link(max(0, offset - limit)) if offset > 0 else None,
        "next": link(offset + limit) if offset + limit < page.total else None,
        "last": link(last_offset) if offset + limit < page.total else None,
    }
    api = page_url(f"/api/v1/datasets/{version.dataset.name}/versions/{version.number}/rows",
                   offset=offset, limit=limit, q=q)
    return ViewerPage(columns, rows, page.total, offset + 1 if rows else 0,
                      offset + len(rows), q, offset, limit, links, api)
