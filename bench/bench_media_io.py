"""Media import and export throughput (MB/s) and peak memory on a set made from the
real photos.

The set: every decodable photo of ../shared/data/multimodal/images, reduced to at most
640 px and re-encoded at JPEG quality 60–95 (random), repeated until N distinct files
(each one different bytes), written to a temporary ``imagefolder`` with a
``metadata.jsonl`` caption per file. Timed, each in this process: import through
``read_source`` into a store version (probe and full decode of every file, sha256,
blobs), export as the Hugging Face layout and as WebDataset tars. Peak RSS is the
process's maximum resident set after each step.

usage: python bench/bench_media_io.py [--images 10000]
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.report import write_section  # noqa: E402

from jingshu.store import DatasetStore, Provenance  # noqa: E402
from jingshu.store.importers import read_source  # noqa: E402
from jingshu.store.media_export import export_hf_media, export_webdataset  # noqa: E402

IMAGES = ROOT.parent / "shared" / "data" / "multimodal" / "images"


def _photos() -> list[Image.Image]:
    out = []
    for p in sorted(IMAGES.rglob("*.jpg")):
        try:
            with Image.open(p) as im:
                im.load()
                photo = (ImageOps.exif_transpose(im) or im).convert("RGB")
        except Exception:  # undecodable: not used
            continue
        photo.thumbnail((640, 640))
        out.append(photo)
    return out


def _make(folder: Path, n: int) -> int:
    rng = random.Random(17)
    photos = _photos()
    total = 0
    with (folder / "metadata.jsonl").open("w", encoding="utf-8") as meta:
        for i in range(n):
            buf = io.BytesIO()
            photos[i % len(photos)].save(buf, "JPEG", quality=60 + (i // len(photos)) % 36)
            name = f"{i // 1000:02d}/img{i:06d}.jpg"
            (folder / name).parent.mkdir(exist_ok=True)
            (folder / name).write_bytes(buf.getvalue())
            total += len(buf.getvalue())
            meta.write(json.dumps({"file_name": name, "caption": f"照片 {rng.randint(0, 9)}"},
                                  ensure_ascii=False) + "\n")
    return total


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=10_000)
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        (tmp / "in").mkdir()
        size = _make(tmp / "in", a.images) / 1e6
        base = _rss_mb()
        store = DatasetStore(str(tmp / "store"))
        started = time.perf_counter()
        with store.writer("bench", creator="bench", made_by=Provenance("import", "bench")) as w:
            for batch in read_source(str(tmp / "in"), format="imagefolder", blobs=store.blobs()):
                w.write_batch(batch)
            location, manifest = w.commit()
        rows.append(("import (imagefolder, full decode check)", time.perf_counter() - started,
                     _rss_mb()))
        version = store.open(location)
        for label, fn in (("export Hugging Face (Image feature)", export_hf_media),
                          ("export WebDataset tars", export_webdataset)):
            started = time.perf_counter()
            fn(version, str(tmp / label.split()[1]))
            rows.append((label, time.perf_counter() - started, _rss_mb()))
    lines = [
        "## Media import and export throughput", "",
        f"Machine: {platform.node()}, {platform.machine()}, 2 cores shared with other jobs; "
        f"date {date.today()}; command `python bench/bench_media_io.py --images {a.images}`. "
        f"{a.images:,} distinct JPEGs ({size:.0f} MB) made from the real photos (≤ 640 px, "
        f"quality 60–95) with a caption each; {manifest.rows:,} rows imported. Wall-clock "
        f"seconds; peak RSS of the whole process (it was {base:.0f} MB after making the set).",
        "", "| step | seconds | MB/s | peak RSS MB |", "|---|---|---|---|"]
    for label, seconds, rss in rows:
        lines.append(f"| {label} | {seconds:.1f} | {size / seconds:.1f} | {rss:.0f} |")
    print("\n".join(lines))
    write_section("media-io", "\n".join(lines))


if __name__ == "__main__":
    main()
