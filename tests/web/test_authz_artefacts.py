"""Who may call which artefact endpoint: route × role, written out.

Publishers add artefacts for their own organization, administrators for any; an
artefact is seen, fetched and used by its organization's members and administrators,
and anyone else gets 404 (as for one that does not exist: no oracle). Roles as in
``test_authz_matrix.py``; ``{ref}`` is a word list the owner's organization added.
"""

from __future__ import annotations

import io
import itertools

import pytest
from sqlalchemy import select

from jingshu.accounts.models import Organization
from jingshu.artefacts import ArtefactKind, add_artefact
from tests.web.helpers import API
from tests.web.test_authz_matrix import ROLES, World, world  # noqa: F401 (fixture)

TABLE = """
method path                                          tier          anon cons anno own  other admin
POST   /artefacts                                    -             401  403  403  201  201   201
GET    /artefacts                                    -             401  200  200  200  200   200
GET    /artefacts/{ref}                              -             401  404  404  200  404   200
GET    /artefacts/{ref}/file                         -             401  404  404  200  404   200
"""

ROUTES: set[tuple[str, str]] = {
    (line.split()[0], line.split()[1]) for line in TABLE.strip().splitlines()[1:]}

CELLS = [
    (method, path, role, int(status))
    for method, path, _tier, *statuses in (line.split() for line in TABLE.strip().splitlines()[1:])
    for role, status in zip(ROLES, statuses, strict=True)
]
_unique = itertools.count(1)


def _owners_wordlist(on: World) -> int:
    with on.platform.session() as s:
        org = s.scalar(select(Organization.id).where(Organization.name == "owner-org"))
        return add_artefact(s, on.platform.settings.home, io.BytesIO("词\n".encode()),
                            filename="words.txt", kind=ArtefactKind.WORDLIST,
                            organization_id=org, actor="test").id


@pytest.mark.parametrize(("method", "path", "role", "status"), CELLS,
                         ids=[f"{c[0]} {c[1]} {c[2]}" for c in CELLS])
def test_artefact_authorization(world: World, method: str, path: str, role: str,  # noqa: F811
                                status: int) -> None:
    url = API + path.format(ref=_owners_wordlist(world))
    extra = {}
    if method == "POST":
        words = f"词{next(_unique)}\n".encode()
        extra = {"data": {"kind": "wordlist"}, "files": {"file": ("w.txt", words)}}
    world.client.cookies.clear()
    response = world.client.request(method, url, headers=world.headers[role], **extra)
    assert response.status_code == status, response.text[:300]
    if status in (401, 403):
        assert response.json()["error"]["code"] == (
            "unauthenticated" if status == 401 else "forbidden")
