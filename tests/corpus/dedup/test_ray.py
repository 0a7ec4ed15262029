"""The dedup steps as Ray tasks give the local executor's output bytes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from jingshu.corpus.dedup import NearDedupConfig, dedup_files
from tests.corpus.dedup.test_api import shards  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.ray,
    pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                       reason="ray is not installed (pip install ray)"),
]


def test_ray_matches_local(shards: Path, tmp_path: Path) -> None:  # noqa: F811
    import ray

    config = NearDedupConfig(threshold=0.5, verify=True, line_min_docs=5)
    local = dedup_files(shards, tmp_path / "local", config, progress=False)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = dedup_files(shards, tmp_path / "ray", config, executor="ray", progress=False)
    finally:
        ray.shutdown()
    assert remote.docs_out == local.docs_out
    for name in ("a.jsonl.gz", "b.jsonl.gz"):
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
