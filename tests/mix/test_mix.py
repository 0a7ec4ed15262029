"""Mixing by token share: exact proportions, determinism, lineage, protection."""

from __future__ import annotations

import numpy as np
import pytest

from jingshu.catalog.mixing import mix_datasets, parse_source
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import DatasetSpec, create_dataset, get_version, lineage
from jingshu.errors import InputError, RuleViolation
from jingshu.platform import Platform
from jingshu.tokens import TokenCounter
from tests.factories import make_dataset

NEWS = [f"第{i}条新闻：北京市发布了关于数据要素市场建设的第{i}项措施，涉及{i % 7}个领域。"
        for i in range(300)]
WIKI = [f"词条{i}：长江是中国第一长河，流经{i % 11}个省级行政区，全长约六千三百公里。" * (1 + i % 3)
        for i in range(120)]


def _tokens(texts: list[str]) -> list[int]:
    return TokenCounter().count(texts)


@pytest.fixture
def sources(platform: Platform) -> tuple[str, str]:
    make_dataset(platform, name="news", rows=[{"text": t, "n": i} for i, t in enumerate(NEWS)])
    make_dataset(platform, name="wiki", rows=[{"body": t} for t in WIKI])
    return "news@1", "wiki@1"


def _rows(platform: Platform, name: str) -> list[dict[str, object]]:
    with platform.session() as s:
        v = get_version(s, name)
        return platform.store.open(v.location).head(10**6)


def test_exact_shares_with_up_and_downsampling(platform: Platform,
                                               sources: tuple[str, str]) -> None:
    news_tokens, wiki_tokens = sum(_tokens(NEWS)), sum(_tokens(WIKI))
    budget = 2 * wiki_tokens / 0.4  # wiki (40%) is upsampled twice, news downsampled
    with platform.session() as s:
        result = mix_datasets(s, platform.store, "mixed", ["news@1:0.6", "wiki@1:0.4"],
                              budget, seed=7, creator="test", field=None)
    news, wiki = result.plan.sources
    assert wiki.text_field == "body" and news.text_field == "text"
    assert (wiki.epochs, wiki.partial_rows) == (2, 0)
    assert wiki.realised_tokens == 2 * wiki_tokens
    assert news.epochs == int(0.6 * budget / news_tokens)
    longest = max(_tokens(NEWS))
    assert abs(news.realised_tokens - 0.6 * budget) <= longest / 2 + 1
    rows = _rows(platform, "mixed")
    assert len(rows) == news.realised_rows + wiki.realised_rows
    by_source = {label: sum(_tokens([str(r["text"]) for r in rows if r["source"] == label]))
                 for label in ("news@1", "wiki@1")}
    assert by_source == {"news@1": news.realised_tokens, "wiki@1": wiki.realised_tokens}
    shares = result.plan.shares()
    assert shares["wiki@1"] == pytest.approx(0.4, abs=longest / budget)
    wiki_rows = [str(r["text"]) for r in rows if r["source"] == "wiki@1"]
    assert sorted(wiki_rows) == sorted(WIKI * 2)


def test_same_seed_same_rows_other_seed_other_rows(platform: Platform,
                                                   sources: tuple[str, str]) -> None:
    budget = sum(_tokens(NEWS)) / 2
    outputs = []
    for name, seed in (("m1", 7), ("m2", 7), ("m3", 8)):
        with platform.session() as s:
            mix_datasets(s, platform.store, name, ["news@1:1"], budget, seed=seed,
                         creator="test")
        outputs.append([r["text"] for r in _rows(platform, name)])
    assert outputs[0] == outputs[1]
    assert outputs[0] != outputs[2]
    assert 0 < len(outputs[0]) < len(NEWS)
    assert len(set(outputs[0])) == len(outputs[0])  # a partial epoch repeats no row


def test_lineage_and_protection(platform: Platform) -> None:
    make_dataset(platform, name="open", rows=[{"text": t} for t in NEWS[:50]])
    make_dataset(platform, name="closed", tier=OpenTier.CONDITIONAL,
                 rows=[{"text": t} for t in NEWS[50:100]])
    with platform.session() as s:
        result = mix_datasets(s, platform.store, "both", ["open@1:0.5", "closed@1:0.5"],
                              2000, creator="test")
        v = result.version
        assert v.dataset.open_tier is OpenTier.CONDITIONAL
        parents = {(n.dataset, n.number) for n in lineage(s, v).nodes}
        assert {("open", 1), ("closed", 1)} <= parents
        assert set(platform.store.open(v.location).manifest.parents) == {
            get_version(s, "open", 1).id, get_version(s, "closed", 1).id}
        assert "realised share" in v.dataset.description
    with platform.session() as s:
        create_dataset(s, DatasetSpec(name="leaky", title="leaky"), actor="test")
    with platform.session() as s, pytest.raises(RuleViolation, match="lineage carries"):
        mix_datasets(s, platform.store, "leaky", ["closed@1:1"], 1000, creator="test")


def test_bad_sources(platform: Platform) -> None:
    with pytest.raises(InputError, match="NAME@VERSION:WEIGHT"):
        parse_source("news@1")
    make_dataset(platform, name="nn", rows=[{"text": t} for t in NEWS[:5]])
    with platform.session() as s, pytest.raises(InputError, match="must be above 0"):
        mix_datasets(s, platform.store, "oo", ["nn@1:0"], 100, creator="test")
    with platform.session() as s, pytest.raises(InputError, match="no field 'x'"):
        mix_datasets(s, platform.store, "oo", ["nn@1:1"], 100, creator="test", field="x")


def test_order_keys_differ_by_source_label() -> None:
    from jingshu.mix.plan import _order_keys

    assert not np.array_equal(_order_keys(7, "a@1", 50), _order_keys(7, "b@1", 50))
    assert np.array_equal(_order_keys(7, "a@1", 50), _order_keys(7, "a@1", 50))
