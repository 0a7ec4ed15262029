"""The character 4-gram model behind the scraped-page repairs (jingshu.corpus.ngram)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from jingshu.corpus.ngram import MODEL_PATH, NgramLM, default_ngram, symbols

TEXTS = ["我们去公园玩。", "我们去学校上课。", "他们去公园散步，然后回家。"] * 3


def test_symbols_fold_digits_letters_and_ascii_punctuation() -> None:
    assert symbols("方案, ze要求2024年") == ["方", "案", "，", " ", "a", "要", "求", "0", "年"]


def test_train_normalises_and_prefers_seen_continuations() -> None:
    lm = NgramLM.train(TEXTS, min_count=1, prune=1)
    after = "我们去"
    total = sum(math.exp(lm.candidates(after, [w], "")[0]) for w in lm.vocab[2:])
    assert 0.9 < total <= 1.0 + 1e-9  # what is missing is the start symbol's share
    park, school, home = lm.candidates(after, ["公", "学", "家"], "")
    assert park > home and school > home


def test_save_and_load_keep_the_scores(tmp_path: Path) -> None:
    lm = NgramLM.train(TEXTS, min_count=1, prune=1, meta={"sources": {"test": 1}})
    lm.save(tmp_path / "m.npz")
    back = NgramLM.load(tmp_path / "m.npz")
    assert back.meta["sources"] == {"test": 1}
    want = lm.candidates("他们", ["去", "回", "上"], "公园")
    np.testing.assert_allclose(back.candidates("他们", ["去", "回", "上"], "公园"), want,
                               atol=0.05)  # float16 log-probabilities


def test_shipped_model_names_its_sources_and_none_held_out() -> None:
    assert MODEL_PATH.stat().st_size < 20_000_000
    meta = default_ngram().meta
    assert meta["trained_by"] == "bench/train_repair_lm.py"
    held_out = ("cluecorpus", "thucnews", "drcd", "chnsenticorp", "cluener")
    assert not [s for s in meta["sources"] if any(h in s.lower() for h in held_out)]


@pytest.mark.parametrize(
    ("left", "cands", "right", "want"),
    [
        ("已经被移除，", "以一已", "减少竞争", "以"),  # a syllable after a comma (yi)
        ("他州部分为该", "州馆", "第二大", "州"),  # one GBK byte left
        ("普法尔茨", "州洲", "的一个", "州"),
    ],
)
def test_shipped_model_chooses_in_context(left: str, cands: str, right: str, want: str) -> None:
    scores = default_ngram().candidates(left, list(cands), right)
    assert cands[int(np.argmax(scores))] == want
