"""Twenty uploads to one dataset at once: all 201, as versions 2..21 (was: 5 of 20, 500s),
and the audit anchor ends at the newest entry."""

from __future__ import annotations

import json
import threading

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.audit import AuditHead, verify_chain
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, as_role

UPLOADS = 20


def test_concurrent_uploads_all_become_successive_versions(platform: Platform,
                                                           client: TestClient) -> None:
    org = make_org(platform)
    make_dataset(platform, name="news", organization=org.name)
    headers = as_role(platform, Role.PUBLISHER, organization=org.name)
    data = "".join(json.dumps({"id": f"n{i}", "text": "新闻"}, ensure_ascii=False) + "\n"
                   for i in range(3)).encode()
    codes: list[int] = []
    start = threading.Barrier(UPLOADS)

    def upload() -> None:
        start.wait()
        response = client.post(f"{API}/datasets/news/versions", headers=headers,
                               files={"file": ("news.jsonl", data)})
        codes.append(response.status_code)

    threads = [threading.Thread(target=upload) for _ in range(UPLOADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [201] * UPLOADS
    numbers = [v["number"] for v in client.get(f"{API}/datasets/news/versions").json()]
    assert numbers == list(range(1, UPLOADS + 2))
    with platform.session() as s:  # the anchor kept up with the concurrent commits
        _count, problem = verify_chain(s, platform.audit_anchor)
        head = s.get_one(AuditHead, 1)
    anchored = platform.audit_anchor.load()
    assert problem is None and anchored is not None
    assert (anchored.last_id, anchored.last_hash) == (head.last_id, head.last_hash)
