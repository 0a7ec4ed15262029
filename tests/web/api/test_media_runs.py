"""Media recipes through the same run front doors as corpus recipes: the queued
/api/v1/corpus/runs, the portal's run form and ``run_recipe_on_dataset`` (Python)."""

from __future__ import annotations

import io
import re
import tarfile
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
from fastapi.testclient import TestClient
from PIL import Image

from jingshu.accounts.models import Role
from jingshu.catalog.importing import import_file
from jingshu.catalog.rules import Modality, OpenTier
from jingshu.catalog.service import DatasetSpec, get_dataset, get_version, open_version
from jingshu.facade import Client
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.media.exif import gps_tag_count
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.api.test_corpus_runs import _poll
from tests.web.helpers import API, Headers, as_role, error_of
from tests.web.pages.forms import page_login
from tests.web.pages.test_corpus_runs_pages import _wait_for_runs


def _sharp(seed: int, *, gps: bool = False) -> bytes:
    """A 400×300 JPEG of noise (sharp, so img-release's blur filter keeps it)."""
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (39.0, 54.0, 20.0), 3: "E", 4: (116.0, 23.0, 29.0)}
    pixels = np.random.default_rng(seed).integers(0, 256, (300, 400, 3), np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def _photos(platform: Platform, tmp_path: Path, name: str = "photos",
            tier: OpenTier = OpenTier.UNCONDITIONAL) -> None:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "gps.jpg").write_bytes(_sharp(7, gps=True))
    (folder / "plain.jpg").write_bytes(_sharp(9))
    (folder / "cut.jpg").write_bytes(_sharp(11)[:900])
    dark = io.BytesIO()
    Image.new("RGB", (300, 300), (3, 3, 3)).save(dark, "JPEG")
    (folder / "dark.jpg").write_bytes(dark.getvalue())
    with platform.session() as s:
        import_file(s, platform.store, str(folder), creator="t",
                    spec=DatasetSpec(name=name, title=name, organization="pub-org",
                                     open_tier=tier))


def _publisher(platform: Platform) -> Headers:
    make_org(platform, "pub-org")
    return as_role(platform, Role.PUBLISHER, organization="pub-org", name="pub")


def test_an_image_import_says_it_holds_images(platform: Platform, tmp_path: Path) -> None:
    make_org(platform, "pub-org")
    _photos(platform, tmp_path)
    with platform.session() as s:
        assert get_dataset(s, "photos").modality is Modality.IMAGE


def test_img_release_queued_over_http_publishes_stripped_images(
        platform: Platform, client: TestClient, tmp_path: Path) -> None:
    headers = _publisher(platform)
    _photos(platform, tmp_path)
    response = client.post(f"{API}/corpus/runs", headers=headers,
                           json={"recipe": "img-release", "source": "photos@1",
                                 "target": "photos-release"})
    assert response.status_code == 202, response.text
    done = _poll(client, headers, response.json()["id"])
    assert done["status"] == "succeeded", done["error"]
    assert done["summary"]["docs_out"] == 2
    assert done["summary"]["drops"] == {"decode_check:cannot decode image": 1,
                                        "image_blur:blurred": 1}
    lineage = client.get(f"{done['version_url']}/lineage").json()
    assert {n["dataset"] for n in lineage["nodes"]} == {"photos", "photos-release"}
    with platform.session() as s:
        made = get_version(s, "photos-release", 1)
        assert made.made_by_kind == "recipe" and made.dataset.modality is Modality.IMAGE
        rows = open_version(platform.store, made).head(10)
    blobs = platform.store.blobs()
    assert sorted(str(r["file_name"]) for r in rows) == ["gps.jpg", "plain.jpg"]
    assert all(gps_tag_count(blobs.get(str(r["image_sha256"]))) == 0 for r in rows)


def test_a_bad_media_recipe_is_refused_before_it_is_queued(
        platform: Platform, client: TestClient, tmp_path: Path) -> None:
    headers = _publisher(platform)
    _photos(platform, tmp_path)
    recipe = "name: mine\nmedia: image\nsteps:\n  - op: image_size\n    min_sidee: 10\n"
    response = client.post(f"{API}/corpus/runs", headers=headers,
                           json={"recipe": recipe, "source": "photos@1", "target": "p2"})
    assert response.status_code == 422, response.text
    message = str(error_of(response)["message"])
    assert "min_sidee" in message and "image_size" in message
    misspelt = recipe.replace("    min_sidee", "    params:\n      min_sidee")
    response = client.post(f"{API}/corpus/runs", headers=headers,
                           json={"recipe": misspelt, "source": "photos@1", "target": "p2"})
    assert response.status_code == 422, response.text
    assert "min_sidee" in str(error_of(response)["message"])
    assert client.get(f"{API}/corpus/runs", headers=headers).json() == []
    unknown = client.post(f"{API}/corpus/runs", headers=headers,
                          json={"recipe": "img-releas", "source": "photos@1", "target": "p2"})
    assert unknown.status_code == 422 and "img-release" in str(error_of(unknown)["hint"])


def test_a_media_recipe_on_a_text_dataset_fails_naming_the_column(
        platform: Platform, client: TestClient) -> None:
    headers = _publisher(platform)
    make_dataset(platform, name="words", rows=[{"id": "1", "text": "一段文字"}],
                 organization="pub-org")
    response = client.post(f"{API}/corpus/runs", headers=headers,
                           json={"recipe": "img-release", "source": "words@1", "target": "w2"})
    assert response.status_code == 202, response.text
    done = _poll(client, headers, response.json()["id"])
    assert done["status"] == "failed" and "'image_sha256'" in done["error"]


def test_python_runs_a_media_recipe_by_name(platform: Platform, tmp_path: Path) -> None:
    make_org(platform, "pub-org")
    _photos(platform, tmp_path)
    version, report = run_recipe_on_dataset(platform, "img-release", "photos", "out",
                                            creator="t")
    assert (version.rows, report.docs_in, report.docs_out) == (2, 4, 2)
    make_user(platform, Role.PUBLISHER, name="pub", organization="pub-org")
    recipe = tmp_path / "mine.yaml"
    recipe.write_text("name: mine\nmedia: image\nsteps:\n  - op: decode_check\n",
                      encoding="utf-8")
    run = Client(platform, "pub").corpus_run(recipe, "photos@1", "photos-ok")
    assert run.output == "photos-ok@1" and run.report.docs_out == 3


def test_the_portal_offers_media_recipes_for_images_and_runs_them(
        platform: Platform, client: TestClient, tmp_path: Path) -> None:
    make_org(platform, "pub-org")
    _photos(platform, tmp_path)
    make_user(platform, Role.PUBLISHER, name="pub", organization="pub-org")
    csrf = page_login(client, "pub")
    page = client.get("/datasets/photos").text
    assert 'value="img-release"' in page and 'value="zh-web"' not in page
    response = client.post("/datasets/photos/versions/1/runs", follow_redirects=False,
                           data={"csrf_token": csrf, "recipe": "img-release",
                                 "target": "photos-out"})
    assert response.status_code == 303, response.text
    _wait_for_runs(platform)
    with platform.session() as s:
        assert get_version(s, "photos-out", 1).rows == 2


def test_the_media_run_report_shows_thumbnails_and_histograms(
        platform: Platform, client: TestClient, tmp_path: Path) -> None:
    make_org(platform, "pub-org")
    _photos(platform, tmp_path, tier=OpenTier.CONDITIONAL)
    run_recipe_on_dataset(platform, "img-release", "photos", "out", creator="t")
    make_user(platform, Role.PUBLISHER, name="pub", organization="pub-org")
    page_login(client, "pub")
    page = client.get("/datasets/out?lang=en").text
    links = re.findall(r'src="(/datasets/out/versions/1/report/media/[0-9a-f]{64})"', page)
    assert len(links) == 1  # the dark photo; the truncated one has no picture
    thumb = client.get(links[0])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(thumb.content)) as im:
        assert max(im.size) == 160 and max(im.convert("L").getdata()) < 30  # the dark one
    plots = re.findall(r'report/(media-[a-z_]+)\.png', page)
    assert {"media-width", "media-blur_variance"} <= set(plots)
    png = client.get("/datasets/out/versions/1/report/media-width.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    other = "0" * 64
    assert client.get(f"/datasets/out/versions/1/report/media/{other}").status_code == 404
    client.cookies.clear()  # seeing an example is seeing the data: conditional here
    assert client.get(links[0]).status_code in (401, 403)
    assert "report/media/" not in client.get("/datasets/out?lang=en").text


def test_media_versions_download_as_hf_or_webdataset_tar(
        platform: Platform, client: TestClient, tmp_path: Path) -> None:
    headers = _publisher(platform)
    _photos(platform, tmp_path)
    url = f"{API}/datasets/photos/versions/1/download"
    hf = client.get(url, params={"format": "hf"}, headers=headers)
    assert hf.status_code == 200, hf.text
    assert hf.headers["content-type"] == "application/x-tar"
    assert 'filename="photos-v1.hf.tar"' in hf.headers["content-disposition"]
    out = tmp_path / "hf"
    with tarfile.open(fileobj=io.BytesIO(hf.content)) as tar:
        tar.extractall(out, filter="data")
    card = (out / "photos-v1.hf" / "README.md").read_text("utf-8")
    assert card.startswith("---\n") and "image-classification" in card
    table = pq.read_table(next((out / "photos-v1.hf" / "data").glob("*.parquet")))
    by_name = {r["file_name"]: r for r in table.to_pylist()}
    blobs = platform.store.blobs()
    assert by_name["plain.jpg"]["image"]["bytes"] == blobs.get(
        str(by_name["plain.jpg"]["image_sha256"]))
    assert by_name["cut.jpg"]["image"] is None  # did not decode at import
    wds = client.get(url, params={"format": "webdataset"}, headers=headers)
    assert wds.status_code == 200
    with tarfile.open(fileobj=io.BytesIO(wds.content)) as tar:
        shards = [m for m in tar.getmembers() if m.name.endswith(".tar")]
        assert len(shards) == 1
        shard = tar.extractfile(shards[0])
        assert shard is not None
        with tarfile.open(fileobj=io.BytesIO(shard.read())) as inner:
            assert sum(n.endswith(".jpg") for n in inner.getnames()) == 3  # cut.jpg left out
    words = client.get(f"{API}/datasets/photos/versions/1/download", headers=headers,
                       params={"format": "nope"})
    assert words.status_code == 400 and "webdataset" in str(error_of(words))
    make_dataset(platform, name="words", rows=[{"id": "1", "text": "一段文字"}],
                 organization="pub-org")
    text_wds = client.get(f"{API}/datasets/words/versions/1/download", headers=headers,
                          params={"format": "webdataset"})
    assert text_wds.status_code == 400 and "image_sha256" in str(error_of(text_wds)["message"])
