"""Training: the model learns a clear difference, deterministically, with honest metrics."""

from __future__ import annotations

import numpy as np
import pytest

from jingshu.corpus.quality import (
    FeatureConfig,
    QualityModel,
    TrainConfig,
    best_f1_threshold,
    evaluate,
    featurize,
    normalize_text,
    roc_auc,
    split_indices,
    train_quality_model,
)
from jingshu.errors import ConfigError, InputError
from tests.corpus.quality.conftest import BAD_PHRASES, FAST, GOOD_PHRASES, make_texts


def test_held_out_scores_are_far_above_chance(model: QualityModel) -> None:
    test = model.info.test
    assert test.n_good >= 10 and test.n_bad >= 10
    assert test.accuracy >= 0.9 and test.f1 >= 0.9 and test.roc_auc >= 0.95
    assert model.info.counts == {"good": 80, "bad": 80, "train": 96, "validation": 32,
                                 "test": 32}


def test_unseen_texts_score_on_the_right_side(model: QualityModel) -> None:
    good = make_texts(GOOD_PHRASES, 20, seed=11, sep="，")
    bad = make_texts(BAD_PHRASES, 20, seed=12, sep=" ")
    scores = model.score(good + bad)
    assert (scores[:20] >= model.threshold).mean() >= 0.9
    assert (scores[20:] < model.threshold).mean() >= 0.9


def test_same_seed_same_model(good: list[str], bad: list[str], model: QualityModel) -> None:
    again = train_quality_model(good, bad, config=FAST)
    assert np.array_equal(again.weights, model.weights) and again.bias == model.bias
    other = train_quality_model(good, bad, config=TrainConfig(**{**FAST.__dict__, "seed": 8}))
    assert not np.array_equal(other.weights, model.weights)


def test_too_few_documents_is_an_input_error(good: list[str]) -> None:
    with pytest.raises(InputError, match="bad set has 0 documents"):
        train_quality_model(good, [])


def test_bad_settings_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="buckets_log2"):
        FeatureConfig(buckets_log2=30)
    with pytest.raises(ConfigError, match="test_fraction"):
        TrainConfig(test_fraction=0.7)


def test_split_is_stratified_and_disjoint() -> None:
    labels = np.array([1] * 10 + [0] * 30, dtype=np.int8)
    tr, va, te = split_indices(labels, TrainConfig(seed=3))
    assert len(set(tr) | set(va) | set(te)) == 40
    assert not set(tr) & set(te) and not set(va) & set(te)
    assert labels[te].sum() == 1 and (labels[te] == 0).sum() == 3


def test_features_fold_width_script_and_case() -> None:
    config = FeatureConfig()
    assert normalize_text("臺灣　ＡＢＣ  資訊", config) == "台湾 abc 资讯"
    x = featurize(["臺灣資訊", "台湾资讯", ""], config)
    assert (x[0] != x[1]).nnz == 0 and x[2].nnz == 0
    assert np.isclose(np.linalg.norm(x[0].data), 1.0)


def test_metrics_on_known_scores() -> None:
    labels = np.array([1, 1, 0, 0], dtype=np.int8)
    scores = np.array([0.9, 0.4, 0.6, 0.1])
    assert roc_auc(scores, labels) == 0.75
    ev = evaluate(scores, labels, 0.5)
    assert (ev.precision, ev.recall, ev.accuracy) == (0.5, 0.5, 0.5)
    assert best_f1_threshold(np.array([0.9, 0.8, 0.2]), np.array([1, 1, 0], np.int8)) == 0.5
