"""A trainable document quality classifier: hashed character n-grams, logistic regression.

Typical use::

    from jingshu.corpus.quality import QualityModel, train_quality_model

    model = train_quality_model(good_texts, bad_texts)
    print(model.info.test)              # precision, recall, F1, ROC-AUC on held-out data
    model.save("quality.npz")
    QualityModel.load("quality.npz").score(["一段文本"])

The ``quality_score`` operator (:class:`~jingshu.corpus.ops.quality_classifier.QualityScoreFilter`)
uses a saved model in recipes.
"""

from __future__ import annotations

import typing as _typing

from jingshu.lazy import lazy_attributes as _lazy_attributes

if _typing.TYPE_CHECKING:
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

# Imported on first use (PEP 562): scoring with a saved model needs neither scipy.stats
# (metrics) nor the catalog (sources).
_Q = "jingshu.corpus.quality."
_HOMES: dict[str, str] = {
    **dict.fromkeys(("FeatureConfig", "featurize", "normalize_text"), _Q + "features"),
    **dict.fromkeys(("Evaluation", "ScoreSummary", "best_f1_threshold", "evaluate", "roc_auc",
                     "summarize_scores"), _Q + "metrics"),
    **dict.fromkeys(("ModelInfo", "QualityModel"), _Q + "model"),
    "read_texts": _Q + "sources",
    **dict.fromkeys(("TrainConfig", "split_indices", "train_quality_model"), _Q + "train"),
}
__getattr__ = _lazy_attributes(__name__, _HOMES)

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
