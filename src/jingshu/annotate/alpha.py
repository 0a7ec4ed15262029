"""Krippendorff's alpha over a project's counted answers.

``alpha = 1 − D_o / D_e``: observed disagreement within items over the disagreement
expected by chance among all answers. Nominal distance for single-label kinds, squared
(interval) distance for ratings (and image–text match on a number scale), ``1 −
agreement`` for the structured kinds (multi-label, spans, boxes, polygons, audio
segments, free text, transcripts). Items with fewer than two answers are not pairable.
The chance term is exact for nominal data and estimated from up to 2,000 answers
otherwise. Polygons and transcripts, whose distance costs a raster or an edit distance
per pair, use at most 300 items (evenly spaced) and 60 answers for the chance term:
about a second for polygons, half that for transcripts, on the shared machine.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.annotate.consensus import agreement
from jingshu.annotate.models import COUNTED_STATES, AnnotationProject, Answer
from jingshu.annotate.projects import schema_of
from jingshu.annotate.schema import (
    ImageClassSchema,
    ImageTextSchema,
    LabelSchema,
    PolygonsSchema,
    RatingSchema,
    RelationSchema,
    SingleLabelSchema,
    TranscriptionSchema,
)

__all__ = ["krippendorff_alpha", "project_alpha"]

SAMPLE = 2000
SAMPLE_COSTLY = 60  # polygons and transcripts: 3,540 pairs for the chance term ...
UNITS_COSTLY = 300  # ... and this many items for the observed one


def _distance(schema: LabelSchema) -> Callable[[Any, Any], float]:
    if isinstance(schema, RatingSchema | ImageTextSchema):
        return lambda a, b: (float(a) - float(b)) ** 2
    return lambda a, b: 1.0 - agreement(schema, a, b)


def _nominal(units: list[list[Any]]) -> float | None:
    values = Counter(json.dumps(v, sort_keys=True) for u in units for v in u)
    n = sum(values.values())
    observed = 0.0
    for unit in units:
        counts = Counter(json.dumps(v, sort_keys=True) for v in unit)
        m = len(unit)
        observed += (m * m - sum(c * c for c in counts.values())) / (m - 1)
    expected = (n * n - sum(c * c for c in values.values())) / (n - 1)
    if expected == 0:
        return None
    return 1.0 - (observed / n) / (expected / n)


def krippendorff_alpha(units: Sequence[Sequence[Any]],
                       distance: Callable[[Any, Any], float] | None = None, *,
                       sample: int = SAMPLE) -> float | None:
    """Alpha of ``units`` (each a list of the values given to one item).

    ``distance=None`` means nominal data. Returns ``None`` when there is nothing to
    compare (no item with two answers, or every answer the same).
    """
    pairable = [list(u) for u in units if len(u) >= 2]
    if not pairable:
        return None
    if distance is None:
        return _nominal(pairable)
    n = sum(len(u) for u in pairable)
    observed = sum(sum(distance(a, b) for a, b in itertools.permutations(u, 2)) / (len(u) - 1)
                   for u in pairable) / n
    flat = [v for u in pairable for v in u]
    chosen = flat[:: max(1, len(flat) // sample)][:sample]
    pairs = len(chosen) * (len(chosen) - 1)
    expected = sum(distance(a, b) for a, b in itertools.permutations(chosen, 2)) / pairs
    if expected == 0:
        return None
    return 1.0 - observed / expected


def project_alpha(session: Session, project: AnnotationProject) -> float | None:
    """Alpha over the project's counted, non-gold answers."""
    schema = schema_of(project)
    units: dict[int, list[Any]] = defaultdict(list)
    for item_id, value in session.execute(select(Answer.item_id, Answer.value).where(
            Answer.project_id == project.id, Answer.is_gold.is_(False),
            Answer.state.in_(COUNTED_STATES))):
        units[item_id].append(value)
    nominal = isinstance(schema, SingleLabelSchema | RelationSchema | ImageClassSchema) or (
        isinstance(schema, ImageTextSchema) and bool(schema.labels))
    pairable = [u for u in units.values() if len(u) >= 2]
    if isinstance(schema, PolygonsSchema | TranscriptionSchema):
        pairable = pairable[:: max(1, len(pairable) // UNITS_COSTLY)][:UNITS_COSTLY]
        return krippendorff_alpha(pairable, _distance(schema), sample=SAMPLE_COSTLY)
    return krippendorff_alpha(pairable, None if nominal else _distance(schema))
