"""The profile of a dataset version: typed results, JSON in and out.

Values a reader could take for rows (a field's most frequent values, a text field's
most repeated lines, a string column's minimum and maximum) are *row content*;
:meth:`VersionProfile.without_row_content` drops them for readers who may not see rows.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from jingshu.errors import InputError

__all__ = ["PROFILE_FORMAT", "ColumnProfile", "DupStats", "Histogram", "MediaProfile",
           "TextFieldProfile", "TopItem", "VersionProfile"]

PROFILE_FORMAT = 1


@dataclass(frozen=True)
class Histogram:
    """Counts between fixed bin edges (``len(counts) == len(edges) - 1``)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class TopItem:
    """A frequent value or line and how many times it was seen (a lower bound)."""

    value: str
    count: int


@dataclass(frozen=True)
class DupStats:
    """Duplicate rates measured on a consistent sample (see :mod:`jingshu.profiles.dups`).

    Args:
        sampled: documents in the sample.
        exact_dup_rate: share of sampled documents identical to an earlier one.
        near_dup_rate: share of sampled documents sharing a MinHash LSH bucket with an
            earlier one (exact duplicates included).
        threshold: the Jaccard similarity the LSH bands were tuned to.
    """

    sampled: int
    exact_dup_rate: float
    near_dup_rate: float
    threshold: float


@dataclass(frozen=True)
class TextFieldProfile:
    """Measures of one text field. Rates over documents unless named per character.

    ``sampled`` documents (every one of the first 200 and 1 in 32 of the rest, by a hash
    of the text) carry the costly measures: language, PII, mojibake, flagged words and the
    quality score.
    """

    name: str
    rows: int
    nulls: int
    chars: int
    tokens: int
    tokenizer: str
    length: Histogram
    script: dict[str, int]
    replacement_char_rate: float
    control_char_rate: float
    sampled: int
    mojibake_rate: float
    flagged_word_rate: float
    languages: dict[str, int]
    pii_hits: dict[str, int]
    pii_scope: tuple[str, ...]
    pii_doc_rate: float
    dups: DupStats
    quality: Histogram | None = None
    top_lines: tuple[TopItem, ...] = ()

    @property
    def chars_per_token(self) -> float:
        return self.chars / self.tokens if self.tokens else 0.0


@dataclass(frozen=True)
class ColumnProfile:
    """Measures of one non-text column (numbers, labels, dates, short strings)."""

    name: str
    type: str
    rows: int
    nulls: int
    distinct: int
    min: str | None = None
    max: str | None = None
    quantiles: dict[str, float] = field(default_factory=dict)
    mean: float | None = None
    top_values: tuple[TopItem, ...] = ()

    @property
    def null_rate(self) -> float:
        return self.nulls / self.rows if self.rows else 0.0


@dataclass(frozen=True)
class MediaProfile:
    """Measures of a media version's files (:mod:`jingshu.profiles.media`).

    Args:
        kind: ``image`` or ``audio``.
        rows: rows read.
        with_file: rows naming a file that decoded at import.
        undecodable: rows whose file did not decode (or was missing).
        error_reasons: those rows by the kind of error.
        distinct_files: distinct files among ``with_file`` (HyperLogLog, about 1.6%).
        duplicate_rows: rows naming a file an earlier row names (exact duplicates).
        bytes: bytes of the files named by rows (a file named twice counts twice).
        formats: rows by file format.
        sizes: images: rows by longest side in px; audio: by duration in seconds.
        sample_rates: audio: rows by sample rate.
        gps_checked: images opened to look for GPS EXIF (a sample).
        gps_found: of those, images whose EXIF holds a GPS latitude and longitude.
        gps_removed: rows whose GPS ``exif_strip`` removed, if it ran.
        faces_blurred: faces ``face_blur`` blurred, if it ran.
    """

    kind: str
    rows: int
    with_file: int
    undecodable: int
    error_reasons: dict[str, int]
    distinct_files: int
    duplicate_rows: int
    bytes: int
    formats: dict[str, int]
    sizes: Histogram
    sample_rates: dict[str, int] = field(default_factory=dict)
    gps_checked: int = 0
    gps_found: int = 0
    gps_removed: int | None = None
    faces_blurred: int | None = None


@dataclass(frozen=True)
class VersionProfile:
    """The quality profile of one version."""

    dataset: str
    version_id: str
    rows: int
    computed_at: str
    seconds: float
    text: tuple[TextFieldProfile, ...]
    columns: tuple[ColumnProfile, ...]
    row_content_hidden: bool = False
    media: MediaProfile | None = None

    @property
    def fields(self) -> tuple[TextFieldProfile | ColumnProfile, ...]:
        """Text fields, then the other columns."""
        return (*self.text, *self.columns)

    def field(self, name: str) -> TextFieldProfile | ColumnProfile:
        """The profile of field ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise InputError(f"profile of {self.dataset} has no field {name!r}",
                         hint="fields: " + ", ".join(f.name for f in self.fields))

    def column(self, name: str) -> ColumnProfile:
        """The profile of non-text column ``name``."""
        found = self.field(name)
        if not isinstance(found, ColumnProfile):
            raise InputError(f"field {name!r} of {self.dataset} was profiled as text",
                             hint="read it from .text")
        return found

    def without_row_content(self) -> VersionProfile:
        """A copy without top values, top lines and string minima/maxima."""
        text = tuple(replace(t, top_lines=()) for t in self.text)
        columns = tuple(replace(c, top_values=(), min=None if c.quantiles == {} else c.min,
                                max=None if c.quantiles == {} else c.max) for c in self.columns)
        return replace(self, text=text, columns=columns, row_content_hidden=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``format`` first)."""
        data = {"format": PROFILE_FORMAT, **asdict(self)}
        for t, raw in zip(self.text, data["text"], strict=True):
            raw["chars_per_token"] = round(t.chars_per_token, 4)
        for c, raw in zip(self.columns, data["columns"], strict=True):
            raw["null_rate"] = round(c.null_rate, 6)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VersionProfile:
        """Inverse of :meth:`to_dict`.

        Raises:
            InputError: not a profile of this format.
        """
        if data.get("format") != PROFILE_FORMAT:
            raise InputError(f"profile format {data.get('format')!r} is not {PROFILE_FORMAT}",
                             hint="recompute it with `jingshu dataset profile NAME@V --refresh`")
        try:
            return cls(
                dataset=data["dataset"], version_id=data["version_id"], rows=data["rows"],
                computed_at=data["computed_at"], seconds=data["seconds"],
                text=tuple(_text_from(t) for t in data["text"]),
                columns=tuple(_column_from(c) for c in data["columns"]),
                row_content_hidden=bool(data.get("row_content_hidden", False)),
                media=_media_from(data.get("media")))
        except (KeyError, TypeError) as exc:
            raise InputError(f"profile cannot be read: {exc!r}",
                             hint="recompute it with `jingshu dataset profile NAME@V --refresh`"
                             ) from exc


def _hist(raw: dict[str, Any] | None) -> Histogram | None:
    return None if raw is None else Histogram(tuple(raw["edges"]), tuple(raw["counts"]))


def _top(raw: list[dict[str, Any]]) -> tuple[TopItem, ...]:
    return tuple(TopItem(str(i["value"]), int(i["count"])) for i in raw)


def _text_from(raw: dict[str, Any]) -> TextFieldProfile:
    raw = {k: v for k, v in raw.items() if k != "chars_per_token"}
    length = _hist(raw.pop("length"))
    assert length is not None
    return TextFieldProfile(
        **{**raw, "length": length, "quality": _hist(raw.pop("quality")),
           "dups": DupStats(**raw.pop("dups")), "pii_scope": tuple(raw.pop("pii_scope")),
           "top_lines": _top(raw.pop("top_lines"))})


def _column_from(raw: dict[str, Any]) -> ColumnProfile:
    raw = {k: v for k, v in raw.items() if k != "null_rate"}
    return ColumnProfile(**{**raw, "top_values": _top(raw.pop("top_values"))})


def _media_from(raw: dict[str, Any] | None) -> MediaProfile | None:
    if raw is None:
        return None
    sizes = _hist(raw["sizes"])
    assert sizes is not None
    return MediaProfile(**{**raw, "sizes": sizes})
