"""Media over HTTP uploads: a zipped image folder or COCO set, a WebDataset tar; bad
zips (paths outside the folder, decompression bombs) refused with nothing stored."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from typing import Any

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import Modality
from jingshu.catalog.service import get_dataset, get_version, open_version
from jingshu.platform import Platform
from tests.factories import make_org
from tests.media.conftest import jpeg
from tests.web.helpers import API, Headers, as_role, error_of


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _new(platform: Platform, client: TestClient, name: str = "pics") -> Headers:
    make_org(platform, "pub-org")
    headers = as_role(platform, Role.PUBLISHER, organization="pub-org")
    created = client.post(f"{API}/datasets", headers=headers,
                          json={"name": name, "title": "图片", "open_tier": "unconditional"})
    assert created.status_code == 201, created.text
    return headers


def _upload(client: TestClient, headers: Headers, filename: str, data: bytes,
            name: str = "pics") -> Any:
    return client.post(f"{API}/datasets/{name}/versions", headers=headers,
                       files={"file": (filename, data, "application/octet-stream")})


def test_a_zipped_image_folder_imports_with_labels_from_subfolders(
        platform: Platform, client: TestClient) -> None:
    headers = _new(platform, client)
    data = _zip({"photos/cat/a.jpg": jpeg(1), "photos/dog/b.jpg": jpeg(2),
                 "photos/dog/c.jpg": jpeg(3)[:300], "__MACOSX/photos/._a.jpg": b"junk"})
    response = _upload(client, headers, "photos.zip", data)
    assert response.status_code == 201, response.text
    with platform.session() as s:
        version = get_version(s, "pics", 1)
        rows = {r["file_name"]: r for r in open_version(platform.store, version).head(10)}
        assert get_dataset(s, "pics").modality is Modality.IMAGE
    assert set(rows) == {"cat/a.jpg", "dog/b.jpg", "dog/c.jpg"}  # photos/ entered
    labels = sorted(str(r["label"]) for r in rows.values())
    assert labels == ["cat", "dog", "dog"]
    errors = [r for r in rows.values() if r["error"]]
    assert len(errors) == 1  # the truncated JPEG is listed, not fatal


def test_a_zipped_coco_set_imports_its_boxes(platform: Platform, client: TestClient) -> None:
    headers = _new(platform, client)
    coco = {"images": [{"id": 1, "file_name": "x.jpg", "width": 96, "height": 64}],
            "annotations": [{"id": 9, "image_id": 1, "category_id": 3,
                             "bbox": [1, 2, 30, 20], "area": 600, "iscrowd": 0}],
            "categories": [{"id": 3, "name": "车"}]}
    data = _zip({"set/annotations.json": json.dumps(coco).encode(),
                 "set/images/x.jpg": jpeg(5)})
    response = _upload(client, headers, "set.zip", data)
    assert response.status_code == 201, response.text
    with platform.session() as s:
        rows = open_version(platform.store, get_version(s, "pics", 1)).head(5)
    assert len(rows) == 1 and rows[0]["coco_id"] == 1 and "车" in json.dumps(
        rows[0]["objects"], ensure_ascii=False)


def test_a_webdataset_tar_uploads(platform: Platform, client: TestClient) -> None:
    headers = _new(platform, client)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for key, data in (("s1.jpg", jpeg(1)), ("s1.txt", "一只猫".encode())):
            info = tarfile.TarInfo(key)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    response = _upload(client, headers, "shard-000000.tar", buf.getvalue())
    assert response.status_code == 201, response.text
    assert response.json()["rows"] == 1


def test_bad_zips_are_refused_naming_why_and_nothing_is_stored(
        platform: Platform, client: TestClient) -> None:
    headers = _new(platform, client)
    escape = _upload(client, headers, "evil.zip", _zip({"../../evil.jpg": jpeg(1)}))
    assert escape.status_code == 400
    assert "'../../evil.jpg'" in str(error_of(escape)["message"])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("zeros.jpg", "w") as f:
        for _ in range(100):
            f.write(bytes(1 << 20))  # 100 MB of zeros: about 100 KB zipped
    refused = _upload(client, headers, "bomb.zip", bomb.getvalue())
    assert refused.status_code == 400
    assert "decompression bomb" in str(error_of(refused)["hint"])
    broken = _upload(client, headers, "broken.zip", b"PK\x03\x04 not really")
    assert broken.status_code == 400
    assert "not a zip" in str(error_of(broken)["message"])
    with platform.session() as s:
        assert get_dataset(s, "pics").versions == []
