"""Who may load the images and audio of an annotation project's items.

``GET /projects/{name}/media/{sha}`` serves a file the project's source names: to the
members who may label (as ``next``) and to the owners who may review (as ``review``).
Roles, tiers and the world are ``test_authz_annotate.py``'s; each cell gets a fresh
project over a one-image media dataset of that tier.
"""

from __future__ import annotations

import itertools

import pytest

from jingshu.accounts.service import get_user
from jingshu.annotate.projects import ProjectSpec, create_project, join_project
from jingshu.catalog.service import get_version
from jingshu.circulation.models import Grant
from tests.factories import make_dataset
from tests.media.conftest import jpeg
from tests.web.authz import Cell, parse_matrix, routes_of
from tests.web.helpers import API
from tests.web.test_authz_annotate import (  # noqa: F401 (world is a fixture)
    PLAIN_TIERS,
    ROLES,
    TIERS,
    World,
    annotate_grant,
    world,
)

TABLE = """
method path                                        tier          anon cons mem  xmem anno xanno own  other admin
GET    /projects/{name}/media/{sha}                unconditional 401  403  200  200  403  403   200  403   200
GET    /projects/{name}/media/{sha}                conditional   401  403  200  403  403  403   200  403   200
GET    /projects/{name}/media/{sha}                not_open      401  403  200  403  403  403   200  403   200
GET    /projects/{name}/media/{sha}                core          401  403  200  403  403  403   200  403   403
GET    /projects/{name}/media/{sha}                granted       401  403  200  200  403  403   403  200   200
"""  # noqa: E501
ROUTES = routes_of(TABLE)
CELLS = parse_matrix(TABLE, ROLES, PLAIN_TIERS)
SCHEMA = {"kind": "polygons", "field": "image_sha256", "labels": ["车"]}
_n = itertools.count(1)


def _media_project(on: World, tier: str) -> tuple[str, str]:
    """A project over a new one-image dataset of ``tier`` that a-mem and a-xmem joined."""
    n = next(_n)
    name, sha = f"mp{n}", on.platform.store.blobs().put(jpeg(n))
    open_tier, grade, level = TIERS[tier]
    dataset = make_dataset(on.platform, name=f"msrc-{n}", organization="own-org",
                           tier=open_tier, grade=grade, sensitivity=level,
                           rows=[{"id": "a", "image_sha256": sha, "format": "JPEG"}])
    grant_id = annotate_grant(on.platform, dataset.name, "a-other") if tier == "granted" else None
    with on.platform.session() as s:
        grant = s.get(Grant, grant_id) if grant_id else None
        owner = get_user(s, "a-other").organization_id if grant is not None else None
        project = create_project(s, on.platform.store, get_version(s, dataset.name),
                                 ProjectSpec(name=name, title="区域", label_schema=SCHEMA,
                                             overlap=1), actor="t", organization_id=owner,
                                 grant=grant)
        for annotator in ("a-mem", "a-xmem"):  # a-xmem behind the policy's back
            join_project(s, project, annotator, actor="t")
        s.commit()
    return name, sha


@pytest.mark.parametrize("cell", CELLS, ids=[c.id for c in CELLS])
def test_project_media_follows_labelling_and_review(world: World,  # noqa: F811
                                                    cell: Cell) -> None:
    name, sha = _media_project(world, cell.state or "")
    world.client.cookies.clear()
    response = world.client.get(f"{API}/projects/{name}/media/{sha}",
                                headers=world.headers[cell.role])
    assert response.status_code == cell.status, response.text[:300]
    if cell.status == 200:
        assert response.headers["content-type"] == "image/jpeg"
        assert response.content == world.platform.store.blobs().get(sha)
    elif cell.status == 403:
        assert response.json()["error"]["code"] == "forbidden"


def test_only_files_the_source_names_are_served(world: World) -> None:  # noqa: F811
    name, _ = _media_project(world, "unconditional")
    elsewhere = world.platform.store.blobs().put(b"another dataset's file")
    response = world.client.get(f"{API}/projects/{name}/media/{elsewhere}",
                                headers=world.headers["mem"])
    assert response.status_code == 404
    assert "names no media" in response.json()["error"]["message"]
