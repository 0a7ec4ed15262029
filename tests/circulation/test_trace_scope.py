"""Tracing is limited to the caller's organization's grants; a corpus extract changes
no text, carries canaries listed in the grant's audit entry, and is traced after the
recipient's cleaning."""

from __future__ import annotations

import json
import unicodedata

from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.audit import AuditEntry
from jingshu.catalog.rules import OpenTier
from tests.circulation.conftest import Flow
from tests.factories import make_dataset, make_org, make_user
from tests.web.helpers import API, bearer

DOCS = [{"id": f"n{i}", "text": f"第{i}条新闻：{'城市公共数据开放平台今天发布了新的目录，' * 3}"
         f"市民可以按编号{i * 37}查询。"} for i in range(40)]


def _corpus_grant(flow: Flow) -> dict[str, object]:
    make_dataset(flow.platform, name="news-ds", tier=OpenTier.CONDITIONAL,
                 organization="pub-org", rows=DOCS)
    for kind in ("commitment", "use"):
        flow.client.put(f"{API}/datasets/news-ds/agreements/{kind}", json={"text": "条款"},
                        headers=flow.publisher)
    flow.dataset = "news-ds"
    request = flow.apply(fields=["id", "text"])
    r = flow.client.post(f"{API}/requests/{request['id']}/approve", json={},
                         headers=flow.publisher)
    assert r.status_code == 201, r.text
    out: dict[str, object] = r.json()
    return out


def test_corpus_extract_keeps_every_text_and_lists_its_canaries(flow: Flow) -> None:
    grant = _corpus_grant(flow)
    r = flow.client.get(f"{API}/grants/{grant['id']}/download", headers=flow.consumer)
    rows = [json.loads(line) for line in r.text.splitlines()]
    originals = {d["text"] for d in DOCS}
    extra = [row for row in rows if row["text"] not in originals]
    assert len(rows) == len(DOCS) + len(extra) and len(extra) == 3
    assert [row["id"] for row in rows if row["text"] in originals] != [d["id"] for d in DOCS]
    with flow.platform.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "grant.download")).one()
        listed = json.loads(entry.detail)["watermark"]["canaries"]
    assert sorted(c["text"] for c in listed) == sorted(row["text"] for row in extra)
    assert sorted(c["id"] for c in listed) == sorted(row["id"] for row in extra)


def test_trace_route_sees_only_the_callers_organization(flow: Flow) -> None:
    grant = _corpus_grant(flow)
    r = flow.client.get(f"{API}/grants/{grant['id']}/download", headers=flow.consumer)
    cleaned = "".join(
        json.dumps({"text": unicodedata.normalize("NFKC", json.loads(line)["text"])},
                   ensure_ascii=False) + "\n" for line in r.text.splitlines()[5:25])
    make_org(flow.platform, "other-org")
    other = bearer(flow.platform, make_user(flow.platform, Role.PUBLISHER, name="pub2",
                                            organization="other-org"))
    admin = bearer(flow.platform, make_user(flow.platform, Role.ADMIN, name="root2"))
    files = {"file": ("leak.jsonl", cleaned.encode("utf-8"))}
    mine = flow.client.post(f"{API}/watermark/trace", files=files, headers=flow.publisher)
    assert mine.status_code == 200, mine.text
    assert mine.json()["verdict"] == "traced", mine.json()
    assert mine.json()["findings"][0]["grant_id"] == grant["id"]
    assert "inversions" in mine.json()["findings"][0]["evidence"]
    theirs = flow.client.post(f"{API}/watermark/trace", files=files, headers=other).json()
    assert theirs["candidates"] == 0 and theirs["findings"] == []
    everyone = flow.client.post(f"{API}/watermark/trace", files=files, headers=admin).json()
    assert everyone["findings"][0]["grant_id"] == grant["id"]
