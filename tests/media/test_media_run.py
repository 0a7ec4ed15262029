from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter
from sqlalchemy import select

from jingshu.catalog.importing import import_file
from jingshu.catalog.models import VersionParent
from jingshu.catalog.service import DatasetSpec, get_version, open_version, parse_ref
from jingshu.errors import ConfigError
from jingshu.jobs.media_runs import run_media_recipe
from jingshu.media.exif import gps_tag_count
from jingshu.media.recipe import load_media_recipe, parse_media_recipe
from jingshu.platform import Platform
from tests.media.conftest import jpeg, textured


def _save(im: Image.Image, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, **kw)
    return buf.getvalue()


def _release_folder(root: Path) -> Path:
    root.mkdir()
    big = textured(5, (400, 300))
    sharp = Image.fromarray(np.random.default_rng(0).integers(0, 256, (300, 400, 3), np.uint8))
    (root / "gps.jpg").write_bytes(jpeg(7, gps=True, size=(400, 300)))
    (root / "noise.jpg").write_bytes(_save(sharp))
    (root / "noise_small.jpg").write_bytes(_save(sharp.resize((200, 150))))
    (root / "blurred.jpg").write_bytes(_save(big.filter(ImageFilter.GaussianBlur(8))))
    (root / "tiny.jpg").write_bytes(jpeg(8, size=(40, 30)))
    (root / "banner.jpg").write_bytes(_save(sharp.resize((400, 100))))
    (root / "dark.jpg").write_bytes(_save(Image.new("RGB", (300, 300), (3, 3, 3))))
    (root / "cut.jpg").write_bytes(_save(sharp)[:5000])
    return root


def test_img_release_end_to_end(tmp_path: Path, platform: Platform) -> None:
    folder = _release_folder(tmp_path / "photos")
    with platform.session() as s:
        import_file(s, platform.store, str(folder), spec=DatasetSpec(name="photos", title="p"),
                    creator="t")
    recipe = parse_media_recipe(
        {"name": "t", "media": "image", "steps": [
            {"op": "decode_check"}, {"op": "exif_strip"}, {"op": "image_size"},
            {"op": "image_aspect"}, {"op": "image_exposure"}, {"op": "image_hash"},
            {"op": "image_dedup"}]}, "test")
    version, report = run_media_recipe(platform, recipe, "photos", "photos-release",
                                       creator="t")
    drops = report.drops
    assert drops["decode_check:cannot decode image"] == 1
    assert drops["image_size:too small"] == 1
    assert drops["image_aspect:aspect ratio"] == 1
    assert drops["image_exposure:underexposed"] == 1
    assert drops["image_dedup:near duplicate"] == 1
    with platform.session() as s:
        rows = open_version(platform.store, get_version(s, *parse_ref("photos-release"))).head(20)
        source = get_version(s, *parse_ref("photos"))
        parent_ids = s.scalars(select(VersionParent.parent_id).where(
            VersionParent.version_id == version.id)).all()
        assert parent_ids == [source.id]
    kept = {r["file_name"]: r for r in rows}
    assert set(kept) == {"gps.jpg", "noise.jpg", "blurred.jpg"}
    blobs = platform.store.blobs()
    assert all(gps_tag_count(blobs.get(str(r["image_sha256"]))) == 0 for r in rows)
    assert kept["gps.jpg"]["gps_removed"] is True
    assert version.rows == 3


def test_blur_filter_drops_the_blurred_photo(tmp_path: Path, platform: Platform) -> None:
    folder = _release_folder(tmp_path / "photos")
    with platform.session() as s:
        import_file(s, platform.store, str(folder), spec=DatasetSpec(name="pp", title="p"),
                    creator="t")
    recipe = parse_media_recipe({"name": "b", "steps": [{"op": "decode_check"},
                                                          {"op": "image_blur"}]}, "test")
    _, report = run_media_recipe(platform, recipe, "pp", "pp-sharp", creator="t")
    examples = report.operators[1].examples["blurred"]
    assert "blurred.jpg" in examples and "noise.jpg" not in examples


def test_img_text_drops_pairs_with_their_image(tmp_path: Path, platform: Platform) -> None:
    folder = tmp_path / "pairs"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg(1, size=(200, 150)))
    (folder / "b.jpg").write_bytes(jpeg(2, size=(200, 150)))
    (folder / "tiny.jpg").write_bytes(jpeg(3, size=(30, 30)))
    lines = [{"file_name": "a.jpg", "caption": "一只 黑色 的 猫 坐在 窗台 上"},
             {"file_name": "b.jpg", "caption": "联系人 13812345678 站在 红色 的 车 旁边"},
             {"file_name": "tiny.jpg", "caption": "一个 很小 的 图片 里 有 一只 狗"}]
    (folder / "metadata.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines))
    with platform.session() as s:
        import_file(s, platform.store, str(folder), spec=DatasetSpec(name="pairs", title="p"),
                    creator="t")
    _, report = run_media_recipe(platform, "img-text", "pairs", "pairs-clean",
                                       creator="t")
    with platform.session() as s:
        rows = open_version(platform.store, get_version(s, *parse_ref("pairs-clean"))).head(9)
    captions = {r["file_name"]: r["caption"] for r in rows}
    assert set(captions) == {"a.jpg", "b.jpg"}  # the tiny image's pair went with it
    assert "13812345678" not in str(captions["b.jpg"])
    assert report.drops["image_size:too small"] == 1


def test_recipe_errors_name_the_step() -> None:
    with pytest.raises(ConfigError, match="step 2: unknown operator 'exif_stirp'"):
        parse_media_recipe({"steps": [{"op": "decode_check"}, {"op": "exif_stirp"}]}, "r.yaml")
    with pytest.raises(ConfigError, match=r"step 1 \(pii_redact\): a text operator"):
        parse_media_recipe({"steps": [{"op": "pii_redact"}]}, "r.yaml")
    with pytest.raises(ConfigError, match="per-row steps must come before"):
        parse_media_recipe({"steps": [{"op": "image_hash"}, {"op": "image_dedup"},
                                      {"op": "image_size"}]}, "r.yaml")
    with pytest.raises(ConfigError, match="an operator for audio in a recipe for image"):
        parse_media_recipe({"steps": [{"op": "audio_duration"}]}, "r.yaml")
    assert [s.op for s in load_media_recipe("img-release").steps][-1] == "image_dedup"


@pytest.mark.realdata
def test_real_exact_and_near_duplicates(multimodal: Path, tmp_path: Path,
                                        platform: Platform) -> None:
    """The 14 byte-identical pairs of images.tsv are found; the 9 DSCN photos (one camera,
    one walk, different scenes: a hard negative set) are all kept; the synthetic resize,
    thumbnail and re-encode of DSCN0010 are found."""
    import csv
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    with (multimodal / "metadata/images.tsv").open(encoding="utf-8") as f:
        pairs = [r["path"] for r in csv.DictReader(f, delimiter="\t")
                 if r["exact_dup_group"] and "variants" not in r["path"]]
    wanted = [p for p in pairs if "metadata_extractor" in p or "exif-org" in p]
    wanted += [f"images/exif_samples/jpg/gps/DSCN00{n}.jpg"
               for n in ("10", "12", "21", "25", "27", "29", "38", "40", "42")]
    wanted += [f"images/variants_synthetic/gps_dscn0010__{v}.jpg"
               for v in ("resize50", "thumb160", "q20")]
    for i, rel in enumerate(sorted(set(wanted))):
        shutil.copy(multimodal / rel, folder / f"{i:03d}_{Path(rel).name}")
    with platform.session() as s:
        import_file(s, platform.store, str(folder), spec=DatasetSpec(name="dups", title="d"),
                    creator="t")
    recipe = parse_media_recipe({"name": "d", "steps": [
        {"op": "decode_check"}, {"op": "image_hash"}, {"op": "image_dedup"}]}, "test")
    _, report = run_media_recipe(platform, recipe, "dups", "dups-clean", creator="t")
    drops = report.operators[2].drops
    assert drops["exact duplicate"] == 14
    assert drops["near duplicate"] == 3
    dropped = report.operators[2].examples["near duplicate"]
    assert all("gps_dscn0010__" in name for name in dropped)
