"""``jingshu media``: import with bad files listed, run a recipe, export."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from tests.cli.conftest import Invoke, as_json
from tests.media.conftest import jpeg


def _sharp(seed: int) -> bytes:
    """Noise: sharp enough for image_blur, distinct for image_dedup."""
    pixels = np.random.default_rng(seed).integers(0, 256, (150, 200, 3), np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def test_import_run_export(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(_sharp(1))
    (folder / "b.jpg").write_bytes(_sharp(2))
    (folder / "cut.jpg").write_bytes(jpeg(3, size=(400, 300))[:2500])
    result = as_json(invoke("media", "import", str(folder), "--name", "photos", "--json"))
    assert result["rows"] == 3
    assert [b["file"] for b in result["bad_files"]] == ["cut.jpg"]
    out = invoke("media", "run", "img-release", "photos", "photos-release").stdout
    assert "decode_check" in out and "published 2 rows as photos-release@1" in out
    two = as_json(invoke("media", "run", "img-release", "photos", "photos-two", "--workers",
                         "2", "--executor", "local", "--json"))
    assert two["report"]["docs_out"] == 2 and two["report"]["drops"] == {
        "decode_check:cannot decode image": 1}
    export = invoke("media", "export", "photos-release", str(tmp_path / "wds"),
                    "--format", "webdataset").stdout
    assert "exported 2 rows of photos-release@1" in export
    assert (tmp_path / "wds" / "shard-000000.tar").is_file()
    assert "img-release (image): decode_check, exif_strip" in invoke("media", "recipes").stdout
    assert "would remove 0 unreferenced" in invoke("media", "gc", "--grace-s", "0",
                                                   "--dry-run").stdout


def test_import_of_a_missing_format_says_how(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("nothing here")
    result = invoke("media", "import", str(tmp_path), "--name", "empty",
                    "--format", "imagefolder", code=2)
    assert "no image files" in result.output


def test_run_that_keeps_nothing_names_the_step(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "soft.jpg").write_bytes(jpeg(1, size=(200, 150)))  # smooth: blurred
    invoke("media", "import", str(tmp_path), "--name", "soft")
    out = invoke("media", "run", "img-release", "soft", "soft-release", code=2).output
    assert "step image_blur dropped 1 as 'blurred'" in out
