"""A small trained quality model to register as an artefact."""

from __future__ import annotations

from pathlib import Path

from jingshu.corpus.quality import train_quality_model
from tests.corpus.quality.conftest import BAD_PHRASES, FAST, GOOD_PHRASES, make_texts


def quality_model_file(folder: Path) -> Path:
    """Train a tiny model (a second or so) and save it in ``folder``."""
    model = train_quality_model(make_texts(GOOD_PHRASES, 40, seed=1, sep="，"),
                                make_texts(BAD_PHRASES, 40, seed=2, sep=" "), config=FAST,
                                good_sources=("good.txt",), bad_sources=("bad.txt",))
    return model.save(folder / "quality.npz")
