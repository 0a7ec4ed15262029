"""The upload limit: refused from the Content-Length header, before anything else runs."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.web.helpers import API, error_of


def test_oversized_request_is_413_before_authentication(platform: Platform) -> None:
    small = Platform(replace(platform.settings, max_upload_mb=1), migrate=False)
    try:
        with TestClient(create_app(small)) as client:
            big = client.post(f"{API}/projects/x/answers", content=b"x" * (3 * 2**20),
                              headers={"Authorization": "Bearer nonsense"})
            fits = client.post(f"{API}/projects/x/answers", content=b"x" * 2**20,
                               headers={"Authorization": "Bearer nonsense"})
    finally:
        small.close()
    assert big.status_code == 413
    assert error_of(big) == {"code": "too_large", "hint": "split the file, or raise "
                             "JINGSHU_MAX_UPLOAD_MB on the server",
                             "message": "the upload is 3 MiB, over the limit of 1 MiB"}
    assert fits.status_code == 401  # at the limit: passed on, refused for the bad token
