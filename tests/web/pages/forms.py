"""Helpers for portal page tests: log in through the form, read the CSRF fields."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jingshu.web.deps import CSRF_COOKIE
from tests.factories import PASSWORD

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]*)"')


def csrf_field(html: str) -> str:
    """The value of the first hidden ``csrf_token`` field of a page."""
    match = CSRF_FIELD.search(html)
    assert match, "the page has no csrf_token field"
    return match.group(1)


def page_login(client: TestClient, username: str, password: str = PASSWORD,
               next_url: str = "/") -> str:
    """Log in through the login form; returns the session's CSRF token from the next page."""
    form = client.get("/login")
    token = csrf_field(form.text)
    assert client.cookies.get(CSRF_COOKIE) == token
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token, "next": next_url})
    assert response.status_code == 200, response.text
    return csrf_field(response.text)
