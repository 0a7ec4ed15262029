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
* rating: the median; confidence = 1 − mean absolute deviation / range.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from jingshu.annotate.schema import (
    Answer,
    BoxesSchema,
    LabelSchema,
    MultiLabelSchema,
    RatingSchema,
    SpansSchema,
    TextSchema,
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
    if isinstance(schema, RatingSchema):
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
    elif isinstance(schema, RatingSchema):
        label = float(statistics.median(values))
    elif isinstance(schema, TextSchema):
        return _vote(schema, [" ".join(str(v).split()) for v in values])
    else:
        return _vote(schema, values)
    return label, statistics.fmean(agreement(schema, v, label) for v in values)
