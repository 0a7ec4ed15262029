"""Values the database cannot store are the request's fault (400), not a server error.

Found by bench/fuzz_api.py: ``?offset=`` past 2^63 raised OverflowError in SQLite.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.web.helpers import API, as_role, error_of


def test_huge_numbers_are_400(platform: Platform, client: TestClient) -> None:
    search = client.get(f"{API}/catalog/search", params={"offset": str(2**80)})
    assert search.status_code == 400, search.text
    assert "out of range" in str(error_of(search)["message"])
    admin = as_role(platform, Role.ADMIN)
    token = client.delete(f"{API}/auth/tokens/{2**70}", headers=admin)
    assert token.status_code == 400
