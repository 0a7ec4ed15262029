"""Polygons on images, segments of audio and transcripts: their checks and their measures.

The answer kinds ``polygons``, ``audio_segments`` and ``transcription`` of
:mod:`jingshu.annotate.schema` are checked here (each problem named by the part that is
wrong) and compared here (polygon IoU, segment IoU, character error rate), without the
database: :mod:`jingshu.annotate.consensus` builds per-item consensus from these.

* A polygon is ``{"points": [[x, y], ...], "label": ...}`` with x, y as fractions of the
  image's width and height (0–1), at least three points, enclosing some area.
* A segment is ``{"start": s, "end": e, "label": ...}`` in seconds, ``0 <= s < e <=``
  the clip's duration.
* A transcript is text: whitespace runs become one space, Unicode NFC, no control
  characters.
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

from jingshu.errors import InputError

__all__ = [
    "char_error_rate",
    "check_polygons",
    "check_segments",
    "check_transcript",
    "matched_f1",
    "polygon_iou",
    "segment_iou",
]

GRID = 64  # polygon IoU is measured on GRID × GRID points of the pair's bounding box ...
MASK = 128  # ... or, for polygons at least MASK_MIN cells wide and tall, on one MASK × MASK
MASK_MIN = 8  # grid of the image, each polygon rasterized once (cached) and compared by counts
_DIGITS = 6  # coordinates are kept to a millionth of the image side


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _area(points: Sequence[Sequence[float]]) -> float:
    """The polygon's area (shoelace formula), as a fraction of the image."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, [*points[1:], points[0]], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _label(labels: Sequence[str], value: object, where: str) -> str:
    if not isinstance(value, str) or value not in labels:
        raise InputError(f"{where}: label {value!r} is not one of the labels",
                         hint="choose one of " + ", ".join(labels))
    return value


def _polygon(i: int, polygon: object, labels: Sequence[str],
             max_points: int) -> dict[str, Any]:
    if not isinstance(polygon, dict) or set(polygon) != {"points", "label"}:
        raise InputError(f"polygon {i} must have exactly points and label",
                         hint='e.g. {"points": [[0.1, 0.1], [0.5, 0.1], [0.3, 0.4]], '
                         '"label": "车"}')
    points = polygon["points"]
    if not isinstance(points, list) or not 3 <= len(points) <= max_points:
        got = len(points) if isinstance(points, list) else type(points).__name__
        raise InputError(f"polygon {i}: points must be a list of 3 to {max_points} [x, y] "
                         f"pairs, got {got}", hint="close a polygon only after three points")
    out = []
    for j, point in enumerate(points):
        if not (isinstance(point, list | tuple) and len(point) == 2
                and all(_number(v) for v in point)):
            raise InputError(f"polygon {i} point {j}: {point!r} is not an [x, y] pair of numbers")
        x, y = float(point[0]), float(point[1])
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            raise InputError(f"polygon {i} point {j}: [{x:g}, {y:g}] lies outside the image",
                             hint="x and y are fractions of the image's width and height, "
                             "from 0 to 1")
        out.append([round(x, _DIGITS), round(y, _DIGITS)])
    if _area(out) <= 1e-9:
        raise InputError(f"polygon {i} encloses no area (its points lie on one line)")
    return {"points": out, "label": _label(labels, polygon["label"], f"polygon {i}")}


def check_polygons(value: object, labels: Sequence[str], max_points: int) -> list[dict[str, Any]]:
    """``value`` as a list of polygons, or :class:`InputError` naming the polygon and point."""
    if not isinstance(value, list):
        raise InputError("polygons answer must be a list of {points, label}",
                         hint='[] for none; points are [x, y] fractions of the image')
    return [_polygon(i, polygon, labels, max_points) for i, polygon in enumerate(value)]


def check_segments(value: object, labels: Sequence[str], duration: object,
                   allow_overlap: bool) -> list[dict[str, Any]]:
    """``value`` as segments sorted by start, or :class:`InputError` naming the segment.

    Args:
        value: the answer, ``[{"start": s, "end": e, "label": l}, ...]`` in seconds.
        labels: the schema's labels.
        duration: the clip's length in seconds (the row's duration column).
        allow_overlap: segments may overlap each other.
    """
    if not _number(duration) or float(duration) <= 0:  # type: ignore[arg-type]
        raise InputError(f"the item's duration {duration!r} is not a positive number of "
                         "seconds", hint="segments need the clip's duration column")
    length = float(duration)  # type: ignore[arg-type]
    if not isinstance(value, list):
        raise InputError("audio segments answer must be a list of {start, end, label}",
                         hint='e.g. [{"start": 0.5, "end": 1.2, "label": "说话"}]; [] for none')
    out: list[dict[str, Any]] = []
    for i, seg in enumerate(value):
        if not isinstance(seg, dict) or set(seg) != {"start", "end", "label"}:
            raise InputError(f"segment {i} must have exactly start, end and label")
        start, end = seg["start"], seg["end"]
        if not (_number(start) and _number(end) and 0 <= start < end <= length + 1e-6):
            raise InputError(f"segment {i}: start {start!r} and end {end!r} do not mark part "
                             f"of the clip", hint=f"0 <= start < end <= {length:g} (seconds)")
        out.append({"start": round(float(start), 3), "end": round(min(float(end), length), 3),
                    "label": _label(labels, seg["label"], f"segment {i}")})
    out.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    if not allow_overlap:
        for a, b in itertools.pairwise(out):
            if b["start"] < a["end"]:
                raise InputError(f"segments {a['start']:g}–{a['end']:g} s and "
                                 f"{b['start']:g}–{b['end']:g} s overlap",
                                 hint="this project does not allow overlapping segments")
    return out


def check_transcript(value: object, max_length: int, allow_empty: bool) -> str:
    """``value`` as a clean transcript, or :class:`InputError` saying what is wrong."""
    if not isinstance(value, str):
        raise InputError(f"transcript must be text, got {type(value).__name__}")
    text = " ".join(unicodedata.normalize("NFC", value).split())
    bad = next((c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs")), None)
    if bad is not None:
        raise InputError(f"transcript holds the control character U+{ord(bad):04X} at "
                         f"{text.index(bad)}", hint="type the words only")
    if not text and not allow_empty:
        raise InputError("transcript is empty",
                         hint="write what is said; skip the item (S) when nothing is said")
    if len(text) > max_length:
        raise InputError(f"transcript has {len(text)} characters", hint=f"at most {max_length}")
    return text


def _inside(points: np.ndarray[Any, Any], xs: np.ndarray[Any, Any],
            ys: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Which grid points lie inside the polygon (even-odd ray casting, vectorised)."""
    inside = np.zeros(xs.shape, dtype=bool)
    for (x1, y1), (x2, y2) in zip(points, np.roll(points, -1, axis=0), strict=True):
        crosses = (y1 > ys) != (y2 > ys)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = (x2 - x1) * (ys - y1) / (y2 - y1) + x1
        inside ^= crosses & (xs < at)
    return inside


def _key(points: Sequence[Sequence[float]]) -> tuple[tuple[float, float], ...]:
    return tuple((float(x), float(y)) for x, y in points)


@functools.lru_cache(maxsize=4096)
def _mask(points: tuple[tuple[float, float], ...]) -> np.ndarray[Any, Any]:
    """The polygon rasterized on the image's MASK × MASK grid (cell centres inside)."""
    steps = (np.arange(MASK) + 0.5) / MASK
    xs, ys = np.meshgrid(steps, steps)
    return _inside(np.asarray(points, dtype=float), xs, ys)


def polygon_iou(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]],
                at_least: float = 0.0) -> float:
    """Intersection over union of two polygons, measured on a grid of their bounding box
    (within about 1/GRID of the exact value for shapes that fill their box).

    With ``at_least`` > 0, a pair that cannot reach it (the bounding boxes' overlap over
    the larger polygon's area bounds the IoU from above) answers 0 without the grid.
    """
    pa, pb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    low, high = np.minimum(pa.min(0), pb.min(0)), np.maximum(pa.max(0), pb.max(0))
    overlap = np.minimum(pa.max(0), pb.max(0)) - np.maximum(pa.min(0), pb.min(0))
    if np.any(overlap <= 0):
        return 0.0  # the bounding boxes do not meet
    if at_least > 0 and overlap[0] * overlap[1] < at_least * max(_area(a), _area(b)):
        return 0.0
    if min((pa.max(0) - pa.min(0)).min(), (pb.max(0) - pb.min(0)).min()) >= MASK_MIN / MASK:
        ma, mb = _mask(_key(a)), _mask(_key(b))
        union = int(np.count_nonzero(ma | mb))
        return int(np.count_nonzero(ma & mb)) / union if union else 0.0
    steps = (np.arange(GRID) + 0.5) / GRID
    xs, ys = np.meshgrid(low[0] + steps * (high[0] - low[0]), low[1] + steps * (high[1] - low[1]))
    ina, inb = _inside(pa, xs, ys), _inside(pb, xs, ys)
    union = int(np.count_nonzero(ina | inb))
    return int(np.count_nonzero(ina & inb)) / union if union else 0.0


def segment_iou(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Overlap of two segments in time over their joint extent."""
    inter = max(0.0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    union = (a["end"] - a["start"]) + (b["end"] - b["start"]) - inter
    return inter / union if union > 0 else 0.0


def matched_f1(a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]],
               iou: Any, threshold: float = 0.5) -> float:
    """F1 of two answers' regions: a region matches one of the other answer with the same
    label and ``iou(x, y) >= threshold`` (greedy, each matched once); 1 for two empty."""
    if not a and not b:
        return 1.0
    used: set[int] = set()
    hits = 0
    for region in a:
        for j, other in enumerate(b):
            if j not in used and other["label"] == region["label"] and \
                    iou(region, other) >= threshold:
                used.add(j)
                hits += 1
                break
    return 2 * hits / (len(a) + len(b))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute: one each), bit-parallel
    (Myers 1999, Hyyrö's form for whole strings): one pass over the longer text with the
    shorter one's columns as the bits of a Python int."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, c in enumerate(b):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for c in a:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & mask
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
    return score


def char_error_rate(hypothesis: str, reference: str) -> float:
    """Character error rate: edits to turn ``hypothesis`` into ``reference`` over the
    reference's length (spaces ignored, as Chinese transcripts have none). 0 for two
    empty texts; 1 when only the reference is empty."""
    hyp, ref = "".join(hypothesis.split()), "".join(reference.split())
    if not ref:
        return 0.0 if not hyp else 1.0
    return _edits(hyp, ref) / len(ref)
