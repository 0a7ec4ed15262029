"""The review queue as a reviewer reads it: item text with marks, labels, boxes, polygons,
audio segments and transcripts (no JSON); images and audio through the project's media
route when the item names a file of the source by its sha256."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from jingshu.annotate.annotator_qc import review_queue
from jingshu.annotate.models import AnnotationProject, Answer
from jingshu.annotate.projects import schema_of
from jingshu.annotate.schema import MEDIA_KINDS, AnswerPart, answer_parts

__all__ = ["ReviewRow", "marked_text", "media_url", "review_rows"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class ReviewRow:
    """One answer in the review queue.

    Args:
        answer: the stored answer.
        shown: the item's shown fields, (column, value).
        marked: for span answers, the item text cut into (piece, label or None).
        parts: the answer's labels, marked text or boxes.
        media: for media kinds, the URL of the item's image or audio.
    """

    answer: Answer
    shown: list[tuple[str, Any]]
    marked: list[tuple[str, str | None]]
    parts: list[AnswerPart]
    media: str | None = None

    def polygon_points(self, part: AnswerPart) -> str:
        """A polygon part's vertices for an SVG ``points`` attribute (0–1 coordinates)."""
        return " ".join(f"{x:g},{y:g}" for x, y in part.points or ())


def media_url(project: str, value: object) -> str:
    """Where the page loads an item's media: the project's media route for a sha256 of a
    source file, else the value itself (a URL or data URI)."""
    text = str(value or "")
    return f"/api/v1/projects/{project}/media/{text}" if _SHA256.match(text) else text


def marked_text(text: str, parts: list[AnswerPart]) -> list[tuple[str, str | None]]:
    """``text`` cut at the spans of ``parts``; nested or crossing spans: left unmarked.

    Args:
        text: the item's text.
        parts: the answer's parts (those with a span count).
    """
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for part in sorted((p for p in parts if p.span), key=lambda p: p.span or (0, 0)):
        start, end = part.span or (0, 0)
        if start < at:
            return [(text, None)]
        pieces += [(text[at:start], None), (text[start:end], part.label)]
        at = end
    return [p for p in [*pieces, (text[at:], None)] if p[0]]


def review_rows(session: Session, project: AnnotationProject,
                limit: int = 100) -> tuple[str, list[ReviewRow]]:
    """The project's schema kind and its oldest ``limit`` answers awaiting review.

    Args:
        session: a database session.
        project: the annotation project (the caller has checked the reviewer's right).
        limit: the most answers shown.
    """
    schema = schema_of(project)
    rows = []
    for answer in review_queue(session, project, limit):
        data = answer.item.data or {}
        parts = answer_parts(schema, answer.value, data)
        marked = (marked_text(str(data.get(schema.field, "")), parts)
                  if schema.kind == "spans" else [])
        media = (media_url(project.name, data.get(schema.field))
                 if schema.kind in MEDIA_KINDS else None)
        rows.append(ReviewRow(answer, [(f, data.get(f, "")) for f in schema.shown_fields()],
                              marked, parts, media))
    return schema.kind, rows
