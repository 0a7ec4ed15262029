"""The authorization-matrix harness shared by the ``test_authz_*`` files.

A matrix is a table, one line per route and state (or tier), one status per role::

    METHOD  PATH                        STATE  anon  cons  own  admin
    GET     /datasets/{name}/download   -      401   403   200  200

In the state column ``-`` means none, and ``*`` stands for each of ``every`` (say,
every plain tier). Each file declares ``ROUTES`` (from :func:`routes_of`), which
``test_authz_matrix`` checks against the app's routes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.conftest import fresh_platform
from tests.factories import make_org
from tests.web.helpers import role_headers

__all__ = ["Cell", "World", "matrix_world", "parse_matrix", "routes_of"]


class Cell(NamedTuple):
    method: str
    path: str
    state: str | None
    role: str
    status: int

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} [{self.state or '-'}] {self.role}"


def _rows(table: str) -> list[list[str]]:
    return [line.split() for line in table.strip().splitlines()[1:]]


def parse_matrix(table: str, roles: Sequence[str], every: Sequence[str] = ()) -> list[Cell]:
    """One :class:`Cell` per route, state and role of ``table`` (see the module doc)."""
    cells = []
    for method, path, state, *statuses in _rows(table):
        assert len(statuses) == len(roles), f"{method} {path}: one status per role"
        states: list[str | None] = ([None] if state == "-" else
                                    list(every) if state == "*" else [state])
        for s, (role, status) in itertools.product(states, zip(roles, statuses, strict=True)):
            cells.append(Cell(method, path, s, role, int(status)))
    return cells


def routes_of(table: str) -> set[tuple[str, str]]:
    """The (method, path) pairs a matrix covers."""
    return {(row[0], row[1]) for row in _rows(table)}


class World(NamedTuple):
    platform: Platform
    client: TestClient
    headers: dict[str, dict[str, str]]


STANDARD_ROLES: dict[str, tuple[Role, str | None]] = {
    "cons": (Role.CONSUMER, None), "anno": (Role.ANNOTATOR, None),
    "own": (Role.PUBLISHER, "own-org"), "other": (Role.PUBLISHER, "other-org"),
    "admin": (Role.ADMIN, None)}
"""The usual columns: a consumer, an annotator, the owning and another publisher, admin."""


@contextmanager
def matrix_world(home: Path, template_db: str, *, prefix: str,
                 roles: dict[str, tuple[Role, str | None]] = STANDARD_ROLES) -> Iterator[World]:
    """A platform with organizations ``own-org`` and ``other-org``, a user per role
    (named ``<prefix>-<role>``) and a client of the app, closed on exit."""
    platform = fresh_platform(home, template_db)
    make_org(platform, "own-org")
    make_org(platform, "other-org")
    headers = role_headers(platform, roles, prefix=prefix)
    try:
        with TestClient(create_app(platform)) as client:
            yield World(platform, client, headers)
    finally:
        platform.close()
