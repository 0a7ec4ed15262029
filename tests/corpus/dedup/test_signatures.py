"""MinHash signatures estimate Jaccard similarity; normalization makes variants equal."""

from __future__ import annotations

import random

import numpy as np

from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.normalize import normalize_for_hash, strip_boilerplate
from jingshu.corpus.dedup.signatures import EMPTY, band_keys, minhash_signatures, shingle_hashes

BASE = "".join(chr(0x4E00 + random.Random(3).randrange(2000)) for _ in range(600))


def _jaccard(a: str, b: str, n: int = 5) -> float:
    sa = {a[i : i + n] for i in range(len(a) - n + 1)}
    sb = {b[i : i + n] for i in range(len(b) - n + 1)}
    return len(sa & sb) / len(sa | sb)


def test_normalization_equates_width_script_punctuation_and_spaces() -> None:
    a = normalize_for_hash("臺灣的ＡＢＣ，今天天氣很好。\n\n  新聞&nbsp;報道！")
    b = normalize_for_hash("台湾的abc,今天天气很好.\n新闻 报道!")
    assert "".join(a) == "".join(b) == "台湾的abc今天天气很好新闻报道"


def test_boilerplate_lines_dropped_long_lines_kept() -> None:
    text = "责任编辑：王磊\n" + "正文" * 40 + "\n来源：新华网"
    assert strip_boilerplate(text) == "正文" * 40


def test_signature_agreement_estimates_jaccard() -> None:
    config = NearDedupConfig(num_perm=256)
    rnd = random.Random(5)
    for cut in (30, 120, 300):
        other = BASE[cut:] + "".join(chr(0x4E00 + rnd.randrange(2000)) for _ in range(cut))
        sig = minhash_signatures([BASE, other], config)
        estimate = float((sig[0] == sig[1]).mean())
        assert abs(estimate - _jaccard(BASE, other)) < 0.1


def test_identical_texts_same_signature_and_band_keys() -> None:
    config = NearDedupConfig()
    sig = minhash_signatures([BASE, "别的内容" * 10, BASE], config)
    assert (sig[0] == sig[2]).all() and not (sig[0] == sig[1]).all()
    keys = band_keys(sig, config)
    assert (keys[0] == keys[2]).all()


def test_batching_does_not_change_signatures() -> None:
    config = NearDedupConfig()
    texts = [BASE[i : i + 50 + i] for i in range(0, 300, 7)]
    together = minhash_signatures(texts, config)
    alone = np.vstack([minhash_signatures([t], config) for t in texts])
    assert (together == alone).all()


def test_short_and_empty_texts() -> None:
    config = NearDedupConfig()
    hashes, counts = shingle_hashes(["", "ab", "abcdef"], config)
    assert counts.tolist() == [0, 1, 2] and len(hashes) == 3
    sig = minhash_signatures(["", "ab"], config)
    assert (sig[0] == EMPTY).all() and (sig[1] != EMPTY).all()
    assert (band_keys(sig, config)[0] == 0).all()


def test_seed_changes_hashes() -> None:
    a = minhash_signatures([BASE], NearDedupConfig(seed=1))
    b = minhash_signatures([BASE], NearDedupConfig(seed=2))
    assert not (a == b).all()


def test_word_shingles() -> None:
    config = NearDedupConfig(unit="word", ngram=2)
    _, counts = shingle_hashes(["the quick brown fox", "x"], config)
    assert counts.tolist() == [3, 1]
