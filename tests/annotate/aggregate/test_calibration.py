"""The cross-data-set confidence map of ``auto``, on hand-checkable numbers."""

from __future__ import annotations

import numpy as np
import pytest

from jingshu.annotate.aggregate import Answers, AutoAggregator
from jingshu.annotate.aggregate.calibration import (
    ConfidenceMap,
    default_map,
    isotonic_knots,
    weighted_median,
)
from jingshu.errors import ConfigError


def test_isotonic_knots_pool_violators_and_equal_scores() -> None:
    # y = 1, 0 at x = 0.6, 0.7 violates order: pooled to 0.5 at x = 0.65.
    # The two points at x = 0.9 are pooled first (mean 0.5), then merge with 0.65's block.
    x = np.array([0.5, 0.6, 0.7, 0.9, 0.9, 1.0])
    y = np.array([0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    xs, ys = isotonic_knots(x, y, np.ones(6))
    assert ys == (0.0, 0.5, 1.0)
    assert xs == pytest.approx((0.5, 0.775, 1.0))
    # weights count: a heavy wrong answer at 0.6 pulls the pooled block down
    _, heavy = isotonic_knots(x[:3], y[:3], np.array([1.0, 1.0, 3.0]))
    assert heavy == (0.0, 0.25)


def test_weighted_median_and_its_midpoint() -> None:
    assert weighted_median(np.array([0.0, 1.0, 0.9]), np.ones(3)) == 0.9
    assert weighted_median(np.array([0.0, 1.0]), np.ones(2)) == 0.5  # exactly half: midpoint
    assert weighted_median(np.array([0.0, 1.0]), np.array([3.0, 1.0])) == 0.0
    assert weighted_median(np.array([0.2]), np.array([0.1])) == 0.2


def test_fit_takes_the_median_data_set_per_bin_and_splits_binary() -> None:
    # 100 binary tasks all right, 2 both wrong: one set each, equal say (0.5 between them)
    # 4 four-class tasks, one right
    fitted = ConfidenceMap.fit([np.full(100, 0.9), np.full(2, 0.9), np.full(4, 0.9)],
                               [np.ones(100), np.zeros(2), np.array([1.0, 0.0, 0.0, 0.0])],
                               [2, 2, 4])
    assert fitted.binary[0] == pytest.approx((0.9,)) and fitted.binary[1] == (0.5,)
    assert fitted.multiclass[0] == pytest.approx((0.9,)) and fitted.multiclass[1] == (0.25,)
    only_binary = ConfidenceMap.fit([np.array([0.8])], [np.array([1.0])], [2])
    assert only_binary.multiclass == only_binary.binary


def test_fit_median_is_not_pulled_by_one_confidently_wrong_set() -> None:
    # Three sets answer at 0.97 (bin 14 of 15): right 100 %, 90 % and 0 % of the time.
    # Pooling would say 0.63; the median set says 0.9.
    conf = [np.full(10, 0.97), np.full(10, 0.97), np.full(10, 0.97)]
    hit = [np.ones(10), np.r_[np.ones(9), 0.0], np.zeros(10)]
    assert ConfidenceMap.fit(conf, hit, [2, 2, 2]).binary == ((pytest.approx(0.97),), (0.9,))
    # A set weighs the share of its tasks in the bin: at 0.55 (bin 8) only the third set
    # has most of its tasks, so the median there is its accuracy (0.0), then bins that
    # break the order are pooled (pool-adjacent-violators, weighted by those shares).
    conf2 = [np.r_[0.55, np.full(9, 0.97)], np.r_[0.55, np.full(9, 0.97)],
             np.r_[np.full(9, 0.55), 0.97]]
    hit2 = [np.r_[1.0, np.ones(9)], np.r_[1.0, np.ones(9)], np.r_[np.zeros(9), 0.0]]
    xs, ys = ConfidenceMap.fit(conf2, hit2, [2, 2, 2]).binary
    assert xs == pytest.approx((0.55, 0.97)) and ys == (0.0, 1.0)
    # 0.62 answered by all three, 0.97 right for one set only: 0.62's median (1.0) is above
    # 0.97's (0.0): the two bins are pooled, weights 3 × 0.5 each side, to 0.5.
    conf3 = [np.r_[np.full(5, 0.62), np.full(5, 0.97)]] * 3
    hit3 = [np.r_[np.ones(5), np.ones(5)], np.r_[np.ones(5), np.zeros(5)],
            np.r_[np.ones(5), np.zeros(5)]]
    xs3, ys3 = ConfidenceMap.fit(conf3, hit3, [2, 2, 2]).binary
    assert xs3 == pytest.approx((0.795,)) and ys3 == (0.5,)
    with pytest.raises(ConfigError, match="bins=0"):
        ConfidenceMap.fit(conf, hit, [2, 2, 2], bins=0)


def test_apply_keeps_labels_and_shares_the_rest_by_the_prior() -> None:
    cmap = ConfidenceMap(binary=((0.5, 1.0), (0.5, 0.8)),
                         multiclass=((0.0, 1.0), (0.0, 0.4)))
    two = cmap.apply(np.array([[1.0, 0.0], [0.25, 0.75]]))
    assert two[0] == pytest.approx([0.8, 0.2]) and two[1] == pytest.approx([0.35, 0.65])
    probs = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    prior = np.array([[0.9, 0.09, 0.01], [0.5, 0.5, 0.0]])
    three = cmap.apply(probs, prior=prior)
    # the map says 0.4, but 0.9 of the rest would go to class 1: the top is floored
    # just above it (c > (1 - c)·0.9, c ≈ 9/19)
    assert three[0] == pytest.approx([9 / 19, 9 / 19, 1 / 19], abs=1e-5)
    assert three[0, 0] > three[0, 1] and three[1, 0] > three[1, 1]
    assert three.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert (three.argmax(axis=1) == [0, 0]).all()  # never moves the label


def test_bad_knots_are_refused_with_the_fix() -> None:
    with pytest.raises(ConfigError, match="'binary'") as err:
        ConfidenceMap(binary=((0.9, 0.5), (0.1, 0.2)), multiclass=((0.5,), (0.5,)))
    assert "--fit-calibration" in str(err.value.hint)
    with pytest.raises(ConfigError, match="multiclass"):
        ConfidenceMap(binary=((0.5,), (0.5,)), multiclass=((), ()))


def test_shipped_map_is_monotone_and_used_by_auto() -> None:
    shipped = default_map()
    for xs, ys in (shipped.binary, shipped.multiclass):
        assert list(xs) == sorted(xs) and list(ys) == sorted(ys)
    answers = Answers.from_lists(["t1"] * 3 + ["t2"] * 3, ["a", "b", "c"] * 2,
                                 ["正面", "正面", "正面", "负面", "负面", "正面"])
    sure = ConfidenceMap(binary=((0.5, 1.0), (0.6, 0.7)), multiclass=((0.0,), (0.5,)))
    result = AutoAggregator(confidence_map=sure).fit(answers)
    assert result.as_dict() == {"t1": "正面", "t2": "负面"}
    assert 0.6 <= result.confidence[1] <= result.confidence[0] == pytest.approx(0.7)
    plain = AutoAggregator(calibrate=False).fit(answers)
    assert plain.confidence[0] == pytest.approx(1.0)
    assert AutoAggregator().fit(answers).confidence[0] == pytest.approx(
        float(np.interp(1.0, *shipped.binary)))
    # a gold task stays at its gold label with certainty
    gold = AutoAggregator(confidence_map=sure).fit(answers, gold={"t2": "正面"})
    assert gold.as_dict()["t2"] == "正面" and gold.confidence[1] == 1.0
