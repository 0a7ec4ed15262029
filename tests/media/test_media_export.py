from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from PIL import Image

from jingshu.catalog.importing import import_file
from jingshu.catalog.service import DatasetSpec, get_version, open_version, parse_ref
from jingshu.errors import InputError
from jingshu.platform import Platform
from jingshu.store.media_export import export_hf_media, export_webdataset
from tests.media.conftest import jpeg


def _version(tmp_path: Path, platform: Platform):  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    (folder / "cats").mkdir(parents=True)
    (folder / "cats" / "a.jpg").write_bytes(jpeg(1))
    (folder / "b.jpg").write_bytes(jpeg(2, size=(50, 40)))
    (folder / "cut.jpg").write_bytes(jpeg(3, size=(300, 200))[:2000])
    (folder / "metadata.jsonl").write_text('{"file_name": "b.jpg", "caption": "两只狗"}\n',
                                           "utf-8")
    with platform.session() as s:
        import_file(s, platform.store, str(folder), spec=DatasetSpec(name="pets", title="p"),
                    creator="t")
        return open_version(platform.store, get_version(s, *parse_ref("pets")))


def test_hf_export_loads_with_image_feature(tmp_path: Path, platform: Platform) -> None:
    datasets = pytest.importorskip("datasets")
    version = _version(tmp_path, platform)
    out = tmp_path / "hf"
    assert export_hf_media(version, str(out)) == 3
    ds = datasets.load_dataset(str(out), split="train", cache_dir=str(tmp_path / "cache"))
    assert isinstance(ds.features["image"], datasets.Image)
    rows = {r["file_name"]: r for r in ds}
    image = rows["b.jpg"]["image"]
    assert isinstance(image, Image.Image) and image.size == (50, 40)
    assert rows["b.jpg"]["caption"] == "两只狗" and rows["cats/a.jpg"]["label"] == "cats"
    assert rows["cut.jpg"]["image"] is None and "truncated" in rows["cut.jpg"]["error"]


def test_webdataset_export_round_trip(tmp_path: Path, platform: Platform) -> None:
    version = _version(tmp_path, platform)
    out = tmp_path / "wds"
    assert export_webdataset(version, str(out), shard_rows=2) == 2  # not the truncated one
    tars = sorted(out.glob("shard-*.tar"))
    assert [t.name for t in tars] == ["shard-000000.tar"]
    with tarfile.open(tars[0]) as tar:
        names = tar.getnames()
        meta = json.loads(tar.extractfile("000000000.json").read())  # type: ignore[union-attr]
    assert names[:2] == ["000000000.jpg", "000000000.json"]
    assert meta["file_name"] in ("b.jpg", "cats/a.jpg")
    assert (platform.store.blobs().get(meta["image_sha256"])[:2]) == b"\xff\xd8"


def test_text_version_is_refused(tmp_path: Path, platform: Platform) -> None:
    (tmp_path / "t.jsonl").write_text('{"text": "你好"}\n', "utf-8")
    with platform.session() as s:
        import_file(s, platform.store, str(tmp_path / "t.jsonl"),
                    spec=DatasetSpec(name="texts", title="t"), creator="t")
        version = open_version(platform.store, get_version(s, *parse_ref("texts")))
    with pytest.raises(InputError, match="no image_sha256 or audio_sha256 column"):
        export_webdataset(version, str(tmp_path / "w"))


def test_hf_parquet_imports_back_into_blobs(tmp_path: Path, platform: Platform) -> None:
    version = _version(tmp_path, platform)
    export_hf_media(version, str(tmp_path / "hf"))
    shard = next((tmp_path / "hf" / "data").glob("*.parquet"))
    with platform.session() as s:
        back = import_file(s, platform.store, str(shard), spec=DatasetSpec(name="pets-back",
                                                                           title="p"),
                           creator="t")
        rows = {r["file_name"]: r for r in open_version(platform.store, back).head(9)}
        original = {r["file_name"]: r for r in version.head(9)}
    assert rows["b.jpg"]["image_sha256"] == original["b.jpg"]["image_sha256"]
    assert rows["b.jpg"]["caption"] == "两只狗" and rows["b.jpg"]["width"] == 50
    assert str(rows["cut.jpg"]["error"]).endswith("no image bytes")  # exported without bytes
