"""Numeric aggregation and span (NER) aggregation."""

from __future__ import annotations

import numpy as np
import pytest

from jingshu.annotate.aggregate import (
    DawidSkene,
    MajorityVote,
    NumericAnswers,
    NumericMean,
    NumericMedian,
    Span,
    SpanAggregator,
    SpanAnnotation,
    WorkerBiasModel,
)
from jingshu.annotate.aggregate.spans import decode_bio, flatten
from jingshu.errors import ConfigError, InputError


def biased_ratings(seed: int = 0, offset: float = 0.0) -> tuple[NumericAnswers, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.uniform(0, 10, 80)
    bias = [0.0, 0.0, 0.0, 3.0, -3.0]
    tasks, workers, values = [], [], []
    for t in range(80):
        for w in rng.choice(5, size=3, replace=False):
            tasks.append(t)
            workers.append(int(w))
            values.append(truth[t] + offset + bias[w] + rng.normal(0, 0.3))
    return NumericAnswers.from_lists(tasks, workers, values), truth


def mae(values: np.ndarray, truth: np.ndarray) -> float:
    return float(np.abs(values - truth).mean())


def test_worker_bias_model_recovers_biases_and_beats_the_mean() -> None:
    answers, truth = biased_ratings()
    bias_model = WorkerBiasModel().fit(answers)
    assert mae(bias_model.values, truth) < mae(NumericMean().fit(answers).values, truth)
    assert bias_model.bias[3] - bias_model.bias[0] == pytest.approx(3.0, abs=0.5)


def test_gold_seeding_fixes_a_bias_shared_by_everyone() -> None:
    answers, truth = biased_ratings(offset=2.0)
    plain = WorkerBiasModel().fit(answers)
    seeded = WorkerBiasModel().fit(answers, gold={t: float(truth[t]) for t in range(10)})
    assert mae(seeded.values[10:], truth[10:]) < 0.5 < mae(plain.values[10:], truth[10:])


def test_mean_and_median() -> None:
    answers = NumericAnswers.from_lists(["a", "a", "a", "b"], [1, 2, 3, 1], [1, 2, 30, "4"])
    assert NumericMean().fit(answers).as_dict() == {"a": 11.0, "b": 4.0}
    assert NumericMedian().fit(answers).as_dict() == {"a": 2.0, "b": 4.0}


def test_numeric_bad_input() -> None:
    with pytest.raises(InputError, match="row 1: value 'x' is not a number"):
        NumericAnswers.from_lists([1, 2], ["a", "a"], [1.0, "x"])
    with pytest.raises(InputError, match="not finite"):
        NumericAnswers.from_lists([1], ["a"], [float("nan")])
    with pytest.raises(ConfigError):
        WorkerBiasModel(max_iter=0)


def test_spans_are_aggregated_token_by_token() -> None:
    anns = [
        SpanAnnotation("d1", "a", 6, (Span(0, 2, "PER"), Span(4, 6, "LOC"))),
        SpanAnnotation("d1", "b", 6, (Span(0, 2, "PER"),)),
        SpanAnnotation("d1", "c", 6, (Span(0, 3, "PER"), Span(4, 6, "LOC"))),
        SpanAnnotation("d2", "a", 3, ()),
        SpanAnnotation("d2", "b", 3, (Span(1, 2, "ORG"),)),
        SpanAnnotation("d2", "c", 3, ()),
    ]
    result = SpanAggregator(MajorityVote()).fit(anns)
    assert [(s.start, s.end, s.label) for s in result.spans["d1"]] == [(0, 2, "PER"),
                                                                      (4, 6, "LOC")]
    assert result.spans["d2"] == ()
    assert SpanAggregator(DawidSkene()).fit(anns).spans["d1"][0].label == "PER"


def test_nested_spans_keep_the_longest_and_decoding_is_lenient() -> None:
    kept = flatten([Span(0, 4, "ORG"), Span(1, 2, "LOC"), Span(5, 6, "PER")])
    assert [(s.start, s.end) for s in kept] == [(0, 4), (5, 6)]
    spans = decode_bio(["I-PER", "I-PER", "O", "B-LOC", "I-ORG"])
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 2, "PER"), (3, 4, "LOC"),
                                                        (4, 5, "ORG")]


def test_span_bad_input() -> None:
    with pytest.raises(InputError, match="outside"):
        SpanAggregator().fit([SpanAnnotation("d", "a", 2, (Span(1, 5, "PER"),))])
    with pytest.raises(InputError, match="same tokenization"):
        SpanAggregator().fit([SpanAnnotation("d", "a", 2), SpanAnnotation("d", "b", 3)])
    with pytest.raises(InputError, match="no span annotations"):
        SpanAggregator().fit([])
