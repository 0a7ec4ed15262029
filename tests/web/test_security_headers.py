"""Security headers on every kind of response: pages, API, errors, static files, docs."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from jingshu.web.headers import CSP, DOCS_CSP, HSTS


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/datasets", "/api/v1/auth/me",
                                  "/api/v1/nowhere", "/static/style.css", "/datasets/none"])
def test_every_response_has_the_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "script-src 'self';" in CSP


def test_docs_get_their_own_policy(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.headers["content-security-policy"] == DOCS_CSP
    assert "https:" not in DOCS_CSP and "http:" not in DOCS_CSP  # assets are local


def test_hsts_only_over_https(client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/").headers
    secure = client.get("https://testserver/")
    assert secure.headers["strict-transport-security"] == HSTS
