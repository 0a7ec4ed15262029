"""A trainable document quality classifier: hashed character n-grams, logistic regression.

Typical use::

    from jingshu.corpus.quality import QualityModel, train_quality_model

    model = train_quality_model(good_texts, bad_texts)
    print(model.info.test)              # precision, recall, F1, ROC-AUC on held-out data
    model.save("quality.npz")
    QualityModel.load("quality.npz").score(["一段文本"])

The ``quality_score`` operator (:class:`~jingshu.corpus.ops.quality_score.QualityScoreFilter`)
uses a saved model in recipes.
"""

from __future__ import annotations

from jingshu.corpus.quality.features import FeatureConfig, featurize, normalize_text
from jingshu.corpus.quality.metrics import (
    Evaluation,
    ScoreSummary,
    best_f1_threshold,
    evaluate,
    roc_auc,
    summarize_scores,
)
from jingshu.corpus.quality.model import ModelInfo, QualityModel
from jingshu.corpus.quality.sources import read_texts
from jingshu.corpus.quality.train import TrainConfig, split_indices, train_quality_model

__all__ = [
    "Evaluation",
    "FeatureConfig",
    "ModelInfo",
    "QualityModel",
    "ScoreSummary",
    "TrainConfig",
    "best_f1_threshold",
    "evaluate",
    "featurize",
    "normalize_text",
    "read_texts",
    "roc_auc",
    "split_indices",
    "summarize_scores",
    "train_quality_model",
]
