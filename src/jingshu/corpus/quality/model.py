"""A trained quality classifier: weights over hashed n-grams, and how it was made.

One file holds everything (a ``.npz`` zip, written without pickle): ``weights``
(float32, one per hash bucket), ``bias``, and ``metadata``, UTF-8 JSON with the
feature config, training settings, data sources, counts, evaluation, threshold and
the jingshu version. :meth:`QualityModel.load` refuses any other file with an
:class:`~jingshu.errors.InputError` naming it.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from jingshu import __version__
from jingshu.corpus.quality.features import FeatureConfig, featurize
from jingshu.corpus.quality.metrics import Evaluation
from jingshu.errors import ConfigError, InputError

__all__ = ["FORMAT", "FORMAT_VERSION", "ModelInfo", "QualityModel"]

FORMAT = "jingshu-quality-model"
FORMAT_VERSION = 1
_HINT = "train one with `jingshu corpus train-quality --good ... --bad ... --out MODEL`"


@dataclass(frozen=True)
class ModelInfo:
    """What a model file says about how the model was made.

    Args:
        threshold: The default cut (chosen for best F1 on the validation split).
        good_sources: Where the good documents came from.
        bad_sources: Where the bad documents came from.
        counts: Documents per split and class (``good``, ``bad``, ``train`` ...).
        validation: Metrics on the validation split at ``threshold``.
        test: Metrics on the held-out test split at ``threshold``.
        training: Training settings and timings (epochs, learning rate, seed ...).
        jingshu_version: The version that trained it.
        created: UTC time of training, ISO 8601.
    """

    threshold: float
    good_sources: tuple[str, ...]
    bad_sources: tuple[str, ...]
    counts: dict[str, int]
    validation: Evaluation
    test: Evaluation
    training: dict[str, Any]
    jingshu_version: str = __version__
    created: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The info as JSON-ready data."""
        return {"threshold": self.threshold, "good_sources": list(self.good_sources),
                "bad_sources": list(self.bad_sources), "counts": self.counts,
                "evaluation": {"validation": self.validation.to_dict(),
                               "test": self.test.to_dict()},
                "training": self.training, "jingshu_version": self.jingshu_version,
                "created": self.created}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelInfo:
        """Rebuild from :meth:`to_dict` output."""
        ev = data["evaluation"]
        return cls(threshold=float(data["threshold"]),
                   good_sources=tuple(data["good_sources"]),
                   bad_sources=tuple(data["bad_sources"]), counts=dict(data["counts"]),
                   validation=Evaluation.from_dict(ev["validation"]),
                   test=Evaluation.from_dict(ev["test"]), training=dict(data["training"]),
                   jingshu_version=str(data["jingshu_version"]), created=str(data["created"]))


class QualityModel:
    """Logistic regression over hashed character n-grams; ``score`` is P(good).

    Args:
        weights: One weight per hash bucket.
        bias: The intercept.
        features: How text becomes features.
        info: How the model was made.
    """

    def __init__(self, weights: npt.NDArray[np.floating[Any]], bias: float,
                 features: FeatureConfig, info: ModelInfo) -> None:
        if weights.shape != (features.buckets,):
            raise InputError(f"model has {weights.size} weights but its feature config "
                             f"needs {features.buckets}", hint=_HINT)
        self.weights = weights.astype(np.float32)
        self._w64 = self.weights.astype(np.float64)
        self.bias = float(bias)
        self.features = features
        self.info = info

    @property
    def threshold(self) -> float:
        """The default cut between good and bad."""
        return self.info.threshold

    def score(self, texts: Iterable[str]) -> npt.NDArray[np.float64]:
        """P(good) for each text.

        Args:
            texts: Raw document texts.
        """
        x = featurize(texts, self.features)
        z: npt.NDArray[np.float64] = x @ self._w64 + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def score_text(self, text: str) -> float:
        """P(good) of one text.

        Args:
            text: Raw document text.
        """
        return float(self.score([text])[0])

    def metadata(self) -> dict[str, Any]:
        """Everything the file's JSON part holds."""
        return {"format": FORMAT, "format_version": FORMAT_VERSION,
                "features": self.features.to_dict(), **self.info.to_dict()}

    def save(self, path: str | Path) -> Path:
        """Write the model to one file, atomically (written aside, then renamed).

        Args:
            path: Target file; any suffix is kept as given (``.npz`` is usual).
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        meta = json.dumps(self.metadata(), ensure_ascii=False, sort_keys=True).encode()
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez_compressed(fh, weights=self.weights, bias=np.array([self.bias]),
                                    metadata=np.frombuffer(meta, dtype=np.uint8))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    @classmethod
    def load(cls, path: str | Path) -> QualityModel:
        """Read a model written by :meth:`save`.

        Args:
            path: The model file.

        Raises:
            InputError: The file is missing, not a model, corrupt or of a newer format.
        """
        where = Path(path)
        if not where.is_file():
            raise InputError(f"{where}: no such model file", hint=_HINT)
        try:
            with np.load(where, allow_pickle=False) as npz:
                weights, bias = npz["weights"], float(npz["bias"][0])
                meta = json.loads(npz["metadata"].tobytes().decode("utf-8"))
        except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile,
                UnicodeDecodeError, EOFError) as exc:
            raise InputError(f"{where}: not a readable jingshu quality model ({exc})",
                             hint=_HINT) from exc
        return cls._from_parts(where, weights, bias, meta)

    @classmethod
    def _from_parts(cls, where: Path, weights: npt.NDArray[Any], bias: float,
                    meta: Any) -> QualityModel:
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise InputError(f"{where}: metadata does not say format {FORMAT!r}", hint=_HINT)
        if meta.get("format_version") != FORMAT_VERSION:
            raise InputError(f"{where}: model format version {meta.get('format_version')!r} "
                             f"is not {FORMAT_VERSION}",
                             hint="use the jingshu version that wrote it, or retrain")
        try:
            features = FeatureConfig(**meta["features"])
            info = ModelInfo.from_dict(meta)
        except (KeyError, TypeError, ConfigError) as exc:
            raise InputError(f"{where}: metadata field missing or wrong ({exc})",
                             hint=_HINT) from exc
        return cls(weights, bias, features, info)
