"""The ``quality_score`` operator inside a recipe: scores written, low scores dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingshu.corpus import Document, Pipeline, parse_recipe
from jingshu.corpus.ops.quality_classifier import QualityScoreFilter
from jingshu.corpus.quality import QualityModel
from jingshu.errors import ConfigError, InputError


def _recipe(model_file: Path, **params: object) -> Pipeline:
    steps = [{"op": "whitespace"},
             {"op": "quality_score", "params": {"model": str(model_file), **params}}]
    return Pipeline(parse_recipe({"name": "q", "steps": steps}))


def test_recipe_keeps_good_and_drops_bad(model_file: Path, good: list[str],
                                         bad: list[str]) -> None:
    docs = [Document(f"g{i}", t) for i, t in enumerate(good[:10])]
    docs += [Document(f"b{i}", t) for i, t in enumerate(bad[:10])]
    pipeline = _recipe(model_file)
    kept = list(pipeline.run(docs))
    kept_ids = {d.id for d in kept}
    assert sum(i.startswith("g") for i in kept_ids) >= 9
    assert sum(i.startswith("b") for i in kept_ids) <= 1
    model = QualityModel.load(model_file)
    assert all(d.metadata["quality_score"] >= model.threshold for d in kept)
    assert pipeline.report().drops.get("quality_score:low_quality_score", 0) >= 9


def test_threshold_zero_scores_without_dropping(model_file: Path, bad: list[str]) -> None:
    docs = [Document(str(i), t) for i, t in enumerate(bad[:5])]
    kept = list(_recipe(model_file, threshold=0.0, field="q").run(docs))
    assert len(kept) == 5 and all(0.0 <= d.metadata["q"] <= 1.0 for d in kept)


def test_model_is_required() -> None:
    with pytest.raises(ConfigError, match="'model' is required"):
        QualityScoreFilter()


def test_missing_model_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such model file"):
        QualityScoreFilter(model=str(tmp_path / "absent.npz"))
