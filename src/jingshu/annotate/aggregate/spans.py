"""Span (NER) aggregation: per-token BIO labels aggregated, then decoded into spans.

Each worker's spans over a tokenized text become one BIO tag per token (B-TYPE,
I-TYPE, O); each (text, token) is a task for any categorical aggregator; the
aggregated tags are decoded back into spans. This is the token-level scheme used for
crowd NER by Nguyen et al., "Aggregating and Predicting Sequence Labels from Crowd
Annotations", ACL 2017, and Rodrigues, Pereira & Ribeiro, "Sequence labeling with
multiple annotators", Machine Learning 95, 2014.

Nested spans: BIO can hold one span per token, so before tagging each worker's
spans are flattened — the longest span wins and any span overlapping an already kept
one is dropped (ties: the earlier start, then the label). Decoding is lenient: an
I-TYPE after O or after another type opens a new span, as in CoNLL evaluation.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from jingshu.annotate.aggregate.base import Answers, CategoricalAggregator, FloatArray
from jingshu.annotate.aggregate.dawid_skene import DawidSkene
from jingshu.errors import InputError

__all__ = ["Span", "SpanAggregator", "SpanAnnotation", "SpanResult", "decode_bio", "flatten"]


@dataclass(frozen=True, order=True)
class Span:
    """A labelled token range ``[start, end)``.

    Args:
        start: first token index.
        end: one past the last token.
        label: the entity type.
        confidence: mean confidence of the span's tokens (1.0 for input spans).
    """

    start: int
    end: int
    label: str
    confidence: float = 1.0


@dataclass(frozen=True)
class SpanAnnotation:
    """One worker's spans over one tokenized text (an empty tuple means "no entities").

    Args:
        task: the text's id.
        worker: the worker's id.
        n_tokens: how many tokens the text has.
        spans: the worker's spans.
    """

    task: Hashable
    worker: Hashable
    n_tokens: int
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class SpanResult:
    """Aggregated spans per text and reliability per worker.

    Args:
        spans: text id → its spans, in order.
        workers: worker ids.
        reliability: per worker, from the token-level method.
    """

    spans: dict[Hashable, tuple[Span, ...]]
    workers: tuple[Hashable, ...]
    reliability: FloatArray


def flatten(spans: Sequence[Span]) -> list[Span]:
    """Drop nested/overlapping spans: longest first, then earlier start, then label."""
    kept: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start - s.end, s.start, s.label)):
        if all(s.end <= k.start or s.start >= k.end for k in kept):
            kept.append(s)
    return sorted(kept)


def _tags(ann: SpanAnnotation, row: int) -> list[str]:
    tags = ["O"] * ann.n_tokens
    for s in ann.spans:
        if not (0 <= s.start < s.end <= ann.n_tokens) or not s.label:
            raise InputError(f"annotation {row} (task {ann.task!r}, worker {ann.worker!r}): "
                             f"span {s.start}..{s.end} {s.label!r} is outside 0..{ann.n_tokens} "
                             "or has no label", hint="spans are [start, end) token indexes")
    for s in flatten(ann.spans):
        tags[s.start] = f"B-{s.label}"
        for i in range(s.start + 1, s.end):
            tags[i] = f"I-{s.label}"
    return tags


def decode_bio(tags: Sequence[str], confidence: Sequence[float] | None = None) -> list[Span]:
    """Spans from BIO tags; I-X after O or another type opens a new span.

    Args:
        tags: one tag per token.
        confidence: one confidence per token (mean over the span is kept).
    """
    conf = list(confidence) if confidence is not None else [1.0] * len(tags)
    spans: list[Span] = []
    start, label = -1, ""

    def close(end: int) -> None:
        if start >= 0:
            spans.append(Span(start, end, label, float(np.mean(conf[start:end]))))

    for i, tag in enumerate(tags):
        kind, _, typ = tag.partition("-")
        if kind == "I" and start >= 0 and typ == label:
            continue
        close(i)
        start, label = (i, typ) if kind in ("B", "I") else (-1, "")
    close(len(tags))
    return spans


class SpanAggregator:
    """Aggregate span annotations token by token with a categorical method.

    Args:
        method: the token-level aggregator (default :class:`DawidSkene`).
    """

    def __init__(self, method: CategoricalAggregator | None = None) -> None:
        self.method = method if method is not None else DawidSkene()

    def fit(self, annotations: Sequence[SpanAnnotation]) -> SpanResult:
        """Aggregate every text's spans.

        Args:
            annotations: one :class:`SpanAnnotation` per (text, worker).
        """
        if not annotations:
            raise InputError("there are no span annotations", hint="give at least one")
        lengths: dict[Hashable, int] = {}
        tasks: list[str] = []
        workers: list[Hashable] = []
        labels: list[str] = []
        keys: dict[str, tuple[Hashable, int]] = {}
        for row, ann in enumerate(annotations):
            if lengths.setdefault(ann.task, ann.n_tokens) != ann.n_tokens:
                raise InputError(f"annotation {row}: task {ann.task!r} has n_tokens "
                                 f"{ann.n_tokens}, earlier {lengths[ann.task]}",
                                 hint="every worker must see the same tokenization")
            for i, tag in enumerate(_tags(ann, row)):
                key = f"{ann.task!r}\x1f{i}"
                keys[key] = (ann.task, i)
                tasks.append(key)
                workers.append(ann.worker)
                labels.append(tag)
        result = self.method.fit(Answers.from_lists(tasks, workers, labels))
        tags: dict[Hashable, list[str]] = {t: ["O"] * n for t, n in lengths.items()}
        conf: dict[Hashable, list[float]] = {t: [1.0] * n for t, n in lengths.items()}
        triples = zip(result.tasks, result.labels, result.confidence, strict=True)
        for token_task, label, c in triples:
            task, i = keys[str(token_task)]
            tags[task][i], conf[task][i] = str(label), float(c)
        spans = {t: tuple(decode_bio(tags[t], conf[t])) for t in lengths}
        return SpanResult(spans, result.workers, result.reliability)
