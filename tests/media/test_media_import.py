from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pyarrow as pa
import pytest

from jingshu.catalog.importing import import_file
from jingshu.catalog.service import DatasetSpec, open_version
from jingshu.errors import InputError
from jingshu.platform import Platform
from jingshu.store import DatasetStore
from jingshu.store.importers import detect_format, read_source
from tests.media.conftest import jpeg, png_bomb


def _folder(root: Path) -> Path:
    (root / "cats").mkdir(parents=True)
    (root / "cats" / "a.jpg").write_bytes(jpeg(1, gps=True))
    (root / "cats" / "copy of a.jpg").write_bytes(jpeg(1, gps=True))
    (root / "b.jpg").write_bytes(jpeg(2))
    (root / "cut.jpg").write_bytes(jpeg(3, size=(640, 480))[:3000])
    (root / "really_jpeg.png").write_bytes(jpeg(4))
    (root / "bomb.png").write_bytes(png_bomb())
    (root / "README.md").write_text("not an image")
    (root / "metadata.jsonl").write_text(
        json.dumps({"file_name": "b.jpg", "caption": "一只猫"}, ensure_ascii=False) + "\n"
        + json.dumps({"file_name": "gone.jpg", "caption": "不存在"}, ensure_ascii=False) + "\n")
    return root


def _rows(path: Path, store: DatasetStore, fmt: str | None = None) -> list[dict[str, object]]:
    table = pa.Table.from_batches(list(read_source(str(path), format=fmt,
                                                   blobs=store.blobs())))
    rows: list[dict[str, object]] = table.to_pylist()
    return rows


def test_imagefolder_reports_bad_files_by_name_and_goes_on(tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "store"))
    folder = _folder(tmp_path / "in")
    assert detect_format(str(folder)) == "imagefolder"
    rows = {r["file_name"]: r for r in _rows(folder, store)}
    assert set(rows) == {"cats/a.jpg", "cats/copy of a.jpg", "b.jpg", "cut.jpg",
                         "really_jpeg.png", "bomb.png", "gone.jpg"}
    errors = {n: str(r["error"]) for n, r in rows.items() if r["error"]}
    assert "truncated" in errors["cut.jpg"]
    assert errors["really_jpeg.png"].startswith("wrong extension: .png but the content is JPEG")
    assert "decompression bomb" in errors["bomb.png"]
    assert errors["gone.jpg"] == "listed in metadata.jsonl line 2 but the file is missing"
    assert "cats/a.jpg" not in errors and rows["cats/a.jpg"]["label"] == "cats"
    assert rows["b.jpg"]["caption"] == "一只猫" and rows["b.jpg"]["width"] == 96
    assert rows["gone.jpg"]["caption"] == "不存在" and rows["gone.jpg"]["image_sha256"] is None
    # identical bytes are one blob
    assert rows["cats/a.jpg"]["image_sha256"] == rows["cats/copy of a.jpg"]["image_sha256"]
    assert len(store.blobs().shas()) == 5
    assert store.blobs().get(str(rows["b.jpg"]["image_sha256"])) == (folder / "b.jpg").read_bytes()


def test_metadata_errors_name_file_and_line(tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "store"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jpg").write_bytes(jpeg())
    (tmp_path / "in" / "metadata.jsonl").write_text('{"file_name": "a.jpg"}\n{"caption": 1}\n')
    with pytest.raises(InputError, match=r"metadata\.jsonl line 2: no file_name"):
        _rows(tmp_path / "in", store, "imagefolder")
    (tmp_path / "in" / "metadata.jsonl").write_text('{"file_name": "a.jpg", "width": 3}\n')
    with pytest.raises(InputError, match="line 1: column 'width' is reserved"):
        _rows(tmp_path / "in", store, "imagefolder")


def test_media_format_needs_blob_store(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(jpeg())
    with pytest.raises(InputError, match="needs blobs="):
        list(read_source(str(tmp_path), format="imagefolder"))


def test_catalog_import_stores_identical_files_once_across_versions(
        tmp_path: Path, platform: Platform) -> None:
    folder = _folder(tmp_path / "in")
    spec = DatasetSpec(name="photos", title="photos")
    with platform.session() as s:
        first = import_file(s, platform.store, str(folder), spec=spec, creator="t")
        assert first.rows == 7
    blobs_after_one = platform.store.blobs().shas()
    (folder / "c.jpg").write_bytes(jpeg(9))
    with platform.session() as s:
        second = import_file(s, platform.store, str(folder), spec=spec, creator="t", append=True)
        rows = open_version(platform.store, second).head(20)
    assert second.number == 2 and len(rows) == 8
    assert len(platform.store.blobs().shas()) == len(blobs_after_one) + 1


def test_webdataset_tar(tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "store"))
    tar_path = tmp_path / "shard-000.tar"
    with tarfile.open(tar_path, "w") as tar:
        for key, data in (("s1.jpg", jpeg(1)), ("s1.txt", "红色的车".encode()),
                          ("s1.json", b'{"k": 1}'), ("s2.jpg", b"not a jpeg"),
                          ("s3.txt", b"only text")):
            info = tarfile.TarInfo(key)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    rows = {r["id"]: r for r in _rows(tar_path, store)}
    assert rows["s1"]["text"] == "红色的车" and rows["s1"]["error"] is None
    assert rows["s1"]["json"] == '{"k": 1}'
    assert str(rows["s2"]["error"]).startswith("cannot decode image")
    assert rows["s3"]["error"] == "sample s3: no image member (has txt)"


@pytest.mark.realdata
def test_real_coco_and_audio(multimodal: Path, tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "store"))
    coco = multimodal / "images/coco_tiny/small_coco/instances_train2017_small.json"
    rows = _rows(coco, store, "coco")
    assert len(rows) == 16 and all(r["error"] is None for r in rows)
    assert sum(len(r["objects"]) for r in rows) == 197  # type: ignore[arg-type,misc]
    audio = {r["file_name"]: r for r in _rows(multimodal / "audio", store, "audiofolder")}
    assert len(audio) == 55
    assert audio["aishell1_flyai/BAC009S0724W0121.wav"]["sample_rate"] == 16000
    assert str(audio["nonspeech_audiomentations/testing.m4a"]["error"]).startswith(
        "cannot decode audio")
    wds = multimodal / "audio/wenet_test_resources/dataset/shards/shards_000000000.tar"
    texts = [r["text"] for r in _rows(wds, store)]
    assert texts[0] == "广州市房地产中介协会分析"


@pytest.mark.realdata
def test_real_images_bad_and_good(multimodal: Path, tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "store"))
    rows = _rows(multimodal / "images" / "metadata_extractor", store, "imagefolder")
    bad = {r["file_name"]: r["error"] for r in rows if r["error"]}
    assert list(bad) == ["jpg/beach.jpg"]
    assert len(rows) == 106


def test_sweep_removes_only_unreferenced_old_blobs(tmp_path: Path, platform: Platform) -> None:
    from sqlalchemy import select

    from jingshu.catalog.models import DatasetVersion
    from jingshu.store.blobs import sweep_blobs

    folder = _folder(tmp_path / "in")
    with platform.session() as s:
        import_file(s, platform.store, str(folder), spec=DatasetSpec(name="photos", title="p"),
                    creator="t")
        known = list(s.scalars(select(DatasetVersion.location)))
    blobs = platform.store.blobs()
    orphan = blobs.put(b"left by an import that failed")
    assert sweep_blobs(platform.store, known) == []  # too young
    assert sweep_blobs(platform.store, known, grace_s=0, dry_run=True) == [orphan]
    assert blobs.exists(orphan)
    assert sweep_blobs(platform.store, known, grace_s=0) == [orphan]
    assert not blobs.exists(orphan) and len(blobs.shas()) == 5
