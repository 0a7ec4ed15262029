"""/api/v1/audit: the log of writes and downloads, and its chain check."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.factories import make_dataset
from tests.web.helpers import API, Headers, as_role, error_of


def _history(platform: Platform, client: TestClient) -> Headers:
    admin = as_role(platform, Role.ADMIN, name="root")
    make_dataset(platform, name="news")
    assert client.patch(f"{API}/datasets/news", json={"title": "新闻"},
                        headers=admin).status_code == 200
    assert client.get(f"{API}/datasets/news/versions/1/download").status_code == 200
    return admin


def test_writes_and_downloads_are_logged(platform: Platform, client: TestClient) -> None:
    admin = _history(platform, client)
    response = client.get(f"{API}/audit", headers=admin)
    assert response.status_code == 200
    entries = response.json()["entries"]
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    download, update = entries[0], entries[1]
    assert (download["actor"], download["action"], download["target"]) == (
        "anonymous", "version.download", "dataset:news@1")
    assert download["detail"] == {"format": "jsonl"}
    assert (update["actor"], update["action"], update["detail"]) == (
        "root", "dataset.update", {"title": "新闻"})
    page = client.get(f"{API}/audit", params={"limit": 2}, headers=admin).json()
    assert page["next_before"] == entries[1]["id"]
    older = client.get(f"{API}/audit", params={"limit": 2, "before": page["next_before"]},
                       headers=admin).json()
    assert [e["id"] for e in older["entries"]] == [e["id"] for e in entries[2:4]]


def test_verify_reports_an_intact_chain(platform: Platform, client: TestClient) -> None:
    admin = _history(platform, client)
    body = client.get(f"{API}/audit/verify", headers=admin).json()
    assert body["ok"] is True and body["problem"] is None
    assert body["entries"] >= 6


def test_verify_reports_an_edited_entry(platform: Platform, client: TestClient) -> None:
    admin = _history(platform, client)
    with platform.session() as s:
        s.execute(text("UPDATE audit_log SET detail = :d WHERE action = 'dataset.update'"),
                  {"d": '{"title": "篡改"}'})
        edited = s.execute(text("SELECT id FROM audit_log WHERE action = 'dataset.update'"))
        edited_id = edited.scalar_one()
    body = client.get(f"{API}/audit/verify", headers=admin).json()
    assert body["ok"] is False
    assert body["problem"]["entry_id"] == edited_id
    assert body["problem"]["kind"] == "edited"
    assert "dataset.update" in body["problem"]["message"]


def test_verify_reports_a_deleted_entry(platform: Platform, client: TestClient) -> None:
    admin = _history(platform, client)
    with platform.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE id = 3"))
    body = client.get(f"{API}/audit/verify", headers=admin).json()
    assert body["ok"] is False
    assert (body["problem"]["entry_id"], body["problem"]["kind"]) == (3, "deleted")


def test_only_admins_read_the_audit_log(platform: Platform, client: TestClient) -> None:
    publisher = as_role(platform, Role.PUBLISHER)
    forbidden = client.get(f"{API}/audit/verify", headers=publisher)
    assert forbidden.status_code == 403
    assert "administrators" in str(error_of(forbidden)["message"])
    assert client.get(f"{API}/audit").status_code == 401
