"""/api/v1/datasets/{name}/versions: upload, manifest, preview, download, dictionary, lineage."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import OpenTier
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, Headers, as_role, error_of

ROWS = [{"id": f"n{i}", "text": t} for i, t in enumerate(["北京发布人工智能政策。",
                                                         "上海建设数据交易所。",
                                                         "深圳开放公共数据。"])]


def _jsonl(rows: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


def _publisher_of_new_dataset(platform: Platform, name: str = "news",
                              tier: OpenTier = OpenTier.UNCONDITIONAL) -> Headers:
    org = make_org(platform)
    make_dataset(platform, name=name, organization=org.name, tier=tier)
    return as_role(platform, Role.PUBLISHER, organization=org.name)


def _upload(client: TestClient, headers: Headers, data: bytes, filename: str = "news.jsonl",
            name: str = "news") -> object:
    return client.post(f"{API}/datasets/{name}/versions", headers=headers,
                       files={"file": (filename, data, "application/octet-stream")})


def test_upload_jsonl_adds_a_version(platform: Platform, client: TestClient) -> None:
    headers = _publisher_of_new_dataset(platform)
    response = client.post(f"{API}/datasets/news/versions", headers=headers,
                           files={"file": ("新闻.jsonl", _jsonl(ROWS), "application/jsonl")})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["number"] == 2 and body["rows"] == 3
    assert body["made_by"] == "import:新闻.jsonl"
    versions = client.get(f"{API}/datasets/news/versions").json()
    assert [(v["number"], v["rows"]) for v in versions] == [(1, 3), (2, 3)]
    preview = client.get(f"{API}/datasets/news/versions/2/preview").json()
    assert preview["rows"] == ROWS


def test_version_manifest_has_fields_shards_and_parents(platform: Platform,
                                                        client: TestClient) -> None:
    headers = _publisher_of_new_dataset(platform)
    first = client.get(f"{API}/datasets/news/versions/1").json()
    assert _upload(client, headers, _jsonl(ROWS)).status_code == 201  # type: ignore[attr-defined]
    latest = client.get(f"{API}/datasets/news/versions/latest")
    assert latest.status_code == 200
    body = latest.json()
    assert body["number"] == 2
    assert [(f["name"], f["type"]) for f in body["fields"]] == [("id", "string"),
                                                               ("text", "string")]
    assert sum(s["rows"] for s in body["shards"]) == 3
    assert all(len(s["sha256"]) == 64 for s in body["shards"])
    assert body["parents"] == [{"dataset": "news", "number": 1,
                                "version_id": first["version_id"]}]


def test_malformed_jsonl_is_400_naming_the_line(platform: Platform, client: TestClient) -> None:
    headers = _publisher_of_new_dataset(platform)
    data = _jsonl(ROWS[:1]) + b'{"id": "n9", "text": \n'
    response = _upload(client, headers, data)
    assert response.status_code == 400  # type: ignore[attr-defined]
    message = str(error_of(response)["message"])
    assert "news.jsonl line 2" in message and "invalid JSON" in message
    assert "jingshu-upload" not in message  # names the upload, not the server's temp path


def test_other_schema_is_400_naming_the_field_and_writes_nothing(platform: Platform,
                                                                 client: TestClient) -> None:
    headers = _publisher_of_new_dataset(platform)
    stored_before = platform.store.locations()
    other = [{"id": "x1", "text": "文本", "label": "体育"}]
    response = _upload(client, headers, _jsonl(other))
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "label" in str(error_of(response)["message"])
    assert len(client.get(f"{API}/datasets/news/versions").json()) == 1
    assert platform.store.locations() == stored_before


def test_unknown_extension_is_400(platform: Platform, client: TestClient) -> None:
    headers = _publisher_of_new_dataset(platform)
    response = _upload(client, headers, b"abc", filename="news.docx")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "unknown file type" in str(error_of(response)["message"])


def test_oversized_upload_is_413(platform: Platform) -> None:
    small = Platform(platform.settings.model_copy(update={"max_upload_mb": 1}), migrate=False)
    try:
        with TestClient(create_app(small)) as client:
            response = client.post(f"{API}/datasets/news/versions",
                                   files={"file": ("big.jsonl", b"x" * (2 * 2**20))})
    finally:
        small.close()
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "too_large"
    assert "1 MiB" in str(error["message"])


def test_preview_limit(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="many", rows=[{"i": i} for i in range(50)])
    response = client.get(f"{API}/datasets/many/versions/latest/preview?limit=5")
    assert response.status_code == 200
    assert response.json()["columns"] == ["i"]
    assert response.json()["rows"] == [{"i": i} for i in range(5)]
    assert len(client.get(f"{API}/datasets/many/versions/1/preview").json()["rows"]) == 20
    assert client.get(f"{API}/datasets/many/versions/1/preview?limit=0").status_code == 400


def test_download_jsonl_round_trips(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="news", rows=ROWS)
    response = client.get(f"{API}/datasets/news/versions/latest/download?format=jsonl")
    assert response.status_code == 200
    assert 'filename="news-v1.jsonl"' in response.headers["content-disposition"]
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert rows == ROWS
    assert "北京" in response.content.decode("utf-8")  # not \\u-escaped


def test_download_parquet_round_trips(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="news", rows=ROWS)
    response = client.get(f"{API}/datasets/news/versions/1/download?format=parquet")
    assert response.status_code == 200
    assert 'filename="news-v1.parquet"' in response.headers["content-disposition"]
    assert pq.read_table(io.BytesIO(response.content)).to_pylist() == ROWS
    bad = client.get(f"{API}/datasets/news/versions/1/download?format=xlsx")
    assert bad.status_code == 400


def test_dictionary_edit(platform: Platform, client: TestClient) -> None:
    headers = _publisher_of_new_dataset(platform)
    edited = client.put(f"{API}/datasets/news/versions/1/dictionary/text",
                        json={"description": "新闻正文"}, headers=headers)
    assert edited.status_code == 200, edited.text
    assert edited.json() == {"name": "text", "type": "string", "description": "新闻正文"}
    fields = client.get(f"{API}/datasets/news/versions/1/dictionary").json()
    assert fields == [{"name": "id", "type": "string", "description": ""},
                      {"name": "text", "type": "string", "description": "新闻正文"}]
    manifest = client.get(f"{API}/datasets/news/versions/1").json()
    assert manifest["fields"][1]["description"] == "新闻正文"
    missing = client.put(f"{API}/datasets/news/versions/1/dictionary/title",
                         json={"description": "x"}, headers=headers)
    assert missing.status_code == 404
    assert "id, text" in str(error_of(missing)["hint"])


def test_lineage_links_versions(platform: Platform, client: TestClient) -> None:
    headers = _publisher_of_new_dataset(platform)
    assert _upload(client, headers, _jsonl(ROWS)).status_code == 201  # type: ignore[attr-defined]
    versions = {v["number"]: v["version_id"]
                for v in client.get(f"{API}/datasets/news/versions").json()}
    graph = client.get(f"{API}/datasets/news/versions/1/lineage").json()
    assert [(n["dataset"], n["number"]) for n in graph["nodes"]] == [("news", 1), ("news", 2)]
    [edge] = graph["edges"]
    assert (edge["parent"], edge["child"]) == (versions[1], versions[2])
    assert edge["made_by"] == graph["nodes"][1]["made_by"] != ""  # what made the child


def test_croissant_is_json_ld(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="news", rows=ROWS)
    response = client.get(f"{API}/datasets/news/versions/latest/croissant")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    doc = response.json()
    assert "@context" in doc
    assert doc["name"] == "news"
    manifest = client.get(f"{API}/datasets/news/versions/1").json()
    assert [d["sha256"] for d in doc["distribution"]] == [s["sha256"] for s in manifest["shards"]]
    assert [f["name"] for f in doc["recordSet"][0]["field"]] == ["id", "text"]


def test_bad_and_missing_version_numbers(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="news")
    make_dataset(platform, name="empty", rows=[])
    assert client.get(f"{API}/datasets/news/versions/two").status_code == 400
    missing = client.get(f"{API}/datasets/news/versions/7")
    assert missing.status_code == 404
    assert error_of(missing)["hint"] == "versions: 1"
    assert client.get(f"{API}/datasets/empty/versions/latest").status_code == 404


def test_download_csv(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="news", rows=ROWS)
    response = client.get(f"{API}/datasets/news/versions/1/download?format=csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="news-v1.csv"' in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [dict(r) for r in table] == [{k: str(v) for k, v in r.items()} for r in ROWS]
    page = client.get("/datasets/news/download?format=csv")
    assert page.status_code == 200 and page.content == response.content


def test_rows_pages_at_any_offset_and_searches(platform: Platform, client: TestClient) -> None:
    many = [{"i": i, "text": f"第{i}行" + ("数据" if i % 10 == 0 else "")} for i in range(250)]
    make_dataset(platform, name="many", rows=many)
    page = client.get(f"{API}/datasets/many/versions/1/rows", params={"offset": 240,
                                                                       "limit": 20})
    assert page.status_code == 200, page.text
    body = page.json()
    assert (body["total"], body["offset"], body["columns"]) == (250, 240, ["i", "text"])
    assert [r["i"] for r in body["rows"]] == list(range(240, 250))
    assert body["row_numbers"] == list(range(240, 250))
    found = client.get(f"{API}/datasets/many/versions/latest/rows",
                       params={"q": "数据", "limit": 3, "offset": 3}).json()
    assert found["total"] == 25 and [r["i"] for r in found["rows"]] == [30, 40, 50]
    assert found["row_numbers"] == [30, 40, 50] and found["q"] == "数据"
    assert client.get(f"{API}/datasets/many/versions/1/rows?limit=1001").status_code == 400
    bad = client.get(f"{API}/datasets/many/versions/1/rows", params={"q": "x", "column": "zz"})
    assert bad.status_code == 400 and "'zz'" in bad.json()["error"]["message"]
