"""Media runs on 1 and 2 worker processes and on a local Ray: wall time, same bytes.

The real photos of ../shared/data/multimodal/images (not the synthetic variants) are
imported as one image dataset (``imagefolder``) into a fresh platform, and the
built-in ``img-release`` recipe runs over it with ``workers=1`` (one process),
``workers=2`` (spawned processes) and ``executor="ray", workers=2`` (a local Ray with
2 CPUs, started by the run), chunks of CHUNK rows. Reports wall seconds per run and
whether the published shards are the same bytes as the one-process run's.

usage: python bench/bench_media_parallel.py [--chunk 40]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.report import write_section  # noqa: E402

from jingshu.catalog.importing import import_file  # noqa: E402
from jingshu.catalog.service import DatasetSpec, get_version, open_version, parse_ref  # noqa: E402
from jingshu.jobs import media_parallel  # noqa: E402
from jingshu.jobs.media_runs import run_media_recipe  # noqa: E402
from jingshu.platform import Platform  # noqa: E402
from jingshu.settings import load_settings  # noqa: E402

IMAGES = ROOT.parent / "shared" / "data" / "multimodal" / "images"


def _shards(plat: Platform, name: str) -> list[str]:
    with plat.session() as s:
        stored = open_version(plat.store, get_version(s, *parse_ref(name)))
        return [hashlib.sha256(Path(stored.shard_path(sh)).read_bytes()).hexdigest()
                for sh in stored.manifest.shards]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunk", type=int, default=40)
    a = ap.parse_args()
    if not IMAGES.is_dir():
        sys.exit(f"{IMAGES} is absent: this bench needs the real photos")
    media_parallel.CHUNK_ROWS = a.chunk
    with tempfile.TemporaryDirectory(prefix="jingshu-bench-") as tmp:
        photos = Path(tmp) / "photos"
        shutil.copytree(IMAGES, photos, ignore=shutil.ignore_patterns("variants_synthetic"))
        plat = Platform(load_settings(home=str(Path(tmp) / "home"), secret_key="bench"))
        with plat.session() as s:
            version = import_file(s, plat.store, str(photos), fmt="imagefolder",
                                  spec=DatasetSpec(name="photos", title="photos"),
                                  creator="bench")
            rows = version.rows
        runs = [("1 process", {}), ("2 worker processes", {"workers": 2}),
                ("local Ray, 2 CPUs", {"workers": 2, "executor": "ray"})]
        lines = [
            "## Media runs on workers and Ray", "",
            f"Machine: {platform.node()}, {platform.machine()}, 2 cores shared (load average "
            f"{os.getloadavg()[0]:.1f} at the start); date {date.today()}; command `python "
            f"bench/bench_media_parallel.py --chunk {a.chunk}`. `img-release` over the "
            f"{rows} files of `../shared/data/multimodal/images` (no synthetic variant) "
            f"imported as one dataset, chunks of {a.chunk} rows. Wall seconds of the whole "
            "run (reading, per-row steps, dedup, publishing; Ray's start included).", "",
            "| executor | wall s | rows kept | shards same bytes as 1 process |",
            "|---|---|---|---|"]
        base: list[str] = []
        for i, (label, options) in enumerate(runs):
            started = time.perf_counter()
            _, report = run_media_recipe(plat, "img-release", "photos", f"out-{i}",
                                           creator="bench", **options)  # type: ignore[arg-type]
            seconds = time.perf_counter() - started
            shards = _shards(plat, f"out-{i}")
            base = base or shards
            lines.append(f"| {label} | {seconds:.1f} | {report.docs_out} | "
                         f"{'yes' if shards == base else 'NO'} |")
            print(lines[-1], flush=True)
        plat.close()
    write_section("media-parallel", "\n".join(lines))


if __name__ == "__main__":
    main()
