"""Saving and loading a model: identical scores, clear errors for other files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from jingshu import __version__
from jingshu.corpus.quality import QualityModel
from jingshu.errors import InputError


def test_round_trip_gives_identical_scores(model: QualityModel, model_file: Path,
                                           good: list[str], bad: list[str]) -> None:
    loaded = QualityModel.load(model_file)
    assert np.array_equal(loaded.score(good + bad), model.score(good + bad))
    assert loaded.info == model.info and loaded.features == model.features


def test_file_carries_its_metadata(model_file: Path) -> None:
    meta = QualityModel.load(model_file).metadata()
    assert meta["format"] == "jingshu-quality-model" and meta["jingshu_version"] == __version__
    assert meta["features"]["max_n"] == 3 and meta["good_sources"] == ["good.txt"]
    assert set(meta["evaluation"]) == {"validation", "test"}
    json.dumps(meta)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such model file"):
        QualityModel.load(tmp_path / "none.npz")


def test_corrupt_file(tmp_path: Path, model_file: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(model_file.read_bytes()[:200])
    with pytest.raises(InputError, match="not a readable jingshu quality model"):
        QualityModel.load(broken)


def test_other_npz_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.npz"
    with other.open("wb") as fh:
        np.savez(fh, weights=np.zeros(4))
    with pytest.raises(InputError, match=str(other)):
        QualityModel.load(other)
    meta = json.dumps({"format": "something-else"}).encode()
    with other.open("wb") as fh:
        np.savez(fh, weights=np.zeros(4), bias=np.zeros(1),
                 metadata=np.frombuffer(meta, dtype=np.uint8))
    with pytest.raises(InputError, match="does not say format"):
        QualityModel.load(other)
