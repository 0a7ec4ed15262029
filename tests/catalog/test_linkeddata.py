"""DCAT-AP and Croissant exports: required keys, JSON-serializable, JSON-LD-expandable."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization
from jingshu.catalog.linkeddata import (
    ACCESS_RIGHTS,
    CROISSANT_CONTEXT,
    catalog_dcat,
    croissant_data_type,
    dataset_croissant,
)
from jingshu.catalog.models import Dataset, DatasetVersion, FieldDoc
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.errors import InputError

BASE = "https://data.example.cn"
EU = "http://publications.europa.eu/resource/authority"


def manifest(name: str, shards: int) -> str:
    return json.dumps(
        {
            "format": 1,
            "version_id": f"{name}-id",
            "dataset": name,
            "fields": [
                {"name": "text", "type": "string", "nullable": False},
                {"name": "score", "type": "double", "nullable": True},
                {"name": "tokens", "type": "int64", "nullable": True},
                {"name": "clean", "type": "bool", "nullable": True},
                {"name": "crawled", "type": "timestamp[us, tz=UTC]", "nullable": True},
                {"name": "tags", "type": "list<item: string>", "nullable": True},
            ],
            "rows": 30,
            "bytes": 3000,
            "shards": [
                {"path": f"part-{i:05d}.parquet", "rows": 10, "bytes": 1000, "sha256": f"{i}" * 64}
                for i in range(shards)
            ],
            "creator": "tester",
            "created_at": "2025-01-01T00:00:00Z",
            "parents": [],
            "made_by": {"kind": "import", "source": "a.jsonl", "detail": []},
        },
        ensure_ascii=False,
    )


def add_dataset(
    session: Session, name: str, tier: OpenTier, org: Organization | None, shards: list[int]
) -> Dataset:
    dataset = Dataset(
        name=name,
        title=f"{name} 中文标题",
        description="高质量中文语料",
        organization=org,
        theme="语言",
        keywords=["预训练", "中文"],
        license="CC-BY-4.0",
        languages=["zh"],
        update_frequency="每月",
        open_tier=tier,
        grade=Grade.GENERAL,
        sensitivity=Sensitivity.L1,
    )
    session.add(dataset)
    session.flush()
    for number, count in enumerate(shards, start=1):
        version = DatasetVersion(
            id=f"{name}{number}",
            dataset_id=dataset.id,
            number=number,
            location=f"datasets/{name}/{number}",
            manifest=manifest(name, count),
            rows=10 * count,
            bytes=1000 * count,
            made_by_kind="import",
            made_by_source="a.jsonl",
            creator="tester",
            created_at=datetime(2025, 1, number),
        )
        version.fields = [FieldDoc(position=0, name="text", type="string")]
        session.add(version)
    session.flush()
    session.refresh(dataset)
    return dataset


@pytest.fixture
def catalog(session: Session) -> Session:
    org = Organization(name="sh-data", title="上海市数据局")
    session.add(org)
    add_dataset(session, "corpus", OpenTier.UNCONDITIONAL, org, [1, 3])
    add_dataset(session, "reviews", OpenTier.CONDITIONAL, None, [1])
    add_dataset(session, "secret", OpenTier.NOT_OPEN, org, [])
    return session


def test_dcat_catalog_structure(catalog: Session) -> None:
    doc = catalog_dcat(catalog, BASE + "/", None)
    json.dumps(doc, ensure_ascii=False)
    assert doc["@type"] == "dcat:Catalog"
    assert doc["@context"]["jingshu"] == "https://jingshu.dev/ns#"
    by_name = {d["dct:identifier"]: d for d in doc["dcat:dataset"]}
    assert set(by_name) == {"corpus", "reviews", "secret"}
    corpus = by_name["corpus"]
    for key in [
        "dct:title", "dct:description", "dct:publisher", "dcat:theme", "dcat:keyword",
        "dct:license", "dct:language", "dct:accrualPeriodicity", "dcat:distribution",
        "dct:accessRights", "jingshu:tier", "jingshu:grade",
    ]:  # fmt: skip
        assert key in corpus, key
    assert corpus["dct:publisher"]["@type"] == "foaf:Organization"
    assert corpus["dct:publisher"]["foaf:name"] == "上海市数据局"
    assert corpus["dct:accrualPeriodicity"] == {"@id": f"{EU}/frequency/MONTHLY"}
    assert corpus["dct:language"] == [{"@id": f"{EU}/language/ZHO"}]
    assert corpus["dct:license"] == {"@id": "http://spdx.org/licenses/CC-BY-4.0"}
    assert "dct:publisher" not in by_name["reviews"]


def test_dcat_access_rights_follow_tier(catalog: Session) -> None:
    doc = catalog_dcat(catalog, BASE, None)
    rights = {d["dct:identifier"]: d["dct:accessRights"]["@id"] for d in doc["dcat:dataset"]}
    assert rights == {
        "corpus": f"{EU}/access-right/PUBLIC",
        "reviews": f"{EU}/access-right/RESTRICTED",
        "secret": f"{EU}/access-right/NON_PUBLIC",
    }
    assert set(ACCESS_RIGHTS) == set(OpenTier)


def test_dcat_distribution_per_version(catalog: Session) -> None:
    doc = catalog_dcat(catalog, BASE, None)
    corpus = next(d for d in doc["dcat:dataset"] if d["dct:identifier"] == "corpus")
    v1, v2 = corpus["dcat:distribution"]
    assert v1["dcat:downloadURL"] == {
        "@id": f"{BASE}/api/v1/datasets/corpus/versions/1/download?format=parquet"
    }
    assert v1["dcat:byteSize"]["@value"] == "1000"
    assert v1["dct:issued"]["@value"].startswith("2025-01-01")
    assert v1["spdx:checksum"]["spdx:checksumValue"] == "0" * 64
    assert "spdx:checksum" not in v2
    assert [s["spdx:checksum"]["spdx:checksumValue"] for s in v2["jingshu:shard"]] == [
        "0" * 64,
        "1" * 64,
        "2" * 64,
    ]


def test_dcat_lists_only_visible_tiers(catalog: Session) -> None:
    doc = catalog_dcat(catalog, BASE, frozenset({OpenTier.UNCONDITIONAL}))
    assert [d["dct:identifier"] for d in doc["dcat:dataset"]] == ["corpus"]


@pytest.mark.parametrize(
    ("arrow", "expected"),
    [
        ("string", "sc:Text"),
        ("large_string", "sc:Text"),
        ("int64", "sc:Integer"),
        ("uint8", "sc:Integer"),
        ("double", "sc:Float"),
        ("float", "sc:Float"),
        ("bool", "sc:Boolean"),
        ("timestamp[ns]", "sc:Date"),
        ("date32[day]", "sc:Date"),
        ("list<item: string>", "sc:Text"),
        ("binary", "sc:Text"),
    ],
)
def test_croissant_data_types(arrow: str, expected: str) -> None:
    assert croissant_data_type(arrow) == expected


def croissant_of(session: Session, name: str, number: int) -> dict[str, Any]:
    dataset = session.query(Dataset).filter_by(name=name).one()
    version = next(v for v in dataset.versions if v.number == number)
    return dataset_croissant(dataset, version, BASE)


def test_croissant_single_shard(catalog: Session) -> None:
    doc = croissant_of(catalog, "corpus", 1)
    json.dumps(doc, ensure_ascii=False)
    assert doc["@context"] == CROISSANT_CONTEXT
    assert doc["@type"] == "sc:Dataset"
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    for key in ["name", "description", "license", "url", "distribution", "recordSet"]:
        assert doc[key], key
    (file_object,) = doc["distribution"]
    assert file_object["@type"] == "cr:FileObject"
    assert file_object["encodingFormat"] == "application/x-parquet"
    assert file_object["sha256"] == "0" * 64
    assert file_object["contentUrl"].startswith(f"{BASE}/api/v1/datasets/corpus/versions/1/")
    fields = doc["recordSet"][0]["field"]
    assert [f["dataType"] for f in fields] == [
        "sc:Text", "sc:Float", "sc:Integer", "sc:Boolean", "sc:Date", "sc:Text",
    ]  # fmt: skip
    text = fields[0]
    assert text["@type"] == "cr:Field"
    assert text["source"] == {
        "fileObject": {"@id": "part-00000.parquet"},
        "extract": {"column": "text"},
    }


def test_croissant_several_shards_read_through_a_file_set(catalog: Session) -> None:
    doc = croissant_of(catalog, "corpus", 2)
    types = [d["@type"] for d in doc["distribution"]]
    assert types == ["cr:FileObject"] * 3 + ["cr:FileSet"]
    ids = {d["@id"] for d in doc["distribution"]}
    for field in doc["recordSet"][0]["field"]:
        assert field["source"]["fileSet"]["@id"] in ids


def test_broken_manifest_names_the_version(catalog: Session) -> None:
    dataset = catalog.query(Dataset).filter_by(name="reviews").one()
    dataset.versions[0].manifest = "{not json"
    with pytest.raises(InputError, match="reviews1"):
        dataset_croissant(dataset, dataset.versions[0], BASE)


def test_json_ld_expands_when_pyld_is_installed(catalog: Session) -> None:
    jsonld = pytest.importorskip("pyld.jsonld", reason="pyld is not installed")
    dcat = jsonld.expand(catalog_dcat(catalog, BASE, None))
    assert dcat[0]["@type"] == ["http://www.w3.org/ns/dcat#Catalog"]
    croissant = jsonld.expand(croissant_of(catalog, "corpus", 1))
    assert croissant[0]["@type"] == ["https://schema.org/Dataset"]
