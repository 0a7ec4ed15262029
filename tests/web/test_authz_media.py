"""Media files and thumbnails of a version: the download policy per tier, as the preview.

The platform (users, organizations) is ``test_authz_matrix.py``'s; each cell reads the
one image of a media dataset of that tier in ``owner-org``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jingshu.catalog.models import Dataset
from tests.factories import make_dataset
from tests.media.conftest import jpeg
from tests.web.helpers import API
from tests.web.test_authz_matrix import ROLES, TIERS, World, world  # noqa: F401 (fixture)

TABLE = """
method path                                        tier          anon cons anno own  other admin
GET    /datasets/{name}/versions/{number}/media/{sha} unconditional 200  200  200  200  200   200
GET    /datasets/{name}/versions/{number}/media/{sha} conditional   401  403  403  200  403   200
GET    /datasets/{name}/versions/{number}/media/{sha} not_open      401  403  403  200  403   200
GET    /datasets/{name}/versions/{number}/media/{sha} core          401  403  403  403  403   403
"""
ROUTES: set[tuple[str, str]] = {("GET", "/datasets/{name}/versions/{number}/media/{sha}")}
CELLS = [(tier, role, int(status))
         for _m, _p, tier, *statuses in (line.split() for line in TABLE.strip().splitlines()[1:])
         for role, status in zip(ROLES, statuses, strict=True)]


def _media_dataset(on: World, tier: str) -> tuple[str, str]:
    name = f"media-{tier.replace('_', '-')}"
    sha = on.platform.store.blobs().put(jpeg(3))  # the same bytes: stored once
    with on.platform.session() as s:
        made = s.scalar(select(Dataset.id).where(Dataset.name == name)) is not None
    if not made:  # by an earlier cell of this module's world
        open_tier, grade, level = TIERS[tier]
        make_dataset(on.platform, name=name, organization="owner-org", tier=open_tier,
                     grade=grade, sensitivity=level,
                     rows=[{"id": "a", "image_sha256": sha, "format": "JPEG"}])
    return name, sha


@pytest.mark.parametrize(("tier", "role", "status"), CELLS, ids=[f"{c[0]} {c[1]}" for c in CELLS])
def test_media_follows_the_download_policy(world: World, tier: str, role: str,  # noqa: F811
                                           status: int) -> None:
    name, sha = _media_dataset(world, tier)
    world.client.cookies.clear()
    response = world.client.get(f"{API}/datasets/{name}/versions/1/media/{sha}?thumb=32",
                                headers=world.headers[role])
    assert response.status_code == status, response.text[:300]
    if status == 200:
        assert response.headers["content-type"] == "image/jpeg"
