"""Croissant for media versions: a FileObject per blob at the media endpoint, a FileSet,
a record set of the files that the rows' sha256 field references; checked by mlcroissant."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.factories import make_dataset
from tests.media.conftest import jpeg

from jingshu.catalog.croissant_media import media_files
from jingshu.catalog.linkeddata import dataset_croissant
from jingshu.catalog.service import get_version, open_version
from jingshu.platform import Platform

BASE = "https://data.example.cn"


def _croissant(platform: Platform, name: str) -> dict[str, Any]:
    with platform.session() as s:
        version = get_version(s, name)
        media = media_files(open_version(platform.store, version))
        return dataset_croissant(version.dataset, version, BASE, media)


def _photos(platform: Platform) -> tuple[str, str]:
    blobs = platform.store.blobs()
    a, b = jpeg(1), jpeg(2)
    sha_a, sha_b = blobs.put(a), blobs.put(b)
    rows = [
        {"id": "a", "image_sha256": sha_a, "format": "JPEG", "size_bytes": len(a), "error": None},
        {
            "id": "a2",
            "image_sha256": sha_a,
            "format": "JPEG",
            "size_bytes": len(a),
            "error": None,
        },  # the same photo twice: one file
        {"id": "b", "image_sha256": sha_b, "format": "JPEG", "size_bytes": len(b), "error": None},
        {
            "id": "bad",
            "image_sha256": None,
            "format": None,
            "size_bytes": 7,
            "error": "cannot decode image",
        },
    ]
    make_dataset(platform, name="photos", rows=rows, license="CC-BY-4.0")
    return sha_a, sha_b


def test_media_version_lists_each_blob_once_at_the_media_endpoint(platform: Platform) -> None:
    sha_a, sha_b = _photos(platform)
    doc = _croissant(platform, "photos")
    json.dumps(doc, ensure_ascii=False)
    by_id = {d["@id"]: d for d in doc["distribution"]}
    files = [d for d in doc["distribution"] if d["@id"].startswith("media/")]
    assert [f["sha256"] for f in files] == [sha_a, sha_b]
    first = by_id[f"media/{sha_a}"]
    assert first["@type"] == "cr:FileObject"
    assert first["contentUrl"] == f"{BASE}/api/v1/datasets/photos/versions/1/media/{sha_a}"
    assert first["encodingFormat"] == "image/jpeg"
    assert first["name"] == f"{sha_a}.jpg"
    assert first["contentSize"] == f"{len(platform.store.blobs().get(sha_a))} B"
    file_set = by_id["image-files"]
    assert file_set["@type"] == "cr:FileSet"
    assert file_set["containedIn"] == [{"@id": f"media/{sha_a}"}, {"@id": f"media/{sha_b}"}]
    assert file_set["encodingFormat"] == "image/jpeg"
    default, images = doc["recordSet"]
    sha_field = next(f for f in default["field"] if f["name"] == "image_sha256")
    assert sha_field["references"] == {"field": {"@id": "images/sha256"}}
    assert images["key"] == {"@id": "images/sha256"}
    content = next(f for f in images["field"] if f["name"] == "content")
    assert content["dataType"] == "sc:ImageObject"
    assert content["source"] == {
        "fileSet": {"@id": "image-files"},
        "extract": {"fileProperty": "content"},
    }


def test_audio_files_are_audio_objects(platform: Platform) -> None:
    sha = platform.store.blobs().put(b"RIFF....WAVEfmt ")
    make_dataset(
        platform,
        name="clips",
        rows=[{"id": "c", "audio_sha256": sha, "format": "WAV", "size_bytes": 16, "error": None}],
    )
    doc = _croissant(platform, "clips")
    (file,) = [d for d in doc["distribution"] if d["@id"].startswith("media/")]
    assert file["encodingFormat"] == "audio/wav" and file["name"] == f"{sha}.wav"
    assert doc["recordSet"][1]["@id"] == "audio"
    assert doc["recordSet"][1]["field"][1]["dataType"] == "sc:AudioObject"


def test_text_version_has_no_media_entries(platform: Platform) -> None:
    make_dataset(platform, name="texts")
    doc = _croissant(platform, "texts")
    assert [d["@type"] for d in doc["distribution"]] == ["cr:FileObject"]
    assert len(doc["recordSet"]) == 1


def test_mlcroissant_validates_the_media_document(platform: Platform) -> None:
    mlc = pytest.importorskip("mlcroissant", reason="mlcroissant is not installed")
    _photos(platform)
    doc = _croissant(platform, "photos")
    dataset = mlc.Dataset(jsonld=doc)  # raises ValidationError on any error
    assert "@base" in doc["@context"]  # mlcroissant changed the document it was given ...
    assert "@base" not in _croissant(platform, "photos")["@context"]  # ... not the next ones
    assert not dataset.metadata.ctx.issues.errors
    assert not [w for w in dataset.metadata.ctx.issues.warnings if "citeAs" not in w]
    record_sets = {rs.uuid: rs for rs in dataset.metadata.record_sets}
    assert [f.name for f in record_sets["images"].fields] == ["sha256", "content"]
    file_sets = [f for f in dataset.metadata.distribution if isinstance(f, mlc.FileSet)]
    assert [f.uuid for f in file_sets] == ["image-files"]
    broken = json.loads(json.dumps(doc))
    sha_field = next(f for f in broken["recordSet"][0]["field"] if f["name"] == "image_sha256")
    sha_field["references"] = {"field": {"@id": "images/nope"}}
    with pytest.raises(mlc.ValidationError):
        mlc.Dataset(jsonld=broken)


def test_http_lists_media_only_to_those_who_may_download(platform: Platform) -> None:
    from fastapi.testclient import TestClient
    from tests.factories import make_org
    from tests.web.helpers import API, as_role

    from jingshu.accounts.models import Role
    from jingshu.catalog.rules import OpenTier
    from jingshu.web.app import create_app

    org = make_org(platform)
    sha = platform.store.blobs().put(jpeg(4))
    make_dataset(
        platform,
        name="street",
        organization=org.name,
        tier=OpenTier.CONDITIONAL,
        rows=[{"id": "a", "image_sha256": sha, "format": "JPEG", "size_bytes": 9}],
    )
    publisher = as_role(platform, Role.PUBLISHER, organization=org.name)
    with TestClient(create_app(platform)) as client:
        url = f"{API}/datasets/street/versions/1/croissant"
        owner = client.get(url, headers=publisher).json()
        assert f"media/{sha}" in {d["@id"] for d in owner["distribution"]}
        media_url = next(
            d["contentUrl"] for d in owner["distribution"] if d["@id"] == f"media/{sha}"
        )
        assert media_url.endswith(f"{API}/datasets/street/versions/1/media/{sha}")
        assert client.get(media_url, headers=publisher).status_code == 200
        anonymous = client.get(url)
        assert anonymous.status_code == 200
        assert sha not in anonymous.text and len(anonymous.json()["recordSet"]) == 1


def test_cli_croissant_of_a_media_version(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from jingshu.cli.main import cli

    monkeypatch.setenv("JINGSHU_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("JINGSHU_SECRET_KEY", "test-secret")
    sha_a, _ = _photos(platform)
    result = CliRunner().invoke(
        cli,
        [
            "--home",
            str(platform.settings.home),
            "catalog",
            "croissant",
            "photos",
            "--base-url",
            BASE,
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert f"{BASE}/api/v1/datasets/photos/versions/1/media/{sha_a}" in {
        d.get("contentUrl") for d in doc["distribution"]
    }
