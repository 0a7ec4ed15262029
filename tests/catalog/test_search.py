"""Chinese-first search: tokenizer, index and queries on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization
from jingshu.catalog import search as search_module
from jingshu.catalog.models import Dataset, DatasetVersion, FieldDoc, SearchEntry
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.search import (
    SearchFilters,
    dataset_field_names,
    index_text,
    query_tokens,
    reindex,
    search,
    tokenize,
)

ALL = SearchFilters()
T0 = datetime(2025, 1, 1)


def make_dataset(
    session: Session,
    name: str,
    title: str,
    *,
    org: Organization | None = None,
    description: str = "",
    keywords: tuple[str, ...] = (),
    theme: str = "",
    modality: Modality = Modality.TEXT,
    tier: OpenTier = OpenTier.UNCONDITIONAL,
    fields: tuple[str, ...] = (),
    updated: int = 0,
) -> Dataset:
    """A dataset with one version whose data dictionary has ``fields``, indexed."""
    dataset = Dataset(
        name=name,
        title=title,
        description=description,
        organization=org,
        keywords=list(keywords),
        theme=theme,
        modality=modality,
        open_tier=tier,
        grade=Grade.GENERAL,
        sensitivity=Sensitivity.L1 if tier is OpenTier.UNCONDITIONAL else Sensitivity.L2,
        updated_at=T0 + timedelta(days=updated),
    )
    session.add(dataset)
    session.flush()
    version = DatasetVersion(
        id=f"{name[:24]}v1",
        dataset_id=dataset.id,
        number=1,
        location=f"datasets/{name}/v1",
        manifest=json.dumps({"fields": [{"name": f, "type": "string"} for f in fields]}),
        rows=10,
        bytes=100,
        made_by_kind="import",
        made_by_source="test.jsonl",
        creator="tester",
    )
    version.fields = [FieldDoc(position=i, name=f, type="string") for i, f in enumerate(fields)]
    session.add(version)
    session.flush()
    session.refresh(dataset)
    reindex(session, dataset, dataset_field_names(dataset))
    return dataset


@pytest.fixture
def catalog(session: Session) -> Session:
    """Five datasets from two publishers, of different tiers, themes and modalities."""
    city = Organization(name="sh-data", title="上海市数据局")
    lab = Organization(name="ai-lab", title="人工智能实验室")
    session.add_all([city, lab])
    make_dataset(
        session,
        "hq-zh-corpus",
        "高质量中文语料",
        org=lab,
        description="经过清洗和去重的中文网页文本",
        keywords=("预训练", "LLM"),
        theme="语言",
        fields=("text", "url"),
        updated=1,
    )
    make_dataset(
        session,
        "product-reviews",
        "商品评论数据集",
        org=lab,
        description="电商平台的用户评论与评分",
        keywords=("情感分析",),
        theme="语言",
        tier=OpenTier.CONDITIONAL,
        fields=("review_text", "rating"),
        updated=2,
    )
    make_dataset(
        session,
        "traffic-flow",
        "城市交通流量",
        org=city,
        description="路口每小时车流量统计",
        keywords=("交通", "时空数据"),
        theme="交通",
        modality=Modality.TABULAR,
        fields=("crossing_id", "hour", "vehicles"),
        updated=3,
    )
    make_dataset(
        session,
        "street-images",
        "街景图像",
        org=city,
        description="城市道路街景照片",
        keywords=("计算机视觉",),
        theme="交通",
        modality=Modality.IMAGE,
        tier=OpenTier.NOT_OPEN,
        fields=("image", "label"),
        updated=4,
    )
    make_dataset(
        session,
        "medical-qa",
        "醫療問答語料",
        org=lab,
        description="医生与患者的问答对",
        keywords=("医疗", "SFT"),
        theme="医疗",
        tier=OpenTier.CONDITIONAL,
        fields=("question", "answer"),
        updated=5,
    )
    return session


def names(session: Session, q: str, filters: SearchFilters = ALL) -> list[str]:
    hits, total = search(session, q, filters)
    assert total == len(hits)
    return [hit.name for hit in hits]


# -- tokenizer --------------------------------------------------------------------------


def test_tokenize_cjk_gives_unigrams_and_overlapping_bigrams() -> None:
    assert tokenize("中文语料") == ["中", "中文", "文", "文语", "语", "语料", "料"]


def test_tokenize_latin_words_split_on_non_alphanumerics_and_lowercased() -> None:
    assert tokenize("Review_Text, GPT-4o!") == ["review", "text", "gpt", "4o"]


def test_tokenize_folds_full_width_and_traditional() -> None:
    assert tokenize("ＡＢＣ１２３") == ["abc123"]
    assert tokenize("語料") == tokenize("语料")


def test_tokenize_splits_between_scripts() -> None:
    assert tokenize("LLM训练2024年") == ["llm", "训", "训练", "练", "2024", "年"]


def test_tokenize_empty_and_punctuation_only() -> None:
    assert tokenize("") == []
    assert tokenize("，。！？ ... ---") == []


def test_query_tokens_use_bigrams_only_for_runs() -> None:
    assert query_tokens("中文语料") == ["中文", "文语", "语料"]
    assert query_tokens("语") == ["语"]
    assert query_tokens("語料 review review") == ["语料", "review"]


def test_long_words_are_cut_alike_in_index_and_query() -> None:
    word = "x" * 200
    assert tokenize(word) == query_tokens(word) == ["x" * search_module.MAX_TOKEN_CHARS]


def test_index_text_covers_metadata_org_and_fields(catalog: Session) -> None:
    dataset = catalog.query(Dataset).filter_by(name="product-reviews").one()
    tokens = index_text(dataset, dataset_field_names(dataset)).split()
    for expected in ["商品", "评论", "电商", "情感", "语言", "人工", "review", "rating"]:
        assert expected in tokens


# -- search -----------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["语料", "中文语料", "語料", "高质量", "  中文語料  "])
def test_finds_chinese_title_by_word_phrase_and_traditional(catalog: Session, q: str) -> None:
    assert names(catalog, "中文语料") == ["hq-zh-corpus"]
    assert "hq-zh-corpus" in names(catalog, q)


def test_traditional_title_found_by_simplified_query(catalog: Session) -> None:
    assert names(catalog, "医疗问答") == ["medical-qa"]


def test_语料_matches_both_corpora(catalog: Session) -> None:
    assert set(names(catalog, "语料")) == {"hq-zh-corpus", "medical-qa"}


def test_finds_by_field_name(catalog: Session) -> None:
    assert names(catalog, "review_text") == ["product-reviews"]
    assert names(catalog, "vehicles") == ["traffic-flow"]


def test_finds_by_keyword_description_and_organization(catalog: Session) -> None:
    assert names(catalog, "情感分析") == ["product-reviews"]
    assert names(catalog, "llm") == ["hq-zh-corpus"]
    assert names(catalog, "每小时车流量") == ["traffic-flow"]
    assert set(names(catalog, "上海市数据局")) == {"traffic-flow", "street-images"}


def test_does_not_find_unrelated_queries(catalog: Session) -> None:
    assert names(catalog, "天气预报") == []
    assert names(catalog, "blockchain") == []
    assert names(catalog, "语料 blockchain") == []  # every token must match


def test_query_with_fts_syntax_is_harmless(catalog: Session) -> None:
    for q in ['"', 'review" OR "x', "NEAR(review rating)", "review*", "a:b", "(", "^-+"]:
        search(catalog, q, ALL)
    assert names(catalog, 'rating" OR "nothing') == []
    assert names(catalog, "NOT review_text") == []


def test_empty_query_lists_all_by_update_time(catalog: Session) -> None:
    expected = ["medical-qa", "street-images", "traffic-flow", "product-reviews", "hq-zh-corpus"]
    assert names(catalog, "") == expected
    assert names(catalog, "，。") == expected


def test_filters(catalog: Session) -> None:
    assert names(catalog, "", SearchFilters(tier=OpenTier.CONDITIONAL)) == [
        "medical-qa",
        "product-reviews",
    ]
    assert names(catalog, "", SearchFilters(theme="交通")) == ["street-images", "traffic-flow"]
    assert names(catalog, "", SearchFilters(modality=Modality.IMAGE)) == ["street-images"]
    in_lab = set(names(catalog, "语料", SearchFilters(organization="ai-lab")))
    assert in_lab == {"hq-zh-corpus", "medical-qa"}
    assert names(catalog, "语料", SearchFilters(organization="sh-data")) == []
    assert names(catalog, "", SearchFilters(organization="nobody")) == []


def test_visible_tiers_hide_what_the_viewer_may_not_list(catalog: Session) -> None:
    public = SearchFilters(visible_tiers=frozenset({OpenTier.UNCONDITIONAL}))
    assert names(catalog, "", public) == ["traffic-flow", "hq-zh-corpus"]
    assert names(catalog, "语料", public) == ["hq-zh-corpus"]
    assert names(catalog, "", SearchFilters(visible_tiers=frozenset())) == []


def test_paging_and_total(catalog: Session) -> None:
    hits, total = search(catalog, "", ALL, limit=2, offset=1)
    assert total == 5
    assert [h.name for h in hits] == ["street-images", "traffic-flow"]


def test_ranks_better_match_first(catalog: Session) -> None:
    hits, _ = search(catalog, "语料", ALL)
    assert hits[0].score >= hits[-1].score
    assert all(isinstance(h.score, float) and h.dataset_id > 0 for h in hits)


def test_reindex_updates_entry(catalog: Session) -> None:
    dataset = catalog.query(Dataset).filter_by(name="traffic-flow").one()
    dataset.title = "城市交通流量与天气"
    reindex(catalog, dataset, ["weather_code"])
    assert names(catalog, "天气") == ["traffic-flow"]
    assert names(catalog, "weather_code") == ["traffic-flow"]
    assert names(catalog, "vehicles") == []
    assert catalog.query(SearchEntry).count() == 5


def test_deleting_dataset_removes_it_from_search(catalog: Session) -> None:
    dataset = catalog.query(Dataset).filter_by(name="traffic-flow").one()
    catalog.delete(catalog.get(SearchEntry, dataset.id))
    catalog.delete(dataset)
    catalog.flush()
    assert names(catalog, "交通流量") == []
