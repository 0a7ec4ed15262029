"""How to store media bytes: Parquet binary column vs tar shards vs content-addressed files.

Takes the real photos in ../shared/data/multimodal/images (only those that decode),
stores them as version 1, then a derived version 2 keeping 90 % of the rows (as a
filter step would), three ways:

* ``parquet``: bytes inline in a zstd Parquet binary column, one shard per version;
* ``tar``: WebDataset-style tar shard per version, the manifest pointing into it;
* ``cas``: one file per distinct sha256 under ``blobs/`` (jingshu's
  :class:`~jingshu.store.blobs.BlobStore`), the versions' Parquet holding only hashes.

Reports bytes on disk after both versions, write MB/s, and the median time to read
one file back by its row (what a viewer thumbnail or a single-row operator needs).

usage: python bench/bench_media_store.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import statistics
import sys
import tarfile
import tempfile
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.report import write_section  # noqa: E402

from jingshu.store.blobs import BlobStore  # noqa: E402
from jingshu.store.fs import RootedFS  # noqa: E402
from jingshu.store.media_probe import IMAGE_SUFFIXES, probe_image  # noqa: E402

IMAGES = ROOT.parent / "shared" / "data" / "multimodal" / "images"


def _files() -> list[tuple[str, bytes]]:
    out = []
    for p in sorted(IMAGES.rglob("*")):
        if p.suffix.lower() in IMAGE_SUFFIXES and "variants_synthetic" not in p.parts:
            data = p.read_bytes()
            if probe_image(data, p.name).error is None:
                out.append((str(p.relative_to(IMAGES)), data))
    return out


def _du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _parquet(tmp: Path, versions: list[list[tuple[str, bytes]]]) -> list[Path]:
    paths = []
    for i, rows in enumerate(versions):
        path = tmp / f"v{i}.parquet"
        table = pa.table({"id": [n for n, _ in rows], "image": [d for _, d in rows]})
        pq.write_table(table, path, compression="zstd", row_group_size=64)
        paths.append(path)
    return paths


def _tar(tmp: Path, versions: list[list[tuple[str, bytes]]]) -> list[Path]:
    paths = []
    for i, rows in enumerate(versions):
        path = tmp / f"v{i}.tar"
        with tarfile.open(path, "w") as tar:
            for n, (_, data) in enumerate(rows):
                info = tarfile.TarInfo(f"{n:06d}.jpg")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        paths.append(path)
    return paths


def _cas(tmp: Path, versions: list[list[tuple[str, bytes]]]) -> BlobStore:
    blobs = BlobStore(RootedFS.from_url(str(tmp)))
    for i, rows in enumerate(versions):
        shas = [blobs.put(d) for _, d in rows]
        pq.write_table(pa.table({"id": [n for n, _ in rows], "image_sha256": shas}),
                       tmp / f"v{i}.parquet", compression="zstd")
    return blobs


def _read_one(kind: str, tmp: Path, rows: list[tuple[str, bytes]], k: int) -> bytes:
    if kind == "parquet":
        f = pq.ParquetFile(tmp / "v0.parquet")
        return bytes(f.read_row_group(k // 64, columns=["image"]).column(0)[k % 64].as_py())
    if kind == "tar":
        with tarfile.open(tmp / "v0.tar") as tar:
            handle = tar.extractfile(f"{k:06d}.jpg")
            return handle.read() if handle else b""
    sha = pq.read_table(tmp / "v0.parquet", columns=["image_sha256"]).column(0)[k].as_py()
    return BlobStore(RootedFS.from_url(str(tmp))).get(sha)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    files = _files()
    rng = random.Random(17)
    v2 = [f for f in files if rng.random() < 0.9]
    megabytes = sum(len(d) for _, d in files) / 1e6
    results = []
    for kind, write in (("parquet", _parquet), ("tar", _tar), ("cas", _cas)):
        secs, reads, size = [], [], 0
        for _ in range(a.repeats):
            with tempfile.TemporaryDirectory() as t:
                tmp = Path(t)
                started = time.perf_counter()
                write(tmp, [files, v2])  # type: ignore[operator]
                secs.append(time.perf_counter() - started)
                size = _du(tmp)
                for k in rng.sample(range(len(files)), 20):
                    started = time.perf_counter()
                    assert _read_one(kind, tmp, files, k) == files[k][1]
                    reads.append(time.perf_counter() - started)
        results.append((kind, size, statistics.median(secs), statistics.median(reads)))
    lines = [
        "## Media storage layout (Parquet binary column vs tar shards vs content-addressed)",
        "", f"Machine: {platform.node()}, {platform.machine()}, 2 cores shared; date "
        f"{date.today()}; command `python bench/bench_media_store.py --repeats {a.repeats}`. "
        f"{len(files)} real photos ({megabytes:.1f} MB) as version 1, then a derived "
        f"version keeping {len(v2)} of them.", "",
        "| layout | bytes on disk, both versions | / one copy | write MB/s (median) | "
        "read one file by row, ms (median) |", "|---|---|---|---|---|"]
    for kind, size, sec, read in results:
        mbps = megabytes * (1 + len(v2) / len(files)) / sec
        lines.append(f"| {kind} | {size:,} | {size / (megabytes * 1e6):.2f} | {mbps:.0f} | "
                     f"{read * 1000:.2f} |")
    print("\n".join(lines))
    write_section("media-store", "\n".join(lines))


if __name__ == "__main__":
    main()
