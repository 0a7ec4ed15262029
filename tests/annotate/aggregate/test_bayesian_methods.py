"""MACE (variational), EBCC, BWA, ``auto`` and repeated answers, on hand-checkable crowds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from jingshu.annotate.aggregate import (
    BWA,
    DEFAULT_METHOD,
    EBCC,
    IBCC,
    MACE,
    METHODS,
    Answers,
    AutoAggregator,
    HierarchicalDawidSkene,
    MajorityVote,
)
from jingshu.annotate.aggregate.auto import answered_only, temper
from jingshu.errors import ConfigError, InputError


def spammer_crowd(n_tasks: int = 200) -> tuple[Answers, dict[int, int]]:
    """Three honest workers (80 %) and one who answers 1 whatever the truth."""
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 2, n_tasks)
    tasks, workers, labels = [], [], []
    for t in range(n_tasks):
        for w in range(3):
            tasks.append(t)
            workers.append(f"h{w}")
            labels.append(int(truth[t] if rng.random() < 0.8 else 1 - truth[t]))
        tasks.append(t)
        workers.append("spam")
        labels.append(1)
    return Answers.from_lists(tasks, workers, labels), dict(enumerate(truth.tolist()))


def difficulty_crowd(seed: int = 0) -> tuple[Answers, dict[int, int]]:
    """Five workers; half the tasks easy (95 % right), half hard (55 % right)."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 2, 400)
    tasks, workers, labels = [], [], []
    for t in range(400):
        p = 0.95 if t % 2 else 0.55
        for w in range(5):
            tasks.append(t)
            workers.append(w)
            labels.append(int(truth[t] if rng.random() < p else 1 - truth[t]))
    return Answers.from_lists(tasks, workers, labels), dict(enumerate(truth.tolist()))


def accuracy(labels: dict[object, object], truth: dict[int, int]) -> float:
    return float(np.mean([labels[t] == y for t, y in truth.items()]))


def test_mace_finds_the_spammer_with_either_method() -> None:
    answers, truth = spammer_crowd()
    for method in ("vb", "em"):
        result = MACE(method=method).fit(answers)
        rel = result.reliability_of()
        assert rel["spam"] < 0.2 < 0.5 < min(rel[f"h{w}"] for w in range(3))
        assert accuracy(result.as_dict(), truth) > accuracy(MajorityVote().fit(answers).as_dict(),
                                                            truth)


def test_mace_restarts_keep_the_best_likelihood_and_are_seeded() -> None:
    answers, _ = spammer_crowd(60)
    one = MACE(n_restarts=1).fit(answers)
    many = MACE(n_restarts=5, seed=3).fit(answers)
    assert many.labels == MACE(n_restarts=5, seed=3).fit(answers).labels
    assert np.allclose(one.probabilities.sum(axis=1), 1.0)


@pytest.mark.parametrize("kwargs", [{"method": "gibbs"}, {"strategy_prior": 0},
                                    {"competence_prior": (0.5, -1.0)}, {"n_restarts": 0},
                                    {"smoothing": -0.1}])
def test_mace_rejects_bad_parameters(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="MACE"):
        MACE(**kwargs)  # type: ignore[arg-type]


def test_ebcc_recovers_truth_and_ranks_workers() -> None:
    answers, truth = spammer_crowd()
    result = EBCC().fit(answers)
    assert accuracy(result.as_dict(), truth) >= accuracy(IBCC().fit(answers).as_dict(),
                                                         truth) - 0.02
    rel = result.reliability_of()
    assert rel["spam"] < min(rel[f"h{w}"] for w in range(3))
    gold = {0: 1 - truth[0]}
    assert EBCC().fit(answers, gold=gold).as_dict()[0] == 1 - truth[0]


def test_ebcc_one_subtype_is_ibcc_with_the_same_priors() -> None:
    half, _ = spammer_crowd(80)
    # Add every task again with its answers flipped: the classes are then symmetric, so
    # EBCC's class prior (vote counts) and iBCC's (flat) give equal E[ln κ] and, with
    # one subtype, EBCC's updates are exactly iBCC's.
    tasks = np.concatenate([half.task, half.task + half.n_tasks]).tolist()
    workers = np.concatenate([half.worker, half.worker]).tolist()
    labels = np.concatenate([half.label, 1 - half.label]).tolist()
    answers = Answers.from_lists(tasks, workers, labels)
    ebcc = EBCC(subtypes=1, correct_prior=4.0, wrong_prior=1.0, tol=1e-9, max_iter=300)
    ibcc = IBCC(correct_prior=4.0, wrong_prior=1.0, tol=1e-9, max_iter=300)
    assert np.allclose(ebcc.fit(answers).probabilities, ibcc.fit(answers).probabilities,
                       atol=1e-6)


def test_bwa_weights_precise_workers_up() -> None:
    answers, truth = spammer_crowd()
    result = BWA().fit(answers)
    rel = result.reliability_of()
    assert rel["spam"] < min(rel[f"h{w}"] for w in range(3))
    assert accuracy(result.as_dict(), truth) >= 0.85
    # One task, votes x, x, y: the truth vector is a weighted average of the votes.
    single = BWA().fit(Answers.from_lists([1, 1, 1], ["a", "b", "c"], ["x", "x", "y"]))
    assert single.as_dict() == {1: "x"} and 0.5 < single.confidence[0] < 1.0


@pytest.mark.parametrize("cls", [EBCC, BWA])
def test_new_methods_reject_bad_parameters(cls: type[EBCC] | type[BWA]) -> None:
    name = "subtypes" if cls is EBCC else "precision_shape"
    with pytest.raises(ConfigError, match=name):
        cls(**{name: 0})  # type: ignore[arg-type]


def test_temper_softens_and_keeps_the_argmax() -> None:
    probs = np.array([[0.9, 0.1], [0.2, 0.8]])
    assert np.allclose(temper(probs, 1.0), probs)
    soft = temper(probs, 2.0)
    assert soft[0, 0] == pytest.approx(0.75) and soft[1, 1] == pytest.approx(2 / 3)


def test_auto_is_hds_with_calibrated_confidence() -> None:
    answers, truth = difficulty_crowd()
    hds = HierarchicalDawidSkene().fit(answers)
    auto = AutoAggregator()
    result = auto.fit(answers)
    assert result.labels == hds.labels
    assert auto.temperature_ > 1.2
    raw = AutoAggregator(calibration_folds=0, calibrate=False).fit(answers)
    assert np.allclose(raw.probabilities, answered_only(answers, hds.probabilities))

    def calibration_gap(confidence: np.ndarray) -> float:
        hit = np.array([result.as_dict()[t] == y for t, y in truth.items()])
        return abs(float(confidence.mean()) - float(hit.mean()))

    tempered = AutoAggregator(calibrate=False).fit(answers)
    assert calibration_gap(tempered.confidence) < calibration_gap(hds.confidence)


def test_auto_is_the_default_and_rejects_bad_folds() -> None:
    assert METHODS[DEFAULT_METHOD] is AutoAggregator
    with pytest.raises(ConfigError, match="calibration_folds"):
        AutoAggregator(calibration_folds=1)


def test_deduplicated_keeps_one_answer_per_worker_and_task() -> None:
    answers = Answers.from_lists([1, 1, 1, 2], ["a", "a", "b", "a"], ["x", "y", "x", "y"])
    last = answers.deduplicated()
    kept = zip(last.task.tolist(), last.worker.tolist(), last.label.tolist(), strict=True)
    assert sorted(kept) == [(0, 0, 1), (0, 1, 0), (1, 0, 1)]
    first = answers.deduplicated(keep="first")
    assert first.label.tolist() == [0, 0, 1]
    with pytest.raises(InputError, match="keep='middle'"):
        answers.deduplicated(keep="middle")


@pytest.mark.realdata
@pytest.mark.parametrize(("name", "expected"), [("zheng_duck", 0.8611)])
def test_mace_matches_crowdkit_vb_once_its_worker_order_is_aligned(
        shared_data: Path, name: str, expected: float) -> None:
    """crowd-kit 1.4.2's MACE on Duck, rows sorted by worker (see mace.py): 0.8611."""
    import csv

    folder = shared_data / "crowd" / name
    if not folder.exists():
        pytest.skip(f"{folder} is missing")
    with (folder / "answer.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as f:
        truth = {r[0]: r[1] for r in list(csv.reader(f))[1:]}
    answers = Answers.from_lists([r[0] for r in rows], [r[1] for r in rows],
                                 [r[2] for r in rows])
    labels = MACE(n_restarts=1).fit(answers).as_dict()
    assert accuracy(labels, truth) == pytest.approx(expected, abs=1e-4)  # type: ignore[arg-type]


@pytest.mark.parametrize("classes", [None, ["正面", "负面"], ["负面", "正面"],
                                     ["正面", "负面", "中性"]])
def test_auto_never_exports_a_label_no_annotator_gave(classes: list[str] | None) -> None:
    # A single answer, or classes nobody chose, once sent hierarchical DS to a label no
    # annotator gave (a project's only answer 正面 was exported as 负面).
    one = Answers.from_lists(["t1"], ["w1"], ["正面"], classes=classes)
    assert AutoAggregator().fit(one).as_dict() == {"t1": "正面"}
    few = Answers.from_lists(["t1", "t2", "t2"], ["w1", "w1", "w2"], ["正面", "负面", "负面"],
                             classes=classes)
    assert AutoAggregator().fit(few).as_dict() == {"t1": "正面", "t2": "负面"}
