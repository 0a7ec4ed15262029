"""Categorical truth inference on synthetic crowds with known confusion."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from jingshu.annotate.aggregate import (
    BWA,
    EBCC,
    GLAD,
    IBCC,
    MACE,
    METHODS,
    Answers,
    AutoAggregator,
    CategoricalAggregator,
    DawidSkene,
    HierarchicalDawidSkene,
    MajorityVote,
    OneCoinDawidSkene,
    WeightedMajorityVote,
)
from jingshu.errors import ConfigError, InputError

ALL = [MajorityVote, WeightedMajorityVote, DawidSkene, OneCoinDawidSkene, GLAD, MACE, IBCC,
       HierarchicalDawidSkene, EBCC, BWA, AutoAggregator]


def crowd(seed: int = 1, n_tasks: int = 300) -> tuple[Answers, dict[int, int]]:
    """3 good workers (85%), 4 biased ones who answer 1 for most class-0 tasks."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 2, n_tasks)
    tasks, workers, labels = [], [], []
    for w in range(7):
        for t in range(n_tasks):
            if w < 3:
                y = truth[t] if rng.random() < 0.85 else 1 - truth[t]
            else:
                y = 1 if truth[t] == 1 or rng.random() < 0.7 else 0
            tasks.append(t)
            workers.append(f"w{w}")
            labels.append(int(y))
    return Answers.from_lists(tasks, workers, labels), dict(enumerate(truth.tolist()))


def accuracy(method: CategoricalAggregator, answers: Answers, truth: dict[int, int],
             gold: dict[int, int] | None = None) -> float:
    labels = method.fit(answers, gold=gold).as_dict()
    return float(np.mean([labels[t] == y for t, y in truth.items()]))


def test_dawid_skene_beats_majority_vote_on_biased_workers() -> None:
    answers, truth = crowd()
    mv, ds = accuracy(MajorityVote(), answers, truth), accuracy(DawidSkene(), answers, truth)
    assert ds > mv + 0.1
    assert accuracy(IBCC(), answers, truth) > mv + 0.1


def test_dawid_skene_reliability_ranks_good_workers_first() -> None:
    answers, _ = crowd()
    rel = DawidSkene().fit(answers).reliability_of()
    assert min(rel[f"w{i}"] for i in range(3)) > max(rel[f"w{i}"] for i in range(3, 7))


def test_gold_seeding_improves_a_hard_case() -> None:
    answers, truth = crowd(seed=3, n_tasks=60)
    gold = {t: truth[t] for t in range(20)}
    rest = {t: y for t, y in truth.items() if t >= 20}
    without = accuracy(OneCoinDawidSkene(), answers, rest)
    seeded = accuracy(OneCoinDawidSkene(), answers, rest, gold=gold)
    assert seeded > without
    result = DawidSkene().fit(answers, gold=gold)
    assert all(result.as_dict()[t] == y for t, y in gold.items())


@pytest.mark.parametrize("cls", ALL)
def test_every_method_returns_probabilities_confidence_and_reliability(
        cls: type[CategoricalAggregator]) -> None:
    answers, _ = crowd(n_tasks=50)
    result = cls().fit(answers)
    assert result.probabilities.shape == (50, 2)
    assert np.allclose(result.probabilities.sum(axis=1), 1.0)
    assert np.all((result.confidence >= 0.5 - 1e-9) & (result.confidence <= 1.0 + 1e-9))
    assert result.reliability.shape == (7,)
    assert result.iterations <= 100


@pytest.mark.parametrize("cls", ALL)
def test_deterministic_given_a_seed(cls: type[CategoricalAggregator]) -> None:
    answers = Answers.from_lists([1, 1, 2, 2], ["a", "b", "a", "b"], ["x", "y", "y", "x"])
    first = cls(seed=7).fit(answers).labels
    assert all(cls(seed=7).fit(answers).labels == first for _ in range(3))


@pytest.mark.parametrize("cls", ALL)
def test_edge_cases(cls: type[CategoricalAggregator]) -> None:
    one_worker = Answers.from_lists(["t1", "t2"], ["w", "w"], ["pos", "neg"])
    assert cls().fit(one_worker).as_dict() == {"t1": "pos", "t2": "neg"}
    unanimous = Answers.from_lists(["t1", "t1", "t1"], ["a", "b", "c"], ["猫", "猫", "猫"])
    result = cls().fit(unanimous)
    assert result.labels == ("猫",) and result.confidence[0] == pytest.approx(1.0)
    single = Answers.from_lists(["t1", "t1", "t2"], ["a", "b", "a"], ["x", "x", "y"])
    assert cls().fit(single).as_dict()["t2"] == "y"


def test_classes_fix_order_and_allow_unseen_labels() -> None:
    answers = Answers.from_lists([1, 2], ["a", "a"], ["b", "b"], classes=["a", "b", "c"])
    result = DawidSkene().fit(answers, gold={1: "c"})
    assert result.classes == ("a", "b", "c") and result.as_dict()[1] == "c"


def test_from_frame_reads_pyarrow_and_pandas() -> None:
    table = pa.table({"item": ["t1", "t1"], "annotator": ["a", "b"], "label": [1, 1]})
    answers = Answers.from_frame(table, task="item", worker="annotator")
    assert answers.tasks == ("t1",) and answers.classes == (1,)
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"task": [1, 2], "worker": ["a", "a"], "label": ["x", "y"]})
    assert Answers.from_frame(frame).n_tasks == 2
    with pytest.raises(InputError, match="no column 'worker'"):
        Answers.from_frame(table, task="item")


def test_malformed_input_is_rejected_with_the_row() -> None:
    with pytest.raises(InputError, match="differ in length"):
        Answers.from_lists([1, 2], ["a"], ["x", "y"])
    with pytest.raises(InputError, match="row 1: label is missing"):
        Answers.from_lists([1, 2], ["a", "a"], ["x", None])
    with pytest.raises(InputError, match="no answers"):
        Answers.from_lists([], [], [])
    with pytest.raises(InputError, match="not one of"):
        Answers.from_lists([1], ["a"], ["z"], classes=["x", "y"])
    answers = Answers.from_lists([1], ["a"], ["x"])
    with pytest.raises(InputError, match="gold label 'q'"):
        DawidSkene().fit(answers, gold={1: "q"})
    with pytest.raises(InputError, match="needs Answers"):
        DawidSkene().fit([1, 2, 3])  # type: ignore[arg-type]


@pytest.mark.parametrize("kwargs", [{"tol": 0}, {"tol": 2.0}, {"max_iter": 0},
                                    {"max_iter": 1.5}, {"smoothing": -1}])
def test_bad_parameters_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        DawidSkene(**kwargs)  # type: ignore[arg-type]


def test_method_names_cover_every_categorical_class() -> None:
    assert set(METHODS.values()) == set(ALL)


def test_weighted_majority_with_given_weights() -> None:
    answers = Answers.from_lists([1, 1, 1], ["a", "b", "c"], ["x", "y", "y"])
    result = WeightedMajorityVote({"a": 5.0}).fit(answers)
    assert result.as_dict() == {1: "x"}
    with pytest.raises(InputError, match="weight of worker 'a'"):
        WeightedMajorityVote({"a": -1.0})
