"""Over HTTP, a WebDataset tar uploaded as a new version is stored as media, under the
dataset's policy."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.factories import make_dataset, make_org
from tests.media.conftest import jpeg
from tests.web.helpers import API, as_role


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform)) as c:
        yield c


def _tar(*samples: tuple[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in samples:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_upload_webdataset_tar_as_a_version(platform: Platform, client: TestClient) -> None:
    org = make_org(platform)
    make_dataset(platform, name="street", organization=org.name, rows=[])
    publisher = as_role(platform, Role.PUBLISHER, organization=org.name)
    shard = _tar(("a.jpg", jpeg(1)), ("a.txt", "街道".encode()), ("b.jpg", b"broken"))
    response = client.post(f"{API}/datasets/street/versions", headers=publisher,
                           files={"file": ("shard-0.tar", shard, "application/x-tar")})
    assert response.status_code == 201, response.text
    assert response.json()["rows"] == 2
    preview = client.get(f"{API}/datasets/street/versions/1/preview", headers=publisher).json()
    rows = {r["id"]: r for r in preview["rows"]}
    assert rows["a"]["text"] == "街道" and rows["a"]["error"] is None
    assert rows["b"]["error"].startswith("cannot decode image")
    assert platform.store.blobs().exists(rows["a"]["image_sha256"])
    stranger = client.post(f"{API}/datasets/street/versions",
                           files={"file": ("shard-1.tar", shard, "application/x-tar")})
    assert stranger.status_code in (401, 403)


def test_media_and_thumbnails_follow_the_download_policy(platform: Platform,
                                                         client: TestClient) -> None:
    from PIL import Image

    from jingshu.catalog.rules import OpenTier

    org = make_org(platform)
    make_dataset(platform, name="faces", organization=org.name, rows=[],
                 tier=OpenTier.CONDITIONAL)
    publisher = as_role(platform, Role.PUBLISHER, organization=org.name)
    shard = _tar(("a.jpg", jpeg(1, size=(300, 200))))
    assert client.post(f"{API}/datasets/faces/versions", headers=publisher,
                       files={"file": ("s.tar", shard, "application/x-tar")}).status_code == 201
    row = client.get(f"{API}/datasets/faces/versions/1/preview", headers=publisher).json()
    sha = row["rows"][0]["image_sha256"]
    url = f"{API}/datasets/faces/versions/1/media/{sha}"
    full = client.get(url, headers=publisher)
    assert full.status_code == 200 and full.headers["content-type"] == "image/jpeg"
    assert full.content == platform.store.blobs().get(sha)
    small = client.get(f"{url}?thumb=64", headers=publisher)
    assert Image.open(io.BytesIO(small.content)).size == (64, 43)
    other = platform.store.blobs().put(jpeg(9))  # in the store, but not in this version
    assert client.get(f"{API}/datasets/faces/versions/1/media/{other}",
                      headers=publisher).status_code == 404
    assert client.get(url).status_code in (401, 403)
