"""Facets: counts per value over all datasets matching a search; the new filters."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.catalog.test_search import catalog  # noqa: F401  (the five-dataset fixture)

from jingshu.catalog.facets import FACET_FIELDS, FacetItem, facets
from jingshu.catalog.models import Dataset, Resource
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.search import SearchFilters, search
from jingshu.errors import InputError

ALL = SearchFilters()


def counts(found: dict[str, list[FacetItem]], field: str) -> dict[str, int]:
    return {item.value: item.count for item in found[field]}


def names(session: Session, filters: SearchFilters, q: str = "") -> set[str]:
    return {h.name for h in search(session, q, filters, limit=100)[0]}


def test_counts_every_facet_over_all_matches(catalog: Session) -> None:  # noqa: F811
    found = facets(catalog, "", ALL)
    assert set(found) == set(FACET_FIELDS)
    assert counts(found, "tier") == {"unconditional": 2, "conditional": 2, "not_open": 1}
    assert counts(found, "theme") == {"语言": 2, "交通": 2, "医疗": 1}
    assert counts(found, "organization") == {"ai-lab": 3, "sh-data": 2}
    assert {i.label for i in found["organization"]} == {"人工智能实验室", "上海市数据局"}
    assert counts(found, "modality") == {"text": 3, "tabular": 1, "image": 1}
    assert counts(found, "tag")["交通"] == 1 and sum(counts(found, "tag").values()) == 8
    assert counts(found, "format") == {"JSONL": 5, "PARQUET": 5, "CSV": 5}
    assert found["tier"][0].count >= found["tier"][-1].count  # most first


def test_counts_follow_the_query_and_filters(catalog: Session) -> None:  # noqa: F811
    lang = facets(catalog, "", SearchFilters(theme="语言"))
    assert counts(lang, "tier") == {"unconditional": 1, "conditional": 1}
    assert counts(facets(catalog, "交通", ALL), "theme") == {"交通": 2}
    assert facets(catalog, "没有这种东西", ALL)["tier"] == []


def test_grade_and_level_filter_and_count(catalog: Session) -> None:  # noqa: F811
    street = catalog.query(Dataset).filter_by(name="street-images").one()
    street.grade, street.sensitivity = Grade.IMPORTANT, Sensitivity.L3
    catalog.flush()
    assert names(catalog, SearchFilters(grade=Grade.IMPORTANT)) == {"street-images"}
    assert "street-images" not in names(catalog, SearchFilters(grade=Grade.GENERAL))
    assert names(catalog, SearchFilters(sensitivity=Sensitivity.L3)) == {"street-images"}
    found = facets(catalog, "", ALL)
    assert counts(found, "grade") == {"general": 4, "important": 1}
    assert counts(found, "sensitivity")["L3"] == 1


def test_tag_licence_and_format_filters(catalog: Session) -> None:  # noqa: F811
    assert names(catalog, SearchFilters(tag="交通")) == {"traffic-flow"}
    assert names(catalog, SearchFilters(tag="没有")) == set()
    medical = catalog.query(Dataset).filter_by(name="medical-qa").one()
    medical.license = "CC-BY-4.0"
    catalog.add(Resource(dataset_id=medical.id, title="接口说明", url="https://x.cn/a.pdf",
                         format="pdf"))
    catalog.flush()
    assert names(catalog, SearchFilters(license="CC-BY-4.0")) == {"medical-qa"}
    assert names(catalog, SearchFilters(format="PDF")) == {"medical-qa"}
    assert len(names(catalog, SearchFilters(format="csv"))) == 5
    assert names(catalog, SearchFilters(format="xlsx")) == set()
    found = facets(catalog, "", ALL)
    assert counts(found, "license") == {"CC-BY-4.0": 1}
    assert counts(found, "format")["PDF"] == 1
    assert names(catalog, SearchFilters(tier=OpenTier.CONDITIONAL, tag="医疗")) == {"medical-qa"}


def test_sort_orders_and_refuses_unknown(catalog: Session) -> None:  # noqa: F811
    hits, _ = search(catalog, "", ALL, sort="name")
    assert [h.name for h in hits] == sorted(h.name for h in hits)
    with pytest.raises(InputError, match="sort 'size'"):
        search(catalog, "", ALL, sort="size")
