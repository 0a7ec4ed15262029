"""Request bodies: the upload limit (announced or streamed) and credentials before reading.

The ASGI-level tests drive the app with a ``receive`` that counts what was pulled, so
they show how much of a body the server read before answering.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.factories import make_dataset
from tests.web.helpers import API, as_role, error_of

MiB = 2**20


def _small(platform: Platform) -> Platform:
    return Platform(platform.settings.model_copy(update={"max_upload_mb": 1}), migrate=False)


def test_oversized_request_is_413_before_authentication(platform: Platform) -> None:
    small = _small(platform)
    try:
        with TestClient(create_app(small)) as client:
            big = client.post(f"{API}/projects/x/answers", content=b"x" * (3 * MiB),
                              headers={"Authorization": "Bearer nonsense"})
            fits = client.post(f"{API}/projects/x/answers", content=b"x" * MiB,
                               headers={"Authorization": "Bearer nonsense"})
    finally:
        small.close()
    assert big.status_code == 413
    assert error_of(big) == {"code": "too_large", "hint": "split the file, or raise "
                             "JINGSHU_MAX_UPLOAD_MB on the server",
                             "message": "the upload is 3 MiB, over the limit of 1 MiB"}
    assert fits.status_code == 401  # at the limit: passed on, refused for the bad token


BOUNDARY = "jingshu-test-boundary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


class Upload:
    """A streamed multipart upload of a JSONL file, with what the app pulled of it."""

    def __init__(self, chunks: int, size: int = 256 * 1024) -> None:
        self.left = chunks
        self.size = size
        self.read = 0

    def _chunk(self, first: bool, last: bool) -> bytes:
        head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"big.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ).encode() if first else b""
        tail = f"\r\n--{BOUNDARY}--\r\n".encode() if last else b""
        line = '{"id": "x", "text": "数据要素市场。"}\n'.encode()
        body = line * ((self.size - len(head) - len(tail)) // len(line))
        return head + body + tail

    async def receive(self) -> dict[str, Any]:
        if self.left == 0:
            await asyncio.sleep(3600)  # a client that sends no more
        first = self.read == 0
        self.left -= 1
        chunk = self._chunk(first, self.left == 0)
        self.read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": self.left > 0}


def _call(app: FastAPI, path: str, upload: Upload,
          headers: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str]]:
    """POST ``upload`` to ``app`` at the ASGI level; the status, JSON body and headers."""
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 5000),
             "server": ("127.0.0.1", 8000), "state": {},
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    asyncio.run(asyncio.wait_for(app(scope, upload.receive, send), 30))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    head = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], json.loads(body), head


def test_chunked_upload_is_cut_off_at_the_limit(platform: Platform) -> None:
    small = _small(platform)
    try:
        make_dataset(small, name="zh-news")
        owner = as_role(small, Role.ADMIN)
        upload = Upload(chunks=12)  # 3 MiB in 256 KiB chunks, no Content-Length
        status, body, _ = _call(create_app(small), f"{API}/datasets/zh-news/versions", upload,
                                owner | MULTIPART | {"Transfer-Encoding": "chunked"})
    finally:
        small.close()
    assert status == 413, body
    assert body["error"]["code"] == "too_large"
    assert "over the limit of 1 MiB" in body["error"]["message"]
    assert upload.read <= MiB + upload.size  # stopped at the first chunk past the limit


def test_anonymous_body_is_refused_before_it_is_read(platform: Platform) -> None:
    app = create_app(platform)
    for headers in ({}, {"Authorization": "Bearer js_not-a-token"},
                    {"Cookie": "jingshu_session=expired-or-made-up"}):
        upload = Upload(chunks=124)  # 31 MiB
        length = {"Content-Length": str(124 * upload.size)}
        status, body, head = _call(app, f"{API}/datasets/x/versions", upload,
                                   headers | length | MULTIPART)
        assert status == 401, (headers, body)
        assert body["error"]["code"] == "unauthenticated"
        assert head["www-authenticate"] == "Bearer"
        assert upload.read == 0, headers


def test_public_bodies_and_bodiless_requests_pass(platform: Platform,
                                                  client: TestClient) -> None:
    login = client.post(f"{API}/auth/login", json={"username": "nobody", "password": "x" * 10})
    assert login.status_code == 401
    assert error_of(login)["message"] == "wrong username or password"  # reached the handler
    assert client.post(f"{API}/auth/logout").status_code == 204
    page = client.post("/datasets/x/apply", data={"purpose": "研究"})
    assert page.status_code == 401 and "text/html" in page.headers["content-type"]


def test_authenticated_body_is_resolved_once(platform: Platform, app: FastAPI,
                                             client: TestClient) -> None:
    admin = as_role(platform, Role.ADMIN)
    cache = app.state.token_cache
    looked_up: list[str] = []
    real_get = cache.get

    def counting_get(secret: str) -> Any:
        looked_up.append(secret)
        return real_get(secret)

    cache.get = counting_get
    created = client.post(f"{API}/organizations", json={"name": "bj-data"}, headers=admin)
    assert created.status_code == 201, created.text
    assert len(looked_up) == 1  # by the middleware; the dependency reused its principal
    client.get(f"{API}/auth/me", headers=admin)  # no body: the dependency resolves
    assert len(looked_up) == 2
