"""Training tells on_step the documents featurized and the batches trained, of their totals."""

from __future__ import annotations

from jingshu.corpus.quality import train_quality_model
from jingshu.progress import Step
from tests.corpus.quality.conftest import FAST


def test_training_reports_features_then_batches(good: list[str], bad: list[str]) -> None:
    steps: list[Step] = []
    train_quality_model(good, bad, config=FAST, on_step=steps.append)
    features = [s for s in steps if s.name == "features"]
    batches = [s for s in steps if s.name == "train"]
    assert features[-1].done == features[-1].total == len(good) + len(bad)
    assert batches and batches[-1].done == batches[-1].total and batches[-1].unit == "batches"
    assert [s.done for s in batches] == list(range(1, len(batches) + 1))
    assert steps.index(features[-1]) < steps.index(batches[0])
