from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from tests.factories import PASSWORD, make_user

from jingshu.accounts.models import ApiToken, Role
from jingshu.accounts.service import (
    authenticate,
    create_session,
    issue_token,
    resolve_session,
    resolve_token,
    revoke_token,
)
from jingshu.db.base import utcnow
from jingshu.errors import AuthError, ConflictError, InputError
from jingshu.platform import Platform


def test_password_login(platform: Platform) -> None:
    user = make_user(platform, Role.PUBLISHER, name="li")
    with platform.session() as s:
        assert authenticate(s, "li", PASSWORD).id == user.id
        with pytest.raises(AuthError, match="wrong username or password"):
            authenticate(s, "li", "nope-nope-nope")
        with pytest.raises(AuthError, match="wrong username or password"):
            authenticate(s, "nobody", PASSWORD)


def test_bad_and_duplicate_users(platform: Platform) -> None:
    make_user(platform, name="wang")
    with pytest.raises(ConflictError):
        make_user(platform, name="wang")
    with pytest.raises(InputError, match="lowercase"):
        make_user(platform, name="Bad Name")


def test_token_is_stored_hashed_shown_once_and_revocable(platform: Platform) -> None:
    user = make_user(platform, name="zhao")
    with platform.session() as s:
        issued = issue_token(s, user, "ci", actor="zhao")
    with platform.session() as s:
        row = s.scalars(select(ApiToken)).one()
        assert issued.secret not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
        assert resolve_token(s, issued.secret).username == "zhao"
        revoke_token(s, row.id, actor="zhao")
    with platform.session() as s, pytest.raises(AuthError, match="not valid"):
        resolve_token(s, issued.secret)


def test_session_expiry(platform: Platform) -> None:
    user = make_user(platform, name="qian")
    with platform.session() as s:
        secret, _ws = create_session(s, user, hours=1)
    with platform.session() as s:
        assert resolve_session(s, secret).user.username == "qian"
        row = resolve_session(s, secret)
        row.expires_at = utcnow() - timedelta(minutes=1)
    with platform.session() as s, pytest.raises(AuthError, match="expired"):
        resolve_session(s, secret)
