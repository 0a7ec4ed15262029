"""get_existing: a row by primary key, or NotFoundError naming it and where to look."""

from __future__ import annotations

import pytest

from jingshu.accounts.models import ApiToken
from jingshu.circulation.grants import get_grant
from jingshu.db.lookup import get_existing
from jingshu.errors import NotFoundError
from jingshu.platform import Platform


def test_a_missing_row_is_named_with_the_hint(platform: Platform) -> None:
    with platform.session() as s:
        with pytest.raises(NotFoundError, match="API token 7 does not exist") as caught:
            get_existing(s, ApiToken, 7, "API token 7", hint="list them")
        assert caught.value.hint == "list them"
        with pytest.raises(NotFoundError, match="grant 'g-1' does not exist") as caught:
            get_grant(s, "g-1")
        assert caught.value.hint == "list your grants with GET /api/v1/grants"
