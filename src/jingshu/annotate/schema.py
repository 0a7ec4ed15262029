"""Label schemas: what an answer looks like, and the check that an answer fits.

Twelve kinds, one Pydantic model each, told apart by ``kind``:

==================  ==============================================
kind                answer value (example)
==================  ==============================================
``single``          one label: ``"正面"``
``multi``           distinct labels: ``["体育", "财经"]``
``spans``           ``[{"start": 0, "end": 2, "label": "人名"}]``
``relation``        one label for a pair of texts: ``"蕴含"``
``text``            free text: ``"这是一条摘要"``
``rating``          a number in ``[min, max]`` on ``step``: ``4``
``image_class``     one label for an image: ``"猫"``
``boxes``           ``[{x, y, w, h, label}]`` in percent (0–100)
``polygons``        ``[{"points": [[x, y], ...], "label": "车"}]``, x and y in 0–1
``image_text``      how well a caption fits its image: one of ``labels``
                    (``"部分匹配"``) or, without labels, a number on ``min``–``max``
``transcription``   what is said in an audio clip: ``"今天天气很好"``
``audio_segments``  ``[{"start": 0.5, "end": 1.2, "label": "说话"}]`` in seconds
==================  ==============================================

:func:`check_answer` returns the answer normalized (labels deduplicated, spans sorted)
or raises :class:`~jingshu.errors.InputError` naming the part that is wrong.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from jingshu.annotate.regions import check_polygons, check_segments, check_transcript
from jingshu.errors import InputError

__all__ = [
    "Answer",
    "AnswerPart",
    "AudioSegmentsSchema",
    "BoxesSchema",
    "ImageClassSchema",
    "ImageTextSchema",
    "LabelSchema",
    "MultiLabelSchema",
    "PolygonsSchema",
    "RatingSchema",
    "RelationSchema",
    "SingleLabelSchema",
    "SpansSchema",
    "TextSchema",
    "TranscriptionSchema",
    "answer_parts",
    "check_answer",
    "label_choices",
    "parse_schema",
    "schema_errors",
]

Answer = Any  # JSON value; its shape depends on the schema's kind (see the table above)


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str = Field("text", description="the row column shown to annotators")

    def shown_fields(self) -> tuple[str, ...]:
        """The row columns an annotator sees (an item's payload holds only these)."""
        return (self.field,)


class _Choice(_Base):
    labels: tuple[str, ...] = Field(min_length=2)

    def check_label(self, value: object, where: str) -> str:
        if not isinstance(value, str) or value not in self.labels:
            raise InputError(f"{where}: {value!r} is not one of the labels",
                             hint="choose one of " + ", ".join(self.labels))
        return value


class SingleLabelSchema(_Choice):
    """Exactly one of ``labels`` per item."""

    kind: Literal["single"] = "single"


class ImageClassSchema(_Choice):
    """One of ``labels`` for the image at ``field`` (a URL or site path)."""

    kind: Literal["image_class"] = "image_class"
    field: str = "image"


class RelationSchema(_Choice):
    """One of ``labels`` for the pair of texts ``field`` and ``second_field``."""

    kind: Literal["relation"] = "relation"
    field: str = "text_a"
    second_field: str = "text_b"

    def shown_fields(self) -> tuple[str, ...]:
        return (self.field, self.second_field)


class MultiLabelSchema(_Choice):
    """Any subset of ``labels`` (at least ``min_labels``)."""

    kind: Literal["multi"] = "multi"
    min_labels: int = 0


class SpansSchema(_Base):
    """Character spans of ``field``, each with one of ``labels``; nested if allowed."""

    kind: Literal["spans"] = "spans"
    labels: tuple[str, ...] = Field(min_length=1)
    allow_nested: bool = Field(False, description="spans may lie inside or across each other")


class TextSchema(_Base):
    """A free-text answer of at most ``max_length`` characters."""

    kind: Literal["text"] = "text"
    max_length: int = 2000


class _Scale(_Base):
    """A number from ``min`` to ``max`` on ``step``."""

    min: float = 1
    max: float = 5
    step: float = Field(1, gt=0)

    @field_validator("max")
    @classmethod
    def _above_min(cls, value: float, info: ValidationInfo) -> float:
        low = info.data.get("min")
        if low is not None and value <= low:
            raise ValueError(f"max {value:g} must be above min {low:g}")
        return value


class RatingSchema(_Scale):
    """A number from ``min`` to ``max`` on ``step``; with ``second_field``, for a pair
    of texts (e.g. a question and its answer)."""

    kind: Literal["rating"] = "rating"
    second_field: str | None = None

    def shown_fields(self) -> tuple[str, ...]:
        return (self.field,) if self.second_field is None else (self.field, self.second_field)


class BoxesSchema(_Base):
    """Boxes (percent of width/height) on the image at ``field``, each with a label."""

    kind: Literal["boxes"] = "boxes"
    field: str = "image"
    labels: tuple[str, ...] = Field(min_length=1)


class PolygonsSchema(_Base):
    """Polygons on the image at ``field``, each with a label; points are fractions
    (0–1) of the image's width and height."""

    kind: Literal["polygons"] = "polygons"
    field: str = "image"
    labels: tuple[str, ...] = Field(min_length=1)
    max_points: int = Field(200, ge=3, description="the most vertices one polygon may have")


class ImageTextSchema(_Scale):
    """How well the text at ``second_field`` describes the image at ``field``: one of
    ``labels`` (an ordered scale, best first, e.g. 匹配/部分匹配/不匹配), or with no
    labels a number from ``min`` to ``max`` on ``step``."""

    kind: Literal["image_text"] = "image_text"
    field: str = "image"
    second_field: str = "caption"
    labels: tuple[str, ...] = ()

    @field_validator("labels")
    @classmethod
    def _two_or_none(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) == 1 or len(set(value)) != len(value):
            raise ValueError("give two or more distinct labels, or none for a number scale")
        return value

    def shown_fields(self) -> tuple[str, ...]:
        return (self.field, self.second_field)


class TranscriptionSchema(_Base):
    """What is said in the audio clip at ``field``, as text of at most ``max_length``
    characters (empty only with ``allow_empty``)."""

    kind: Literal["transcription"] = "transcription"
    field: str = "audio"
    max_length: int = Field(2000, ge=1)
    allow_empty: bool = Field(False, description="an empty transcript means 'nothing said'")


class AudioSegmentsSchema(_Base):
    """Labelled stretches (seconds) of the audio clip at ``field``; the row's
    ``duration_field`` bounds them."""

    kind: Literal["audio_segments"] = "audio_segments"
    field: str = "audio"
    labels: tuple[str, ...] = Field(min_length=1)
    duration_field: str = "duration_s"
    allow_overlap: bool = Field(False, description="segments may overlap each other")

    def shown_fields(self) -> tuple[str, ...]:
        return (self.field, self.duration_field)


LabelSchema = Annotated[
    SingleLabelSchema | MultiLabelSchema | SpansSchema | RelationSchema | TextSchema
    | RatingSchema | ImageClassSchema | BoxesSchema | PolygonsSchema | ImageTextSchema
    | TranscriptionSchema | AudioSegmentsSchema,
    Field(discriminator="kind"),
]
_ADAPTER: TypeAdapter[LabelSchema] = TypeAdapter(LabelSchema)
KINDS = ("single", "multi", "spans", "relation", "text", "rating", "image_class", "boxes",
         "polygons", "image_text", "transcription", "audio_segments")
MEDIA_KINDS = ("image_class", "boxes", "polygons", "image_text", "transcription",
               "audio_segments")
"""Kinds whose ``field`` holds media: a URL, or the sha256 of a file of the source."""


def parse_schema(data: object) -> LabelSchema:
    """A label schema from its JSON form (``{"kind": "single", "labels": [...]}``)."""
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "schema"
        raise InputError(f"label schema: {where}: {first['msg']}",
                         hint="kinds: " + ", ".join(KINDS) + "; choice kinds need labels") from exc


def schema_errors(data: object) -> dict[str, str]:
    """Every problem of a label schema's JSON form, by the schema key it concerns.

    Empty when :func:`parse_schema` accepts ``data``. Keys: ``kind``, a schema field
    (``labels``, ``min``, ...), or ``schema`` for the whole.
    """
    try:
        _ADAPTER.validate_python(data)
    except ValidationError as exc:
        out: dict[str, str] = {}
        for error in exc.errors():
            loc = [str(p) for p in error["loc"] if not isinstance(p, int)]
            key = loc[1] if len(loc) > 1 else ("kind" if loc else "schema")
            if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
                key = "kind"
            out.setdefault(key, str(error["msg"]).removeprefix("Value error, "))
        return out
    return {}


def label_choices(schema: LabelSchema) -> tuple[str, ...]:
    """The labels of a schema (empty for free text and ratings)."""
    return tuple(getattr(schema, "labels", ()))


def _spans(schema: SpansSchema, value: object, text: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise InputError("spans answer must be a list of {start, end, label}",
                         hint='e.g. [{"start": 0, "end": 2, "label": "人名"}]; [] for none')
    spans = []
    for i, span in enumerate(value):
        if not isinstance(span, dict) or set(span) - {"start", "end", "label", "text"}:
            raise InputError(f"span {i} must be an object with start, end and label")
        start, end = span.get("start"), span.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise InputError(f"span {i}: start {start!r} and end {end!r} do not mark text",
                             hint=f"0 <= start < end <= {len(text)} (character offsets)")
        label = schema.labels and span.get("label")
        if label not in schema.labels:
            raise InputError(f"span {i}: {label!r} is not one of the labels",
                             hint="choose one of " + ", ".join(schema.labels))
        spans.append({"start": start, "end": end, "label": label})
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    for a, b in itertools.pairwise(spans):
        if (a["start"], a["end"]) == (b["start"], b["end"]) and a["label"] == b["label"]:
            raise InputError(f"span {a['start']}-{a['end']} {a['label']} is given twice")
        if b["start"] < a["end"] and not schema.allow_nested:
            raise InputError(f"spans {a['start']}-{a['end']} and {b['start']}-{b['end']} overlap",
                             hint="this project does not allow nested spans")
    return spans


def _boxes(schema: BoxesSchema, value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise InputError("boxes answer must be a list of {x, y, w, h, label} in percent")
    boxes = []
    for i, box in enumerate(value):
        if not isinstance(box, dict) or set(box) != {"x", "y", "w", "h", "label"}:
            raise InputError(f"box {i} must have exactly x, y, w, h and label")
        x, y, w, h = (box[k] for k in "xywh")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y, w, h)):
            raise InputError(f"box {i}: x, y, w, h must be numbers")
        if not (x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= 100 and y + h <= 100):
            raise InputError(f"box {i} lies outside the image",
                             hint="coordinates are percent of width/height: 0 <= x, x+w <= 100")
        if box["label"] not in schema.labels:
            raise InputError(f"box {i}: {box['label']!r} is not one of the labels",
                             hint="choose one of " + ", ".join(schema.labels))
        boxes.append({k: (float(box[k]) if k != "label" else box[k]) for k in "xywh"}
                     | {"label": box["label"]})
    return boxes


def _rating(schema: RatingSchema | ImageTextSchema, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"rating {value!r} is not a number",
                         hint=f"a number from {schema.min:g} to {schema.max:g}")
    steps = (value - schema.min) / schema.step
    if not schema.min <= value <= schema.max or abs(steps - round(steps)) > 1e-9:
        raise InputError(f"rating {value!r} is outside {schema.min:g}–{schema.max:g} "
                         f"(step {schema.step:g})")
    return float(value)


def check_answer(schema: LabelSchema, value: object, row: dict[str, Any] | None = None) -> Answer:
    """``value`` normalized if it fits ``schema`` (for ``row``), else :class:`InputError`."""
    if isinstance(schema, SingleLabelSchema | RelationSchema | ImageClassSchema):
        return schema.check_label(value, "label")
    if isinstance(schema, MultiLabelSchema):
        if not isinstance(value, list):
            raise InputError("multi-label answer must be a list of labels", hint='e.g. ["体育"]')
        labels = sorted({schema.check_label(v, f"label {i}") for i, v in enumerate(value)},
                        key=schema.labels.index)
        if len(labels) < schema.min_labels:
            raise InputError(f"choose at least {schema.min_labels} label(s)")
        return labels
    if isinstance(schema, SpansSchema):
        return _spans(schema, value, str((row or {}).get(schema.field, "")))
    if isinstance(schema, TextSchema):
        if not isinstance(value, str) or not value.strip():
            raise InputError("free-text answer must be a non-empty string")
        if len(value) > schema.max_length:
            raise InputError(f"free-text answer has {len(value)} characters",
                             hint=f"at most {schema.max_length}")
        return value.strip()
    if isinstance(schema, RatingSchema):
        return _rating(schema, value)
    if isinstance(schema, ImageTextSchema):
        if not schema.labels:
            return _rating(schema, value)
        if not isinstance(value, str) or value not in schema.labels:
            raise InputError(f"match {value!r} is not one of the labels",
                             hint="choose one of " + ", ".join(schema.labels))
        return value
    if isinstance(schema, PolygonsSchema):
        return check_polygons(value, schema.labels, schema.max_points)
    if isinstance(schema, TranscriptionSchema):
        return check_transcript(value, schema.max_length, schema.allow_empty)
    if isinstance(schema, AudioSegmentsSchema):
        return check_segments(value, schema.labels, (row or {}).get(schema.duration_field),
                              schema.allow_overlap)
    return _boxes(schema, value)


@dataclass(frozen=True)
class AnswerPart:
    """One piece of an answer as a reviewer reads it.

    Args:
        label: a label (or a rating, as text); None for free text.
        quote: the text a span marks, or the free-text answer.
        span: a span's character offsets [start, end).
        box: a box's x, y, w, h in percent of the image.
        points: a polygon's vertices, as fractions (0–1) of the image's width and height.
        seconds: an audio segment's start and end.
    """

    label: str | None = None
    quote: str | None = None
    span: tuple[int, int] | None = None
    box: tuple[float, float, float, float] | None = None
    points: tuple[tuple[float, float], ...] | None = None
    seconds: tuple[float, float] | None = None


def answer_parts(schema: LabelSchema, value: Answer,
                 row: dict[str, Any] | None = None) -> list[AnswerPart]:
    """A stored answer as readable parts (no JSON): labels, marked text, boxes.

    Args:
        schema: the project's label schema.
        value: the stored (already checked) answer.
        row: the item's payload, for the text a span marks.
    """
    if isinstance(schema, MultiLabelSchema):
        return [AnswerPart(label=str(v)) for v in value]
    if isinstance(schema, SpansSchema):
        text = str((row or {}).get(schema.field, ""))
        return [AnswerPart(label=str(s["label"]), quote=text[s["start"]:s["end"]],
                           span=(int(s["start"]), int(s["end"]))) for s in value]
    if isinstance(schema, BoxesSchema):
        return [AnswerPart(label=str(b["label"]),
                           box=(float(b["x"]), float(b["y"]), float(b["w"]), float(b["h"])))
                for b in value]
    if isinstance(schema, PolygonsSchema):
        return [AnswerPart(label=str(p["label"]),
                           points=tuple((float(x), float(y)) for x, y in p["points"]))
                for p in value]
    if isinstance(schema, AudioSegmentsSchema):
        return [AnswerPart(label=str(s["label"]), seconds=(float(s["start"]), float(s["end"])))
                for s in value]
    if isinstance(schema, TextSchema | TranscriptionSchema):
        return [AnswerPart(quote=str(value))]
    if isinstance(schema, RatingSchema) or (isinstance(schema, ImageTextSchema)
                                            and not schema.labels):
        return [AnswerPart(label=f"{float(value):g}")]
    return [AnswerPart(label=str(value))]
