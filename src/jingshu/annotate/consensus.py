"""Per-item consensus used while a project runs: one label and a confidence from a few answers.

This is the online step of dynamic overlap (is this item settled yet?) and the
comparison behind gold accuracy and agreement. Whole-project truth inference with
annotator reliabilities (Dawid-Skene and others) is in :mod:`jingshu.annotate.aggregate`
and is what exports use for categorical kinds.

* choice kinds: majority vote; confidence = the winner's share (ties: first label in
  the schema's order);
* multi-label: each label kept when more than half chose it; confidence = mean
  per-label agreement;
* spans and boxes: each span (box) kept when more than half marked it (boxes matched
  by IoU ≥ 0.5); confidence = mean agreement of the answers with the result;
* free text: the most frequent (whitespace-normalized) answer;
* rating, and image–text match on a number scale: the median; confidence = 1 − mean
  absolute deviation / range; image–text match on labels: majority vote;
* polygons: polygons of one label are grouped by IoU ≥ 0.5 (measured on a grid,
  :func:`~jingshu.annotate.regions.polygon_iou`); a group drawn by more than half the
  answers is kept as its most central polygon (vertex counts differ, so no mean);
* audio segments: like boxes in one dimension (same label, IoU in time ≥ 0.5, kept when
  more than half marked it, start and end averaged);
* transcription: the transcript closest to the others (least mean character error
  rate); confidence = its mean agreement, 1 − CER, with the answers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from jingshu.annotate.regions import char_error_rate, matched_f1, polygon_iou, segment_iou
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

__all__ = ["GOLD_PASS", "agreement", "consensus"]

GOLD_PASS = 0.8  # agreement with the gold answer that counts as correct


def _key(span: dict[str, Any]) -> tuple[Any, ...]:
    return (span["start"], span["end"], span["label"])


def _iou(a: dict[str, Any], b: dict[str, Any]) -> float:
    w = max(0.0, min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]))
    h = max(0.0, min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]))
    inter = w * h
    union = a["w"] * a["h"] + b["w"] * b["h"] - inter
    return inter / union if union > 0 else 0.0


def _box_f1(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> float:
    if not a and not b:
        return 1.0
    used: set[int] = set()
    hits = 0
    for box in a:
        for j, other in enumerate(b):
            if j not in used and other["label"] == box["label"] and _iou(box, other) >= 0.5:
                used.add(j)
                hits += 1
                break
    return 2 * hits / (len(a) + len(b))


def agreement(schema: LabelSchema, a: Answer, b: Answer) -> float:
    """How far two answers agree, from 0 (not at all) to 1 (the same)."""
    if isinstance(schema, MultiLabelSchema):
        sa, sb = set(a), set(b)
        return 1.0 if not sa | sb else len(sa & sb) / len(sa | sb)
    if isinstance(schema, SpansSchema):
        ka, kb = {_key(s) for s in a}, {_key(s) for s in b}
        return 1.0 if not ka | kb else 2 * len(ka & kb) / (len(ka) + len(kb))
    if isinstance(schema, BoxesSchema):
        return _box_f1(list(a), list(b))
    if isinstance(schema, PolygonsSchema):
        return matched_f1(a, b, _polygon_iou)
    if isinstance(schema, AudioSegmentsSchema):
        return matched_f1(a, b, segment_iou)
    if isinstance(schema, TranscriptionSchema):
        return 1.0 - min(1.0, _symmetric_cer(str(a), str(b)))
    if isinstance(schema, RatingSchema) or (isinstance(schema, ImageTextSchema)
                                            and not schema.labels):
        span = schema.max - schema.min
        return 1.0 - abs(float(a) - float(b)) / span if span else 1.0
    if isinstance(schema, TextSchema):
        return float(" ".join(str(a).split()) == " ".join(str(b).split()))
    return float(a == b)


def _vote(schema: LabelSchema, values: Sequence[Answer]) -> tuple[Answer, float]:
    counts = Counter(values)
    order = list(getattr(schema, "labels", ()))
    best = max(counts, key=lambda v: (counts[v], -order.index(v) if v in order else 0))
    return best, counts[best] / len(values)


def _majority_parts(values: Sequence[list[Any]], key: Any) -> list[Any]:
    seen: dict[Any, Any] = {}
    counts: Counter[Any] = Counter()
    for value in values:
        for part in {key(p): p for p in value}.values():
            counts[key(part)] += 1
            seen.setdefault(key(part), part)
    return [seen[k] for k in sorted(counts, key=str) if counts[k] * 2 > len(values)]


def _boxes(values: Sequence[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    clusters: list[list[dict[str, Any]]] = []
    for value in values:
        for box in value:
            for cluster in clusters:
                if cluster[0]["label"] == box["label"] and _iou(cluster[0], box) >= 0.5:
                    cluster.append(box)
                    break
            else:
                clusters.append([box])
    kept = [c for c in clusters if len(c) * 2 > len(values)]
    return [{k: statistics.fmean(b[k] for b in c) for k in "xywh"} | {"label": c[0]["label"]}
            for c in kept]


def _polygon_iou(a: dict[str, Any], b: dict[str, Any]) -> float:
    """IoU where it can reach the match threshold 0.5, else 0 (all that matching needs)."""
    return polygon_iou(a["points"], b["points"], at_least=0.5)


def _symmetric_cer(a: str, b: str) -> float:
    """CER with the longer text as the reference (so it is the same both ways, ≤ 1)."""
    return char_error_rate(a, b) if len("".join(b.split())) >= len("".join(a.split())) \
        else char_error_rate(b, a)


def _grouped(values: Sequence[list[dict[str, Any]]], iou: Any) -> list[list[dict[str, Any]]]:
    """Regions of one label grouped by ``iou`` ≥ 0.5 with a group's first region; the
    groups that more than half the answers marked."""
    groups: list[list[dict[str, Any]]] = []
    for value in values:
        for region in value:
            for group in groups:
                if group[0]["label"] == region["label"] and iou(group[0], region) >= 0.5:
                    group.append(region)
                    break
            else:
                groups.append([region])
    return [g for g in groups if len(g) * 2 > len(values)]


def _polygons(values: Sequence[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [max(group, key=lambda p: sum(_polygon_iou(p, q) for q in group))
            for group in _grouped(values, _polygon_iou)]


def _segments(values: Sequence[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    kept = [{"start": round(statistics.fmean(s["start"] for s in g), 3),
             "end": round(statistics.fmean(s["end"] for s in g), 3), "label": g[0]["label"]}
            for g in _grouped(values, segment_iou)]
    return sorted(kept, key=lambda s: (s["start"], s["end"], s["label"]))


def _central(schema: LabelSchema, values: Sequence[Answer]) -> Answer:
    """The answer agreeing most with the others (the first of equals)."""
    return max(values, key=lambda v: sum(agreement(schema, v, w) for w in values))


def consensus(schema: LabelSchema, values: Sequence[Answer]) -> tuple[Answer, float]:
    """The consensus label of one item's answers and its confidence in [0, 1]."""
    if not values:
        return None, 0.0
    label: Answer
    if isinstance(schema, MultiLabelSchema):
        label = _majority_parts(values, lambda p: p)
    elif isinstance(schema, SpansSchema):
        label = sorted(_majority_parts(values, _key), key=_key)
    elif isinstance(schema, BoxesSchema):
        label = _boxes(values)
    elif isinstance(schema, PolygonsSchema):
        label = _polygons(values)
    elif isinstance(schema, AudioSegmentsSchema):
        label = _segments(values)
    elif isinstance(schema, TranscriptionSchema):
        label = _central(schema, values)
    elif isinstance(schema, RatingSchema) or (isinstance(schema, ImageTextSchema)
                                              and not schema.labels):
        label = float(statistics.median(values))
    elif isinstance(schema, TextSchema):
        return _vote(schema, [" ".join(str(v).split()) for v in values])
    else:
        return _vote(schema, values)
    return label, statistics.fmean(agreement(schema, v, label) for v in values)
