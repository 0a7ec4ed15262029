"""EXIF/GPS stripping on the real photos: GPS tags left, pixels unchanged, speed.

Every image in ../shared/data/multimodal/images that Pillow decodes goes through
jingshu's ``strip_metadata`` (orientation applied) and, as the anchor, the common
"re-save with Pillow without EXIF" (JPEG quality 95; PNG for the rest). Counted per
method: files with GPS before, GPS tags left (Pillow's GPS IFD) and EXIF blocks left
(``Exif\\0\\0`` anywhere in the bytes, which also finds MPO frames and trailers),
files whose decoded pixels are bit-identical (sha256 of mode, size and raw pixels),
files turned upright on purpose, and MB/s.

usage: python bench/bench_media_exif.py
"""

from __future__ import annotations

import io
import platform
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.report import write_section  # noqa: E402

from jingshu.media.exif import exif_blocks, gps_tag_count, pixel_sha256, strip_metadata  # noqa: E402
from jingshu.store.media_probe import probe_image  # noqa: E402

IMAGES = ROOT.parent / "shared" / "data" / "multimodal" / "images"


def _files() -> list[tuple[str, bytes]]:
    out = []
    for p in sorted(IMAGES.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if probe_image(data, p.name).error is None:
                out.append((str(p.relative_to(IMAGES)), data))
    return out


def _pillow_resave(data: bytes) -> tuple[bytes, bool]:
    with Image.open(io.BytesIO(data)) as im:
        buf = io.BytesIO()
        if im.format == "JPEG":
            im.save(buf, "JPEG", quality=95)
        else:
            im.save(buf, "PNG")
        return buf.getvalue(), False


def _jingshu(data: bytes) -> tuple[bytes, bool]:
    out = strip_metadata(data)
    return out.data, out.pixels_changed


def _gps(data: bytes) -> int:
    try:
        return gps_tag_count(data)
    except Exception:  # a broken EXIF block: no GPS readable
        return 0


def _run(method: Callable[[bytes], tuple[bytes, bool]], files: list[tuple[str, bytes]]
         ) -> dict[str, float]:
    started = time.process_time()
    outs = [method(d) for _, d in files]
    seconds = time.process_time() - started
    same = sum(not changed and pixel_sha256(o) == pixel_sha256(d)
               for (_, d), (o, changed) in zip(files, outs, strict=True))
    return {"gps_left": sum(_gps(o) for o, _ in outs),
            "files_gps_left": sum(_gps(o) > 0 for o, _ in outs),
            "exif_left": sum(exif_blocks(o) > 0 for o, _ in outs),
            "same": same, "upright": sum(c for _, c in outs),
            "mbs": sum(len(d) for _, d in files) / 1e6 / seconds}


def main() -> None:
    files = _files()
    with_gps = sum(_gps(d) > 0 for _, d in files)
    rows = [("jingshu strip_metadata (orientation: apply)", _run(_jingshu, files)),
            ("Pillow re-save without exif= (anchor)", _run(_pillow_resave, files))]
    lines = [
        "## EXIF/GPS stripping (real photos)", "",
        f"Machine: {platform.node()}, {platform.machine()}, 2 cores shared; date {date.today()}; "
        f"command `python bench/bench_media_exif.py`. {len(files)} decodable images under "
        f"../shared/data/multimodal/images (real and synthetic), {with_gps} with GPS. "
        "Pixels: files whose decoded pixels are bit-identical to the input's, of those not "
        "turned upright on purpose. MB/s: CPU time, one process.", "",
        "| method | GPS tags left | files with GPS left | files with an EXIF block left | "
        "pixels identical | turned upright | MB/s |", "|---|---|---|---|---|---|---|"]
    for label, r in rows:
        lines.append(f"| {label} | {r['gps_left']:.0f} | {r['files_gps_left']:.0f} | "
                     f"{r['exif_left']:.0f} | {r['same']:.0f} / {len(files) - r['upright']:.0f} "
                     f"| {r['upright']:.0f} | {r['mbs']:.1f} |")
    print("\n".join(lines))
    write_section("media-exif", "\n".join(lines))


if __name__ == "__main__":
    main()
