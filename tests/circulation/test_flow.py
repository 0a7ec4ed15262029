"""Apply → review → grant → watermarked download, over the API; expiry, revocation,
quota, field restriction and the grade rule."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pyarrow.parquet as pq
from sqlalchemy import select

from jingshu.audit import AuditEntry
from jingshu.circulation.models import Grant
from tests.circulation.conftest import ROWS, Flow
from tests.web.helpers import API, error_of


def _download(flow: Flow, grant_id: object, fmt: str = "jsonl") -> object:
    return flow.client.get(f"{API}/grants/{grant_id}/download", params={"format": fmt},
                           headers=flow.consumer)


def test_apply_approve_download_only_granted_fields(flow: Flow) -> None:
    grant = flow.grant(quota=2, fields=["id", "note"])
    r = _download(flow, grant["id"])
    assert r.status_code == 200, r.text
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == len(ROWS)
    assert all(set(row) == {"id", "note"} for row in rows)
    assert flow.client.get(f"{API}/grants/{grant['id']}", headers=flow.consumer).json()[
        "used"] == 1


def test_every_step_is_audited_with_the_grant_id(flow: Flow) -> None:
    grant = flow.grant()
    assert _download(flow, grant["id"]).status_code == 200
    flow.client.post(f"{API}/grants/{grant['id']}/revoke", json={"reason": "违规"},
                     headers=flow.publisher)
    with flow.platform.session() as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    by_action = {e.action: json.loads(e.detail) for e in entries}
    for action in ("grant.create", "request.approve", "grant.download", "grant.revoke"):
        assert by_action[action]["grant"] == grant["id"], action
    assert "request" in by_action["request.submit"]


def test_quota_is_counted_and_exhausted(flow: Flow) -> None:
    grant = flow.grant(quota=2)
    assert _download(flow, grant["id"]).status_code == 200
    assert _download(flow, grant["id"], "csv").status_code == 200
    r = _download(flow, grant["id"])
    assert r.status_code == 403
    assert "used all 2" in str(error_of(r)["message"])


def test_expiry_takes_effect_at_once(flow: Flow) -> None:
    grant = flow.grant()
    with flow.platform.session() as s:
        g = s.get(Grant, grant["id"])
        assert g is not None
        g.expires_at -= timedelta(days=31)
        s.commit()
    r = _download(flow, grant["id"])
    assert r.status_code == 403
    assert "expired" in str(error_of(r)["message"])


def test_revocation_takes_effect_at_once_and_reaches_the_inbox(flow: Flow) -> None:
    grant = flow.grant()
    r = flow.client.post(f"{API}/grants/{grant['id']}/revoke", json={"reason": "超范围使用"},
                         headers=flow.publisher)
    assert r.status_code == 200 and r.json()["revoked"]
    r = _download(flow, grant["id"])
    assert r.status_code == 403 and "revoked" in str(error_of(r)["message"])
    inbox = flow.client.get(f"{API}/inbox", headers=flow.consumer).json()
    assert [n["kind"] for n in inbox][:2] == ["grant.revoked", "request.approved"]
    assert "超范围使用" in inbox[0]["text_zh"]


def test_reject_needs_a_reason_and_changes_round_trip(flow: Flow) -> None:
    request = flow.apply()
    r = flow.client.post(f"{API}/requests/{request['id']}/changes",
                         json={"reason": "请缩小字段范围"}, headers=flow.publisher)
    assert r.json()["status"] == "changes"
    body = {"organization": "某大学", "purpose": "训练", "scenario": "科研",
            "duration_days": 10, "fields": ["id"], "accept_commitment_version": 1,
            "accept_use_version": 1}
    r = flow.client.put(f"{API}/requests/{request['id']}", json=body, headers=flow.consumer)
    assert r.status_code == 200 and r.json()["status"] == "pending"
    r = flow.client.post(f"{API}/requests/{request['id']}/reject", json={"reason": " "},
                         headers=flow.publisher)
    assert r.status_code == 400 and error_of(r)["hint"]
    r = flow.client.post(f"{API}/requests/{request['id']}/reject",
                         json={"reason": "用途不明确"}, headers=flow.publisher)
    assert r.json()["status"] == "rejected"
    queue = flow.client.get(f"{API}/requests/review", headers=flow.publisher).json()
    assert [q["status"] for q in queue] == ["rejected"]


def test_outdated_agreement_and_unknown_field_are_refused(flow: Flow) -> None:
    flow.client.put(f"{API}/datasets/{flow.dataset}/agreements/use", json={"text": "新版协议"},
                    headers=flow.publisher)
    body = {"organization": "x", "purpose": "p", "scenario": "s", "duration_days": 5,
            "accept_commitment_version": 1, "accept_use_version": 1}
    r = flow.client.post(f"{API}/datasets/{flow.dataset}/requests", json=body,
                         headers=flow.consumer)
    assert r.status_code == 409 and "version 2" in str(error_of(r)["message"])
    r = flow.client.post(f"{API}/datasets/{flow.dataset}/requests",
                         json=body | {"accept_use_version": 2, "fields": ["salary"]},
                         headers=flow.consumer)
    assert r.status_code == 400 and "salary" in str(error_of(r)["message"])


def test_approving_fields_beyond_the_application_is_refused(flow: Flow) -> None:
    request = flow.apply(fields=["id"])
    r = flow.client.post(f"{API}/requests/{request['id']}/approve",
                         json={"fields": ["id", "name"]}, headers=flow.publisher)
    assert r.status_code == 400 and "name" in str(error_of(r)["message"])


def test_parquet_extract_keeps_types_and_is_traceable(flow: Flow) -> None:
    grant = flow.grant(fields=["score", "note"])
    r = _download(flow, grant["id"], "parquet")
    table = pq.read_table(io.BytesIO(r.content))
    assert table.column_names == ["score", "note"]
    by_note = {row["note"]: row["score"] for row in table.to_pylist()}  # keyed order
    assert len(by_note) == len(ROWS)
    assert all(abs(by_note[r["note"]] - r["score"]) < 0.011 for r in ROWS)  # type: ignore[operator]


def test_core_data_never_leaves_whatever_a_grant_says(flow: Flow) -> None:
    from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
    from tests.factories import make_dataset

    make_dataset(flow.platform, name="core-ds", tier=OpenTier.NOT_OPEN, grade=Grade.CORE,
                 sensitivity=Sensitivity.L4, organization="pub-org", rows=ROWS)
    for kind in ("commitment", "use"):
        flow.client.put(f"{API}/datasets/core-ds/agreements/{kind}", json={"text": "条款"},
                        headers=flow.publisher)
    flow.dataset = "core-ds"
    grant = flow.grant(quota=5)
    r = _download(flow, grant["id"])
    assert r.status_code == 403 and "never leaves" in str(error_of(r)["message"])
    r = flow.client.get(f"{API}/datasets/core-ds/versions/latest/download",
                        headers=flow.consumer)
    assert r.status_code == 403


def test_a_grant_is_used_only_by_its_holder(flow: Flow) -> None:
    from jingshu.accounts.models import Role
    from tests.web.helpers import as_role

    grant = flow.grant()
    other = as_role(flow.platform, Role.CONSUMER, name="mallory")
    r = flow.client.get(f"{API}/grants/{grant['id']}/download", headers=other)
    assert r.status_code == 403
    r = flow.client.get(f"{API}/datasets/{flow.dataset}/versions/latest/download",
                        headers=flow.consumer)
    assert r.status_code == 403  # the plain download does not honour grants: no watermark
