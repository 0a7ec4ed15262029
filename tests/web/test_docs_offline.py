"""/docs and /redoc work offline: every asset they load is served by jingshu itself."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.test_browser import CHROMIUM_ARGS, _playwright, base_url  # noqa: F401

SRC = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*['"]?([^'")]+)""")
OPENAPI = re.compile(r"""url:\s*['"]([^'"]+)['"]|spec-url=["']([^"']+)["']""")


def _references(html: str) -> list[str]:
    return [a or b for a, b in SRC.findall(html)] + [a or b for a, b in OPENAPI.findall(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_reference_only_local_assets(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    references = _references(response.text)
    assert len(references) >= 2, references
    assert all(r.startswith("/") and not r.startswith("//") for r in references), references
    assert "fonts.googleapis" not in response.text and "cdn." not in response.text
    for reference in references:
        fetched = client.get(reference)
        assert fetched.status_code == 200, reference
        assert len(fetched.content) > 100, reference


def test_the_footer_links_the_docs(client: TestClient) -> None:
    assert 'href="/docs"' in client.get("/").text


@pytest.mark.browser
def test_swagger_ui_renders_without_the_internet(base_url: str) -> None:  # noqa: F811
    """Chromium with every request off this server refused: the UI still shows the API."""
    outside: list[str] = []
    with _playwright()() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()

        def guard(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(base_url) or url.startswith("data:"):
                route.continue_()  # type: ignore[attr-defined]
            else:
                outside.append(url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", guard)
        page.goto(f"{base_url}/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
        assert "jingshu" in page.inner_text(".swagger-ui .info .title")
        page.wait_for_selector('[data-path="/api/3/action/{action}"]', timeout=20_000)
        page.goto(f"{base_url}/redoc")
        page.wait_for_selector("redoc h1, [role=main] h1, h1", timeout=20_000)
        browser.close()
    assert outside == []


