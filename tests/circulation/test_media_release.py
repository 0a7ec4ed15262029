"""Conditional release of images: a Parquet extract carries the images, marked in their
pixels for the grant (the operator named in the audit entry, the stored originals
unchanged), and a leaked, re-encoded, resized or cropped image is traced back to the
grant through the API, the command line and Python; an unmarked copy names nobody."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from PIL import Image
from sqlalchemy import select

from jingshu.audit import AuditEntry
from jingshu.cli.main import cli
from jingshu.facade import Client
from tests.circulation.conftest import Flow
from tests.web.helpers import API

pytestmark = pytest.mark.realdata
PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "multimodal" / \
    "images" / "coco_tiny" / "small_coco" / "train_2017_small"


def _image_grant(flow: Flow) -> tuple[dict[str, object], dict[str, bytes]]:
    if not PHOTOS.is_dir():
        pytest.skip(f"real photos {PHOTOS} are absent (they ship beside the repo in CI)")
    blobs = flow.platform.store.blobs()
    originals, rows = {}, []
    for i, path in enumerate(sorted(PHOTOS.glob("*.jpg"))[:4]):
        data = path.read_bytes()
        sha = blobs.put(data)
        originals[sha] = data
        with Image.open(path) as im:
            width, height = im.size
        rows.append({"id": f"p{i}", "file_name": path.name, "image_sha256": sha,
                     "format": "JPEG", "width": width, "height": height,
                     "size_bytes": len(data), "error": None})
    return flow.grant_on("photos", rows, ["id", "file_name", "image_sha256"]), originals


def _leak(image: bytes) -> bytes:
    """What a careless recipient might post: half size, JPEG quality 60."""
    with Image.open(io.BytesIO(image)) as im:
        small = im.convert("RGB").resize((im.width // 2, im.height // 2))
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=60)
    return buf.getvalue()


def test_image_extract_is_marked_audited_and_traced(flow: Flow, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    grant, originals = _image_grant(flow)
    r = flow.client.get(f"{API}/grants/{grant['id']}/download", params={"format": "parquet"},
                        headers=flow.consumer)
    assert r.status_code == 200, r.text
    extract = tmp_path / "extract.parquet"
    extract.write_bytes(r.content)
    rows = pq.read_table(extract).to_pylist()
    assert len(rows) == len(originals)
    assert all(row["image"]["bytes"] != originals[row["image_sha256"]] for row in rows)
    blobs = flow.platform.store.blobs()  # the stored originals are untouched
    assert all(hashlib.sha256(blobs.get(sha)).hexdigest() == sha for sha in originals)
    with flow.platform.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "grant.download")).one()
    pixels = json.loads(entry.detail)["watermark"]["pixels"]
    assert pixels["operator"] == "image_spread_spectrum_dct" and pixels["changes_pixels"]
    assert pixels["images"] == len(originals) and pixels["psnr_db_min"] >= 38

    leak = tmp_path / "leak.jpg"
    leak.write_bytes(_leak(rows[0]["image"]["bytes"]))
    found = flow.client.post(f"{API}/watermark/trace", headers=flow.publisher,
                             files={"file": ("leak.jpg", leak.read_bytes(), "image/jpeg")}).json()
    assert found["verdict"] == "traced", found
    assert found["findings"][0]["grant_id"] == grant["id"] and found["images"] == 1
    assert found["findings"][0]["image_z"] > 6

    monkeypatch.setenv("JINGSHU_DATABASE_URL", flow.platform.settings.database_url)
    monkeypatch.setenv("JINGSHU_SECRET_KEY", "test-secret")
    home = str(flow.platform.settings.home)
    out = CliRunner().invoke(cli, ["--home", home, "watermark", "trace", str(leak), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["findings"][0]["holder"] == flow.consumer_name

    result = Client(flow.platform).trace(extract)  # the whole extract: pixels and order
    assert result.verdict.value == "traced" and result.findings[0].grant_id == grant["id"]
    assert result.images == len(originals)

    clean = tmp_path / "clean.jpg"  # the same photo, never released: nobody is named
    clean.write_bytes(_leak(originals[rows[0]["image_sha256"]]))
    out = CliRunner().invoke(cli, ["--home", home, "watermark", "trace", str(clean), "--json"])
    assert out.exit_code == 1, out.output
    assert json.loads(out.output)["verdict"] == "unmarked"
