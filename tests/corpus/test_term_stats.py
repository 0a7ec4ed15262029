"""Share of documents containing each term: Python API and chart."""

from __future__ import annotations

import pytest

from jingshu.catalog.service import get_version, open_version
from jingshu.corpus.term_stats import parse_terms, term_stats, term_stats_png
from jingshu.errors import InputError
from jingshu.platform import Platform
from tests.factories import make_dataset

POLICIES = [
    {"id": "p1", "text": "加快人工智能产业发展，人工智能产业集群。"},
    {"id": "p2", "text": "推进数据要素市场化配置。"},
    {"id": "p3", "text": "人工智能产业与数据要素协同。"},
    {"id": "p4", "text": "优化营商环境。"},
    {"id": "p5", "text": "建设人工智能算力中心。"},
]


def test_parse_terms_splits_on_both_commas_and_dedups() -> None:
    assert parse_terms("人工智能产业，数据要素, 人工智能产业,") == ("人工智能产业", "数据要素")
    with pytest.raises(InputError, match="no terms"):
        parse_terms(" , ")


def test_share_counts_each_document_once(platform: Platform) -> None:
    make_dataset(platform, name="policies", rows=POLICIES)
    with platform.session() as s:
        version = get_version(s, "policies")
        result = term_stats(open_version(platform.store, version), version.number,
                            "人工智能产业,数据要素,区块链")
    assert result.documents == 5
    assert [(t.term, t.documents, t.share) for t in result.terms] == [
        ("人工智能产业", 2, 0.4), ("数据要素", 2, 0.4), ("区块链", 0, 0.0)]
    assert term_stats_png(result).startswith(b"\x89PNG")
