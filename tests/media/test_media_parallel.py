"""Media runs on worker processes and on a local Ray give the one-process run's bytes."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from jingshu.catalog.importing import import_file
from jingshu.catalog.service import DatasetSpec, get_version, open_version, parse_ref
from jingshu.jobs import media_parallel
from jingshu.jobs.media_runs import run_media_recipe
from jingshu.media.recipe import parse_media_recipe
from jingshu.platform import Platform
from tests.media.test_media_run import _release_folder

RECIPE = {"name": "par", "media": "image", "steps": [
    {"op": "decode_check"}, {"op": "exif_strip"}, {"op": "image_size"},
    {"op": "image_aspect"}, {"op": "image_exposure"}, {"op": "image_hash"},
    {"op": "image_dedup"}]}


def _shard_bytes(platform: Platform, name: str) -> list[str]:
    with platform.session() as s:
        stored = open_version(platform.store, get_version(s, *parse_ref(name)))
        files = [Path(stored.shard_path(shard)).read_bytes() for shard in stored.manifest.shards]
    return [hashlib.sha256(data).hexdigest() for data in files]


@pytest.fixture
def photos(tmp_path: Path, platform: Platform, monkeypatch: pytest.MonkeyPatch) -> Platform:
    monkeypatch.setattr(media_parallel, "CHUNK_ROWS", 3)  # 8 rows: 3 chunks
    with platform.session() as s:
        import_file(s, platform.store, str(_release_folder(tmp_path / "photos")),
                    spec=DatasetSpec(name="photos", title="p"), creator="t")
    return platform


def _run(platform: Platform, target: str, **options: object) -> dict[str, object]:
    recipe = parse_media_recipe(RECIPE, "test")
    _, report = run_media_recipe(platform, recipe, "photos", target, creator="t",
                                 **options)  # type: ignore[arg-type]
    out = report.to_dict()
    out.pop("seconds"), out.pop("docs_per_second")
    for op in out["operators"]:  # type: ignore[union-attr]
        op.pop("seconds")
    return out


def test_worker_processes_give_the_same_bytes_and_report(photos: Platform) -> None:
    one = _run(photos, "one")
    two = _run(photos, "two", workers=2)
    assert one == two and one["docs_out"] == 3
    assert _shard_bytes(photos, "one") == _shard_bytes(photos, "two")


@pytest.mark.ray
@pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                    reason="ray is not installed (pip install 'jingshu[ray]')")
def test_a_local_ray_gives_the_same_bytes_and_report(photos: Platform) -> None:
    one = _run(photos, "one")
    on_ray = _run(photos, "on-ray", workers=2, executor="ray")
    assert one == on_ray
    assert _shard_bytes(photos, "one") == _shard_bytes(photos, "on-ray")
