"""Quality profiles in the linked-data exports: DQV measurements in DCAT and Croissant,
field descriptions in Croissant (checked by mlcroissant), row content only for readers
who may download, as the profile route."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.factories import make_dataset, make_org, make_user
from tests.web.helpers import API, as_role

from jingshu.accounts.models import Role
from jingshu.catalog.linkeddata import catalog_dcat, dataset_croissant
from jingshu.catalog.quality import exported_profile, version_profile
from jingshu.catalog.quality_ld import DQV_NS, METRICS, measurements
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import get_version
from jingshu.platform import Platform
from jingshu.web.app import create_app

BASE = "https://data.example.cn"
TEXTS = ["北京市数据要素市场建设稳步推进。", "高质量中文语料库。",
         "北京市数据要素市场建设稳步推进。", "联系电话13912345678，请回电。"]
ROWS = [{"text": t, "label": lab, "stars": i}
        for i, (t, lab) in enumerate(zip(TEXTS, ["新闻", "百科", "新闻", "私信"], strict=True))]


def _profiled(platform: Platform, name: str = "news", **spec: Any) -> None:
    make_dataset(platform, name=name, rows=ROWS, **spec)
    with platform.session() as s:
        version_profile(platform.store, get_version(s, name, 1))  # stored beside the manifest


def _values(nodes: list[dict[str, Any]], metric: str, field: str | None = None) -> list[Any]:
    return [n["dqv:value"]["@value"] for n in nodes
            if n["dqv:isMeasurementOf"]["@id"] == f"jingshu:{metric}"
            and n.get("jingshu:field") == field]


def test_every_measurement_names_a_defined_metric(platform: Platform) -> None:
    _profiled(platform)
    with platform.session() as s:
        profile = exported_profile(platform.store, get_version(s, "news", 1), row_content=True)
    assert profile is not None
    found = measurements(profile)
    assert {m.metric for m in found} <= {m.name for m in METRICS}
    assert ("rowCount", 4, None) in [(m.metric, m.value, m.field) for m in found]


def test_dcat_distribution_carries_dqv_measurements(platform: Platform) -> None:
    _profiled(platform)
    make_dataset(platform, name="unprofiled")  # its profile job has not run: no figures
    with platform.session() as s:
        doc = catalog_dcat(s, BASE, None, lambda v: exported_profile(
            platform.store, v, row_content=False))
    assert doc["@context"]["dqv"] == DQV_NS
    by_name = {d["dct:identifier"]: d for d in doc["dcat:dataset"]}
    (dist,) = by_name["news"]["dcat:distribution"]
    nodes = dist["dqv:hasQualityMeasurement"]
    assert {n["@type"] for n in nodes} == {"dqv:QualityMeasurement"}
    assert {n["dqv:computedOn"]["@id"] for n in nodes} == {dist["@id"]}
    assert _values(nodes, "rowCount") == ["4"]
    assert _values(nodes, "exactDuplicateRate", "text") == ["0.25"]  # 1 of 4 repeats
    assert _values(nodes, "characterCount", "text") == [str(sum(len(t) for t in TEXTS))]
    assert _values(nodes, "nullRate", "stars") == ["0.0"]
    assert len(_values(nodes, "tokenCount", "text")) == 1
    assert [n["jingshu:piiType"] for n in nodes if "jingshu:piiType" in n]  # the phone number
    assert _values(nodes, "frequentValues", "label") == []  # row content: not without it
    assert "dqv:hasQualityMeasurement" not in by_name["unprofiled"]["dcat:distribution"][0]
    metrics = {m["@id"]: m for m in doc["jingshu:qualityMetric"]}
    assert metrics["jingshu:rowCount"]["dqv:inDimension"]["@type"] == "dqv:Dimension"
    used = {n["dqv:isMeasurementOf"]["@id"] for n in nodes}
    assert used == set(metrics)


def test_dcat_with_dqv_is_rdf(platform: Platform) -> None:
    rdflib = pytest.importorskip("rdflib", reason="rdflib is not installed")
    _profiled(platform)
    with platform.session() as s:
        doc = catalog_dcat(s, BASE, None, lambda v: exported_profile(
            platform.store, v, row_content=True))
    graph = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    dqv = rdflib.Namespace(DQV_NS)
    measured = list(graph.subjects(rdflib.RDF.type, dqv.QualityMeasurement))
    assert len(measured) == len(doc["dcat:dataset"][0]["dcat:distribution"][0][
        "dqv:hasQualityMeasurement"])
    rows = rdflib.URIRef("https://jingshu.dev/ns#rowCount")
    values = {graph.value(m, dqv.value).toPython() for m in measured
              if graph.value(m, dqv.isMeasurementOf) == rows}
    assert 4 in values
    assert (rows, rdflib.RDF.type, dqv.Metric) in graph


def test_croissant_fields_describe_their_profile_and_mlcroissant_validates(
    platform: Platform,
) -> None:
    mlc = pytest.importorskip("mlcroissant", reason="mlcroissant is not installed")
    _profiled(platform)
    with platform.session() as s:
        version = get_version(s, "news", 1)
        profile = exported_profile(platform.store, version, row_content=True)
        doc = dataset_croissant(version.dataset, version, BASE, None, profile)
    fields = {f["name"]: f for f in doc["recordSet"][0]["field"]}
    assert "4 rows, 0 null" in fields["text"]["description"]
    assert "exact duplicates 25.00%" in fields["text"]["description"]
    assert "distinct" in fields["label"]["description"]
    nodes = doc["dqv:hasQualityMeasurement"]
    assert {n["dqv:computedOn"]["@id"] for n in nodes} >= {"default", "default/text"}
    top = _values(nodes, "frequentValues", "label")  # the reader may download
    assert top and top[0][0] == {"value": "新闻", "count": 2}
    dataset = mlc.Dataset(jsonld=json.loads(json.dumps(doc)))  # raises on any error
    assert not dataset.metadata.ctx.issues.errors
    assert not [w for w in dataset.metadata.ctx.issues.warnings if "citeAs" not in w]
    (record_set,) = dataset.metadata.record_sets
    assert "characters per token" in next(
        f.description for f in record_set.fields if f.name == "text")


def test_http_shows_row_content_only_to_who_may_download(platform: Platform) -> None:
    org = make_org(platform)
    _profiled(platform, organization=org.name, tier=OpenTier.CONDITIONAL)
    publisher = as_role(platform, Role.PUBLISHER, organization=org.name)
    with TestClient(create_app(platform)) as client:
        url = f"{API}/datasets/news/versions/1/croissant"
        owner = client.get(url, headers=publisher).json()
        anonymous = client.get(url).json()
        catalog_owner = client.get(f"{API}/catalog/dcat", headers=publisher).json()
        catalog_anonymous = client.get(f"{API}/catalog/dcat").json()
    assert _values(owner["dqv:hasQualityMeasurement"], "frequentValues", "label")
    assert _values(anonymous["dqv:hasQualityMeasurement"], "frequentValues", "label") == []
    assert _values(anonymous["dqv:hasQualityMeasurement"], "rowCount") == ["4"]
    assert "新闻" not in json.dumps(anonymous, ensure_ascii=False)
    dist = catalog_owner["dcat:dataset"][0]["dcat:distribution"][0]
    assert _values(dist["dqv:hasQualityMeasurement"], "frequentValues", "label")
    dist = catalog_anonymous["dcat:dataset"][0]["dcat:distribution"][0]
    assert _values(dist["dqv:hasQualityMeasurement"], "frequentValues", "label") == []
    assert "新闻" not in json.dumps(catalog_anonymous, ensure_ascii=False)


def test_cli_exports_row_content_only_when_asked(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from jingshu.cli.main import cli

    monkeypatch.setenv("JINGSHU_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("JINGSHU_SECRET_KEY", "test-secret")
    _profiled(platform)
    home = ["--home", str(platform.settings.home), "catalog"]
    plain = CliRunner().invoke(cli, [*home, "croissant", "news", "--base-url", BASE])
    full = CliRunner().invoke(cli, [*home, "croissant", "news", "--row-content"])
    dcat = CliRunner().invoke(cli, [*home, "dcat", "--no-row-content"])
    assert plain.exit_code == 0 and full.exit_code == 0 and dcat.exit_code == 0, dcat.output
    nodes = json.loads(plain.stdout)["dqv:hasQualityMeasurement"]
    assert _values(nodes, "frequentValues", "label") == []
    assert _values(json.loads(full.stdout)["dqv:hasQualityMeasurement"], "frequentValues",
                   "label")
    dist = json.loads(dcat.stdout)["dcat:dataset"][0]["dcat:distribution"][0]
    assert _values(dist["dqv:hasQualityMeasurement"], "rowCount") == ["4"]


def test_the_facade_gives_the_documents_as_the_api(platform: Platform) -> None:
    from jingshu.facade import Client

    org = make_org(platform)
    _profiled(platform, organization=org.name, tier=OpenTier.CONDITIONAL)
    outsider = Client(platform, make_user(platform, name="carol").username)
    operator = Client(platform)
    doc = operator.dataset("news@1").croissant(BASE)
    assert _values(doc["dqv:hasQualityMeasurement"], "frequentValues", "label")
    seen = outsider.dataset("news@1").croissant(BASE)  # may view, not download
    assert _values(seen["dqv:hasQualityMeasurement"], "frequentValues", "label") == []
    assert "新闻" not in json.dumps(seen, ensure_ascii=False)
    dist = operator.dcat(BASE)["dcat:dataset"][0]["dcat:distribution"][0]
    assert _values(dist["dqv:hasQualityMeasurement"], "frequentValues", "label")
    hidden = outsider.dcat(BASE)["dcat:dataset"][0]["dcat:distribution"][0]
    assert _values(hidden["dqv:hasQualityMeasurement"], "rowCount") == ["4"]
    assert _values(hidden["dqv:hasQualityMeasurement"], "frequentValues", "label") == []


def test_a_damaged_or_older_profile_exports_no_figures(platform: Platform) -> None:
    from jingshu.profiles.profile import PROFILE_SIDECAR

    _profiled(platform)
    with platform.session() as s:
        version = get_version(s, "news", 1)
        stored = platform.store.open(version.location)
        for broken in (b"{not json", b'{"format": 0}'):
            stored.write_sidecar(PROFILE_SIDECAR, broken)
            assert exported_profile(platform.store, version, row_content=True) is None
            doc = catalog_dcat(s, BASE, None, lambda v: exported_profile(
                platform.store, v, row_content=True))
            assert "dqv:hasQualityMeasurement" not in doc["dcat:dataset"][0][
                "dcat:distribution"][0]
