"""Benchmark: the catalog's DCAT document with each version's profile (DQV) beside without.

``GET /api/v1/catalog/dcat`` now reads every version's stored ``profile.json`` and writes
its figures as ``dqv:QualityMeasurement`` s. This measures what that adds: a catalog of
``--datasets`` datasets, one version each (a few real rows of the reference corpus), each
given the stored profile of the first ``--docs`` documents of the reference corpus (one
real profile, computed once and copied beside every version's manifest, so every version
has a profile of realistic size); then ``catalog_dcat`` without profiles (the anchor,
the document before) and with them (``exported_profile``, without row content, as
anonymous readers get it), alternated in one process, ``--runs`` times each. Medians,
the document sizes and the machine go to ``docs/benchmarks.md`` (section ``dcat-dqv``).

usage: python bench/bench_dcat.py [--datasets 300] [--docs 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_publish import sample
from report import write_section

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "publish"
BASE = "https://data.example.cn"


def build(home: Path, source: Path, datasets: int) -> tuple[object, bytes]:
    from jingshu.catalog.quality import version_profile
    from jingshu.catalog.service import get_version
    from jingshu.platform import Platform
    from jingshu.profiles.profile import PROFILE_SIDECAR
    from jingshu.settings import load_settings

    plat = Platform(load_settings(home=str(home)))
    plat.import_file(str(source), "ds-0000", creator="bench", title="reference corpus")
    with plat.session() as s:
        first = get_version(s, "ds-0000", 1)
        version_profile(plat.store, first)  # computed and stored once
        profile = plat.store.open(first.location).read_sidecar(PROFILE_SIDECAR)
    assert profile is not None
    rows = OUT / "rows_10.jsonl"
    with source.open(encoding="utf-8") as src:
        rows.write_text("".join(next(src) for _ in range(10)), encoding="utf-8")
    for i in range(1, datasets):
        plat.import_file(str(rows), f"ds-{i:04d}", creator="bench", title=f"数据集 {i}")
    with plat.session() as s:
        for i in range(1, datasets):
            version = get_version(s, f"ds-{i:04d}", 1)
            plat.store.open(version.location).write_sidecar(PROFILE_SIDECAR, profile)
    return plat, profile


def timed(plat: object, with_profiles: bool) -> tuple[float, int]:
    from jingshu.catalog.linkeddata import catalog_dcat
    from jingshu.catalog.quality import exported_profile
    from jingshu.platform import Platform

    assert isinstance(plat, Platform)
    store = plat.store
    lookup = (lambda v: exported_profile(store, v, row_content=False)) if with_profiles \
        else None
    with plat.session() as s:
        start = time.perf_counter()
        doc = catalog_dcat(s, BASE, None, lookup)
        text = json.dumps(doc, ensure_ascii=False)
        return time.perf_counter() - start, len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=300)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="bench-dcat-", dir=OUT))
    try:
        plat, profile = build(home, sample(args.docs), args.datasets)
        plain: list[float] = []
        dqv: list[float] = []
        sizes: dict[bool, int] = {}
        loads = []
        for run in range(args.runs):
            for with_profiles in (False, True) if run % 2 == 0 else (True, False):
                loads.append(os.getloadavg()[0])
                seconds, size = timed(plat, with_profiles)
                (dqv if with_profiles else plain).append(seconds)
                sizes[with_profiles] = size
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=REPO, check=False).stdout.strip()
        command = "python bench/bench_dcat.py " + " ".join(argv or sys.argv[1:])
        markdown = f"""## The catalog's DCAT document with profiles (DQV) and without

`catalog_dcat` (what `GET /api/v1/catalog/dcat` returns) over {args.datasets} datasets of
one version each, every version with a stored profile of realistic size (the profile of
the first {args.docs:,} reference-corpus documents, {len(profile) / 1000:.1f} kB, copied
beside each manifest): without profiles (the document before, the anchor) and with each
version's figures as DQV measurements (`exported_profile`, without row content), in one
process, alternated, {args.runs} runs each, building the document and serialising it.

| | median s (min–max) | per version ms | document MB |
|---|---|---|---|
| without profiles | {statistics.median(plain):.2f} ({min(plain):.2f}–{max(plain):.2f}) | \
{1000 * statistics.median(plain) / args.datasets:.2f} | {sizes[False] / 1e6:.2f} |
| with DQV measurements | {statistics.median(dqv):.2f} ({min(dqv):.2f}–{max(dqv):.2f}) | \
{1000 * statistics.median(dqv) / args.datasets:.2f} | {sizes[True] / 1e6:.2f} |

Machine: {platform.machine()}, {os.cpu_count()} CPUs shared with other work (load average
{min(loads):.1f}–{max(loads):.1f}); Python {platform.python_version()};
{dt.date.today().isoformat()}; commit {commit}; `{command.strip()}`.
"""
        (OUT / "dcat_table.md").write_text(markdown, "utf-8")
        write_section("dcat-dqv", markdown)
        print(markdown)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
