"""Truth inference: turn many workers' answers into one label per task.

Usable without the server::

    from jingshu.annotate.aggregate import Answers, DawidSkene

    answers = Answers.from_lists(tasks, workers, labels)
    result = DawidSkene().fit(answers, gold={"t1": "pos"})
    result.as_dict(), result.reliability_of()

Categorical: :class:`MajorityVote`, :class:`WeightedMajorityVote`,
:class:`DawidSkene`, :class:`OneCoinDawidSkene`, :class:`HierarchicalDawidSkene`,
:class:`GLAD`, :class:`MACE`, :class:`IBCC`, :class:`EBCC`, :class:`BWA`, and
:class:`AutoAggregator` (``auto``, the default: hierarchical Dawid-Skene with
calibrated confidence). Numeric: :class:`NumericMean`, :class:`NumericMedian`,
:class:`WorkerBiasModel`. Spans: :class:`SpanAggregator`.

METHODS maps the short names used by ``jingshu aggregate --method`` to the classes;
DEFAULT_METHOD names the default.

Library code: imports ``numpy``/``scipy`` and :mod:`jingshu.errors` only; never the
database, a domain, ``web`` or ``cli`` (checked by import-linter).
"""

from __future__ import annotations

from jingshu.annotate.aggregate.auto import AutoAggregator
from jingshu.annotate.aggregate.base import Answers, CategoricalAggregator, LabelResult, TaskLabel
from jingshu.annotate.aggregate.bcc import IBCC
from jingshu.annotate.aggregate.bwa import BWA
from jingshu.annotate.aggregate.dawid_skene import DawidSkene, OneCoinDawidSkene
from jingshu.annotate.aggregate.ebcc import EBCC
from jingshu.annotate.aggregate.glad import GLAD
from jingshu.annotate.aggregate.hierarchical import HierarchicalDawidSkene
from jingshu.annotate.aggregate.mace import MACE
from jingshu.annotate.aggregate.majority import MajorityVote, WeightedMajorityVote
from jingshu.annotate.aggregate.numeric import (
    NumericAnswers,
    NumericMean,
    NumericMedian,
    NumericResult,
    WorkerBiasModel,
)
from jingshu.annotate.aggregate.spans import Span, SpanAggregator, SpanAnnotation, SpanResult

METHODS: dict[str, type[CategoricalAggregator]] = {
    "mv": MajorityVote,
    "wmv": WeightedMajorityVote,
    "ds": DawidSkene,
    "onecoin": OneCoinDawidSkene,
    "hds": HierarchicalDawidSkene,
    "glad": GLAD,
    "mace": MACE,
    "ibcc": IBCC,
    "ebcc": EBCC,
    "bwa": BWA,
    "auto": AutoAggregator,
}
DEFAULT_METHOD = "auto"
"""The method used when none is named (CLI, projects); chosen leave-one-dataset-out."""
NUMERIC_METHODS: dict[str, type[NumericMean | NumericMedian | WorkerBiasModel]] = {
    "mean": NumericMean,
    "median": NumericMedian,
    "bias": WorkerBiasModel,
}

__all__ = [
    "BWA",
    "DEFAULT_METHOD",
    "EBCC",
    "GLAD",
    "IBCC",
    "MACE",
    "METHODS",
    "NUMERIC_METHODS",
    "Answers",
    "AutoAggregator",
    "CategoricalAggregator",
    "DawidSkene",
    "HierarchicalDawidSkene",
    "LabelResult",
    "MajorityVote",
    "NumericAnswers",
    "NumericMean",
    "NumericMedian",
    "NumericResult",
    "OneCoinDawidSkene",
    "Span",
    "SpanAggregator",
    "SpanAnnotation",
    "SpanResult",
    "TaskLabel",
    "WeightedMajorityVote",
    "WorkerBiasModel",
]
