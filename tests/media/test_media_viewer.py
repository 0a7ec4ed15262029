"""Thumbnails made once per image, size and format; WebP when accepted; byte ranges for
audio players; the viewer's media cells and the dataset page that shows them."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from jingshu.accounts.models import Role
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import get_version, open_version
from jingshu.media.thumbnails import cached_thumbnail
from jingshu.platform import Platform
from jingshu.web.app import create_app
from jingshu.web.pages.catalog.viewer import THUMB_PX, viewer_page
from tests.factories import make_dataset, make_image_dataset, make_org
from tests.media.conftest import jpeg
from tests.web.helpers import API, as_role


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform)) as c:
        yield c


def _photos(
    platform: Platform, tier: OpenTier = OpenTier.UNCONDITIONAL, org: str | None = None
) -> list[str]:
    blobs = platform.store.blobs()
    shas = [blobs.put(jpeg(i, size=(300, 200))) for i in range(2)]
    rows = [
        {"id": f"p{i}", "image_sha256": sha, "format": "JPEG", "error": None}
        for i, sha in enumerate(shas)
    ]
    rows.append({"id": "bad", "image_sha256": None, "format": None, "error": "cannot decode image"})
    make_dataset(platform, name="photos", rows=rows, tier=tier, organization=org)
    return shas


def test_thumbnail_is_made_once_and_kept_beside_the_blob(platform: Platform) -> None:
    blobs = platform.store.blobs()
    sha = blobs.put(jpeg(1, size=(300, 200)))
    assert blobs.get_derived(sha, "thumb-64.jpeg") is None
    made = cached_thumbnail(blobs, sha, 64)
    assert blobs.get_derived(sha, "thumb-64.jpeg") == made
    blobs.put_derived(sha, "thumb-64.jpeg", b"kept")  # a second call reads what is kept
    assert cached_thumbnail(blobs, sha, 64) == b"kept"
    webp = cached_thumbnail(blobs, sha, 64, "webp")
    assert Image.open(io.BytesIO(webp)).format == "WEBP"
    blobs.remove(sha)
    assert blobs.get_derived(sha, "thumb-64.jpeg") is None
    assert blobs.get_derived(sha, "thumb-64.webp") is None


def test_endpoint_serves_webp_when_accepted_and_ranges(
    platform: Platform, client: TestClient
) -> None:
    sha = _photos(platform)[0]
    url = f"{API}/datasets/photos/versions/1/media/{sha}"
    jpeg_thumb = client.get(f"{url}?thumb=64")
    assert jpeg_thumb.headers["content-type"] == "image/jpeg"
    assert jpeg_thumb.headers["cache-control"].startswith("private")
    webp = client.get(f"{url}?thumb=64", headers={"Accept": "image/avif,image/webp,*/*"})
    assert webp.headers["content-type"] == "image/webp"
    assert webp.headers["vary"] == "Accept"
    assert Image.open(io.BytesIO(webp.content)).size == (64, 43)
    assert platform.store.blobs().get_derived(sha, "thumb-64.webp") == webp.content
    whole = platform.store.blobs().get(sha)
    part = client.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == whole[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(whole)}"
    tail = client.get(url, headers={"Range": "bytes=-5"})
    assert tail.status_code == 206 and tail.content == whole[-5:]
    beyond = client.get(url, headers={"Range": f"bytes={len(whole)}-"})
    assert beyond.status_code == 416
    assert client.get(url).headers["accept-ranges"] == "bytes"


def test_viewer_cells_name_the_media_endpoint(platform: Platform) -> None:
    shas = _photos(platform)
    with platform.session() as s:
        version = get_version(s, "photos")
        page = viewer_page(version, open_version(platform.store, version))
        column = [c.name for c in page.columns].index("image_sha256")
        cells = [row.cells[column] for row in page.rows]
    base = f"/api/v1/datasets/photos/versions/1/media/{shas[0]}"
    assert cells[0].media is not None and cells[0].media.kind == "image"
    assert cells[0].media.url == base
    assert cells[0].media.thumb_url == f"{base}?thumb={THUMB_PX}"
    assert cells[2].media is None  # the row whose file did not decode


def test_dataset_page_shows_thumbnails_only_to_those_allowed(
    platform: Platform, client: TestClient
) -> None:
    from tests.factories import make_user
    from tests.web.pages.forms import page_login

    org = make_org(platform)
    shas = _photos(platform, OpenTier.CONDITIONAL, org.name)
    anonymous = client.get("/datasets/photos")
    assert anonymous.status_code == 200 and shas[0] not in anonymous.text
    make_user(platform, Role.PUBLISHER, name="photo-owner", organization=org.name)
    page_login(client, "photo-owner")
    owner = client.get("/datasets/photos")
    assert (
        f'src="/api/v1/datasets/photos/versions/1/media/{shas[0]}?thumb={THUMB_PX}"' in owner.text
    )
    assert 'loading="lazy"' in owner.text
    thumb = client.get(f"/api/v1/datasets/photos/versions/1/media/{shas[0]}?thumb={THUMB_PX}")
    assert thumb.status_code == 200  # the session cookie is enough for the image request
    client.cookies.clear()
    assert (
        client.get(
            f"/api/v1/datasets/photos/versions/1/media/{shas[0]}?thumb=64",
            headers=as_role(platform, Role.CONSUMER),
        ).status_code
        == 403
    )


def test_quality_tab_shows_the_media_profile(platform: Platform, client: TestClient) -> None:
    from jingshu.profiles import profile_version, write_profile

    make_image_dataset(platform, "gps-street", jpeg(5, gps=True))
    with platform.session() as s:
        stored = open_version(platform.store, get_version(s, "gps-street"))
    write_profile(stored, profile_version(stored))
    page = client.get("/datasets/gps-street/quality")
    assert page.status_code == 200
    assert "图片文件" in page.text and "抽查 1 张，1 张含 GPS 位置" in page.text
    assert "64–128: 1" in page.text
