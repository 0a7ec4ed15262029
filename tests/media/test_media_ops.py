from __future__ import annotations

import io
import itertools
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from jingshu.errors import InputError
from jingshu.media.audio import speech_activity
from jingshu.media.exif import exif_blocks, gps_tag_count, pixel_sha256, strip_metadata
from jingshu.media.faces import blur_regions, detect_faces
from jingshu.media.hashing import dhash, hamming, phash
from jingshu.media.neardup import NearDuplicateIndex, crop_robust_groups, popcount64
from tests.media.conftest import jpeg, textured


def test_strip_keeps_pixels_and_removes_gps() -> None:
    data = jpeg(1, gps=True)
    assert gps_tag_count(data) > 0
    out = strip_metadata(data)
    assert gps_tag_count(out.data) == 0 and exif_blocks(out.data) == 0
    assert pixel_sha256(out.data) == pixel_sha256(data) and not out.pixels_changed


def test_orientation_applied_or_kept() -> None:
    data = jpeg(2, gps=True, orientation=6, size=(120, 80))
    applied = strip_metadata(data)
    with Image.open(io.BytesIO(applied.data)) as im:
        assert im.size == (80, 120) and im.getexif().get(0x0112) is None
        upright = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
        diff = np.abs(np.asarray(im, float) - np.asarray(upright, float)).mean()
    assert applied.pixels_changed and applied.orientation == 6 and diff < 3.0
    kept = strip_metadata(data, orientation="keep_tag")
    with Image.open(io.BytesIO(kept.data)) as im:
        assert dict(im.getexif()) == {0x0112: 6}
    assert pixel_sha256(kept.data) == pixel_sha256(data) and gps_tag_count(kept.data) == 0


def test_png_text_chunks_removed_and_not_an_image_refused() -> None:
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("Author", "张三 13812345678")
    buf = io.BytesIO()
    textured(3).save(buf, "PNG", pnginfo=info)
    out = strip_metadata(buf.getvalue())
    assert b"Author" not in out.data and pixel_sha256(out.data) == pixel_sha256(buf.getvalue())
    with pytest.raises(InputError, match="run decode_check before exif_strip"):
        strip_metadata(b"not an image")


def test_hashes_see_the_displayed_image() -> None:
    upright = jpeg(4, size=(120, 80))
    tagged = jpeg(4, size=(120, 80), orientation=3)  # stored as is, displayed upside down
    assert phash(Image.open(io.BytesIO(upright))) != phash(Image.open(io.BytesIO(tagged)))
    rotated = Image.open(io.BytesIO(upright)).rotate(180)
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 3
    rotated.save(buf, "JPEG", quality=95, exif=exif.tobytes())
    restored = Image.open(io.BytesIO(buf.getvalue()))
    assert hamming(phash(restored), phash(Image.open(io.BytesIO(upright)))) <= 4
    assert hamming(dhash(restored), dhash(Image.open(io.BytesIO(upright)))) <= 4


def test_imagehash_gives_the_same_bits() -> None:
    imagehash = pytest.importorskip("imagehash")
    im = textured(5, (200, 150))
    assert int(str(imagehash.phash(im)), 16) == phash(im)
    assert int(str(imagehash.dhash(im)), 16) == dhash(im)


def test_multi_index_finds_exactly_the_brute_force_pairs() -> None:
    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**63, size=300, dtype=np.int64).astype(np.uint64)
    near = base[:60] ^ (np.uint64(1) << rng.integers(0, 64, 60).astype(np.uint64))
    twice = near ^ (np.uint64(1) << np.uint64(5)) ^ (np.uint64(1) << np.uint64(33))
    hashes = np.r_[base, near, twice]
    for radius in (0, 3, 8):
        found = {(int(a), int(b)) for left, right in NearDuplicateIndex(hashes, radius).pairs()
                 for a, b in zip(left, right, strict=True)}
        brute = {(i, j) for i, j in itertools.combinations(range(len(hashes)), 2)
                 if int(popcount64(np.array([hashes[i] ^ hashes[j]]))[0]) <= radius}
        assert found == brute


def test_crop_robust_groups_match_a_crop_not_a_stranger() -> None:
    from jingshu.media.hashing import crop_hashes
    a, b = textured(11, (320, 240)), textured(12, (320, 240))
    crop = a.crop((20, 10, 300, 226))
    groups = crop_robust_groups([crop_hashes(a), crop_hashes(b), crop_hashes(crop)])
    assert groups.tolist() == [0, 1, 0]


@pytest.mark.realdata
def test_real_gps_photos_stripped(multimodal: Path) -> None:
    names = ["images/exif_samples/jpg/gps/DSCN0010.jpg",
             "images/metadata_extractor/jpg/Apple iPhone 4.jpg",
             "images/metadata_extractor/jpg/Samsung GT-I9000 (Galaxy S).jpg",
             "images/exif_samples/jpg/tests/87_OSError.jpg"]
    for name in names:
        data = (multimodal / name).read_bytes()
        assert gps_tag_count(data) > 0, name
        out = strip_metadata(data)
        assert gps_tag_count(out.data) == 0 and exif_blocks(out.data) == 0, name
        if not out.pixels_changed:
            assert pixel_sha256(out.data) == pixel_sha256(data), name
    expected = (multimodal / "images/variants_synthetic/gps_dscn0010__exif_stripped.jpg")
    stripped = strip_metadata((multimodal / names[0]).read_bytes()).data
    assert pixel_sha256(stripped) == pixel_sha256(expected.read_bytes())


@pytest.mark.realdata
def test_real_portrait_face_blurred(multimodal: Path) -> None:
    path = multimodal / "images/metadata_extractor/jpg/Canon EOS 7D.jpg"
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    faces = detect_faces(im)
    assert faces
    x, y, w, h = faces[0]
    out = blur_regions(im, faces)
    before = np.asarray(im.crop((x, y, x + w, y + h)).convert("L"), float)
    after = np.asarray(out.crop((x, y, x + w, y + h)).convert("L"), float)
    assert np.abs(np.diff(after, axis=1)).mean() < 0.5 * np.abs(np.diff(before, axis=1)).mean()


@pytest.mark.realdata
def test_real_vad_against_reference_segment(multimodal: Path) -> None:
    import soundfile as sf
    samples, rate = sf.read(multimodal / "audio/funasr_examples/sample.wav", dtype="float32",
                            always_2d=True)
    speech = speech_activity(samples, rate)
    assert speech.start_ms is not None and speech.end_ms is not None
    assert abs(speech.start_ms - 770) <= 300 and abs(speech.end_ms - 5980) <= 300
    silent, rate = sf.read(multimodal / "audio/nonspeech_audiomentations/digital_silence/"
                           "digital_silence.wav", dtype="float32", always_2d=True)
    assert speech_activity(silent, rate).ratio == 0.0
