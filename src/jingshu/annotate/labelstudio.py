"""Label Studio's task format, both ways: one jingshu answer ⇄ a list of result regions.

Label Studio stores an annotation as ``result`` regions (``choices``, ``labels``,
``textarea``, ``rating``, ``rectanglelabels``, ``polygonlabels``; audio segments are
``labels`` regions with ``start``/``end`` in seconds), each with ``from_name``/``to_name``
naming the control and the object. jingshu writes ``from_name="label"`` and
``to_name=<schema field>``; on import every region of the matching type is read.
"""

from __future__ import annotations

from typing import Any

from jingshu.annotate.schema import (
    Answer,
    AudioSegmentsSchema,
    BoxesSchema,
    ImageTextSchema,
    LabelSchema,
    MultiLabelSchema,
    PolygonsSchema,
    RatingSchema,
    SpansSchema,
    TextSchema,
    TranscriptionSchema,
)
from jingshu.errors import InputError

__all__ = ["from_results", "to_results"]


def _region(schema: LabelSchema, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"from_name": "label", "to_name": schema.field, "type": kind, "value": value}


def to_results(schema: LabelSchema, answer: Answer, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Label Studio result regions for one answer."""
    if answer is None:
        return []
    if isinstance(schema, SpansSchema):
        text = str(row.get(schema.field, ""))
        return [_region(schema, "labels", {"start": s["start"], "end": s["end"],
                                           "text": text[s["start"]:s["end"]],
                                           "labels": [s["label"]]}) for s in answer]
    if isinstance(schema, BoxesSchema):
        return [_region(schema, "rectanglelabels", {"x": b["x"], "y": b["y"], "width": b["w"],
                                                    "height": b["h"],
                                                    "rectanglelabels": [b["label"]]})
                for b in answer]
    if isinstance(schema, PolygonsSchema):  # Label Studio's points are percent
        return [_region(schema, "polygonlabels", {
            "points": [[x * 100, y * 100] for x, y in p["points"]],
            "polygonlabels": [p["label"]]}) for p in answer]
    if isinstance(schema, AudioSegmentsSchema):
        return [_region(schema, "labels", {"start": s["start"], "end": s["end"],
                                           "labels": [s["label"]]}) for s in answer]
    if isinstance(schema, TextSchema | TranscriptionSchema):
        return [_region(schema, "textarea", {"text": [answer]})]
    if isinstance(schema, RatingSchema) or (isinstance(schema, ImageTextSchema)
                                            and not schema.labels):
        return [_region(schema, "rating", {"rating": answer})]
    choices = list(answer) if isinstance(schema, MultiLabelSchema) else [answer]
    return [_region(schema, "choices", {"choices": choices})]


def _of_type(results: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r["value"] for r in results if isinstance(r, dict) and r.get("type") == kind]


def from_results(schema: LabelSchema, results: list[dict[str, Any]]) -> Answer:
    """A jingshu answer (not yet checked against the schema) from result regions."""
    if isinstance(schema, SpansSchema | AudioSegmentsSchema):
        return [{"start": v["start"], "end": v["end"], "label": label}
                for v in _of_type(results, "labels") for label in v.get("labels", [])]
    if isinstance(schema, PolygonsSchema):
        return [{"points": [[x / 100, y / 100] for x, y in v["points"]], "label": label}
                for v in _of_type(results, "polygonlabels")
                for label in v.get("polygonlabels", [])]
    if isinstance(schema, BoxesSchema):
        return [{"x": v["x"], "y": v["y"], "w": v["width"], "h": v["height"], "label": label}
                for v in _of_type(results, "rectanglelabels")
                for label in v.get("rectanglelabels", [])]
    numeric = isinstance(schema, RatingSchema) or (isinstance(schema, ImageTextSchema)
                                                   and not schema.labels)
    kind = ("textarea" if isinstance(schema, TextSchema | TranscriptionSchema)
            else "rating" if numeric else "choices")
    values = _of_type(results, kind)
    if not values:
        raise InputError(f"a Label Studio annotation has no {kind!r} result",
                         hint=f"this project's schema is {schema.kind}: export from a "
                         f"matching Label Studio config")
    if kind == "textarea":
        return values[0]["text"][0]
    if kind == "rating":
        return values[0]["rating"]
    choices = values[0]["choices"]
    return list(choices) if isinstance(schema, MultiLabelSchema) else choices[0]
