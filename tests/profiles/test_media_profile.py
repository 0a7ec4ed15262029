"""Media versions' profiles: formats, sizes/durations, undecodable rows, duplicate files,
GPS found in the files (a sample) and what the privacy steps report; JSON round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from jingshu.profiles import VersionProfile, profile_version
from jingshu.profiles.markdown import profile_markdown
from jingshu.store import DatasetStore, Provenance, StoredVersion
from tests.media.conftest import jpeg, multimodal

__all__ = ["multimodal"]  # fixture

IMPORT = Provenance(kind="import", source="photos/")


def _version(store: DatasetStore, rows: list[dict[str, Any]]) -> StoredVersion:
    with store.writer("media", creator="me", made_by=IMPORT) as w:
        w.write_batch(pa.RecordBatch.from_pylist(rows))
        location, _ = w.commit()
    return store.open(location)


def test_image_version_profile(tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "root"))
    blobs = store.blobs()
    with_gps, plain = jpeg(1, gps=True), jpeg(2, size=(300, 100))
    sha_gps, sha_plain = blobs.put(with_gps), blobs.put(plain)
    rows = [
        {
            "image_sha256": sha_gps,
            "format": "JPEG",
            "width": 96,
            "height": 64,
            "size_bytes": len(with_gps),
            "error": None,
        },
        {
            "image_sha256": sha_plain,
            "format": "JPEG",
            "width": 300,
            "height": 100,
            "size_bytes": len(plain),
            "error": None,
        },
        {
            "image_sha256": sha_plain,
            "format": "JPEG",
            "width": 300,
            "height": 100,
            "size_bytes": len(plain),
            "error": None,
        },  # the same file again
        {
            "image_sha256": None,
            "format": None,
            "width": None,
            "height": None,
            "size_bytes": 5,
            "error": "cannot decode image: truncated",
        },
        {
            "image_sha256": None,
            "format": None,
            "width": None,
            "height": None,
            "size_bytes": None,
            "error": "file is missing",
        },
    ]
    profile = profile_version(_version(store, rows))
    media = profile.media
    assert media is not None and media.kind == "image"
    assert (media.rows, media.with_file, media.undecodable) == (5, 3, 2)
    assert media.error_reasons == {"cannot decode image": 1, "file is missing": 1}
    assert (media.distinct_files, media.duplicate_rows) == (2, 1)
    assert media.bytes == len(with_gps) + 2 * len(plain)
    assert media.formats == {"JPEG": 3}
    # longest side: 96 px in [64, 128), 300 px twice in [256, 512)
    assert media.sizes.counts[1] == 1 and media.sizes.counts[3] == 2
    assert (media.gps_checked, media.gps_found) == (3, 1)
    assert media.gps_removed is None and media.faces_blurred is None
    assert VersionProfile.from_dict(profile.to_dict()) == profile
    assert "| images |" in profile_markdown(profile)


def test_audio_version_and_privacy_columns(tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "root"))
    rows = [
        {
            "audio_sha256": f"{i:064x}",
            "format": "WAV",
            "duration_s": d,
            "sample_rate": r,
            "size_bytes": 100,
            "error": None,
        }
        for i, (d, r) in enumerate([(0.5, 16000), (3.0, 16000), (45.0, 44100)])
    ]
    media = profile_version(_version(store, rows)).media
    assert media is not None and media.kind == "audio"
    assert media.sizes.counts[:7] == (1, 0, 1, 0, 0, 1, 0)  # 0.5 s, 3 s, 45 s
    assert media.sample_rates == {"16000": 2, "44100": 1}
    assert media.gps_checked == 0
    image_rows = [
        {
            "image_sha256": f"{i:064x}",
            "format": "JPEG",
            "width": 10,
            "height": 10,
            "gps_removed": i == 0,
            "faces_blurred": 2,
            "error": None,
        }
        for i in range(2)
    ]
    stripped = profile_version(_version(store, image_rows)).media
    assert stripped is not None
    assert (stripped.gps_removed, stripped.faces_blurred) == (1, 4)
    assert stripped.gps_found == 0  # the files are not in the store: not counted as GPS


def test_text_version_has_no_media_profile(tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "root"))
    profile = profile_version(_version(store, [{"text": "今天天气很好。"}]))
    assert profile.media is None
    assert VersionProfile.from_dict(profile.to_dict()).media is None


def test_media_profile_over_http_and_cli(platform: Any, monkeypatch: Any) -> None:
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from jingshu.cli.main import cli
    from jingshu.web.app import create_app
    from tests.factories import make_image_dataset

    monkeypatch.setenv("JINGSHU_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("JINGSHU_SECRET_KEY", "test-secret")
    make_image_dataset(platform, "gps-photos", jpeg(3, gps=True))
    with TestClient(create_app(platform)) as client:
        body = client.get("/api/v1/datasets/gps-photos/versions/1/profile").json()
    media = body["profile"]["media"]
    assert (media["kind"], media["gps_found"], media["formats"]) == ("image", 1, {"JPEG": 1})
    result = CliRunner().invoke(
        cli, ["--home", str(platform.settings.home), "dataset", "profile", "gps-photos"]
    )
    assert result.exit_code == 0, result.output
    assert "| images | 1 | 0 | 1 | 0 |" in result.output
    assert "1 of 1 checked" in result.output


@pytest.mark.realdata
def test_real_exif_samples_gps_positions(multimodal: Path, tmp_path: Path) -> None:
    """The data README lists 13 files with GPS in exif_samples; one is a HEIC Pillow
    cannot decode, so 12 decodable images hold a position (4 more hold an empty block)."""
    from jingshu.store.importers import read_source

    store = DatasetStore(str(tmp_path / "root"))
    batches = list(
        read_source(
            str(multimodal / "images" / "exif_samples"), format="imagefolder", blobs=store.blobs()
        )
    )
    with store.writer("exif", creator="me", made_by=IMPORT) as w:
        for batch in batches:
            w.write_batch(batch)
        location, _ = w.commit()
    media = profile_version(store.open(location)).media
    assert media is not None
    assert (media.with_file, media.undecodable) == (81, 2)
    assert (media.gps_checked, media.gps_found) == (81, 12)
    assert media.formats == {"JPEG": 73, "TIFF": 8}
