"""Conditional release of images: pixel-marked extracts and tracing a leaked image.

An extract of an image dataset (rows naming their image by ``image_sha256``) in
Parquet carries the images themselves in an ``image`` column (``{bytes, path}``, as
the Hugging Face ``Image`` feature stores them). Two marks, both keyed per grant:

* the rows come in the grant's keyed order (:mod:`.watermark.records`), which changes
  no pixel and works for any media;
* every image is marked for the grant by :func:`jingshu.media.watermark.mark_image`
  (a spread-spectrum watermark in the luminance's low-to-middle DCT frequencies that
  survives JPEG re-encoding, resizing and cropping). That is an operator that changes
  pixels on purpose, so the ``grant.download`` audit entry names it with its
  parameters and the PSNR it cost; the stored originals are never changed.

:func:`trace_images` names the grant a leaked image, folder of images or Parquet file
with an ``image`` column came from: each leaked image is matched to a stored original
by perceptual hash and registered to it (:func:`~jingshu.media.watermark.align_to`),
and each candidate's ``z`` over all leaked images is bounded by Hoeffding's inequality
for anyone who did not receive them (``P ≤ exp(−z²/2)``), times the number of
candidates: a grant is named only when that is at most ``alpha``.
"""

from __future__ import annotations

import io
import math
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from PIL import Image, UnidentifiedImageError

from jingshu.circulation.watermark import Candidate, Finding, TraceResult, Verdict
from jingshu.errors import InputError
from jingshu.media.hashing import crop_hashes, dhash, hamming, phash
from jingshu.media.watermark import (
    BAND,
    JPEG_QUALITY,
    TARGET_PSNR,
    Residual,
    align_to,
    mark_image,
    p_value,
    residual,
    score,
)
from jingshu.store import StoredVersion
from jingshu.store.blobs import BlobStore
from jingshu.store.media_probe import IMAGE_SUFFIXES

__all__ = [
    "IMAGE_COLUMN",
    "OPERATOR",
    "OriginalImage",
    "PixelMarks",
    "is_image_leak",
    "leaked_images",
    "mark_images",
    "originals_of",
    "trace_images",
]

IMAGE_COLUMN = "image"
SHA_COLUMN = "image_sha256"
OPERATOR = "image_spread_spectrum_dct"
_STRUCT = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
_CANDIDATES_PER_IMAGE = 3  # originals tried per leaked image, nearest hashes first
_MAX_HASH_DISTANCE = 20  # of the best of pHash/dHash over an original's 19 crops


@dataclass
class PixelMarks:
    """What marking the images of one extract did (for the audit entry)."""

    psnrs: list[float]
    unmarked: int = 0  # rows without an image (an import error, no blob)

    def audit(self) -> dict[str, object]:
        finite = [p for p in self.psnrs if math.isfinite(p)]
        return {"operator": OPERATOR, "changes_pixels": True, "originals": "unchanged",
                "band": list(BAND), "target_psnr_db": TARGET_PSNR,
                "encoding": f"JPEG quality {JPEG_QUALITY} 4:4:4 for JPEG originals, else PNG",
                "images": len(self.psnrs), "without_image": self.unmarked,
                "psnr_db_min": round(min(finite), 2) if finite else None,
                "psnr_db_median": round(statistics.median(finite), 2) if finite else None}


def mark_images(batch: pa.RecordBatch, blobs: BlobStore, secret: bytes,
                marks: PixelMarks) -> pa.RecordBatch:
    """``batch`` with an ``image`` column: each row's image marked for ``secret``."""
    cells: list[dict[str, object] | None] = []
    names = batch.column("file_name").to_pylist() if "file_name" in batch.schema.names \
        else [None] * batch.num_rows
    for sha, name in zip(batch.column(SHA_COLUMN).to_pylist(), names, strict=True):
        if not sha or not blobs.exists(sha):
            marks.unmarked += 1
            cells.append(None)
            continue
        try:
            marked = mark_image(blobs.get(sha), secret, sha)
        except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
            marks.unmarked += 1
            cells.append(None)
            continue
        marks.psnrs.append(marked.psnr)
        ext = ".jpg" if marked.format == "JPEG" else ".png"
        cells.append({"bytes": marked.data, "path": Path(str(name or sha)).stem + ext})
    column = pa.array(cells, type=_STRUCT)
    return batch.append_column(pa.field(IMAGE_COLUMN, _STRUCT), column)


# --- tracing -----------------------------------------------------------------------


@dataclass(frozen=True)
class OriginalImage:
    """A stored original a leaked image may be a copy of."""

    sha: str
    version_id: str
    hashes: tuple[tuple[int, int], ...]  # (pHash, dHash) of the image and of its crops


def originals_of(version_id: str, stored: StoredVersion,
                 blobs: BlobStore) -> Iterator[OriginalImage]:
    """The images of one stored version, with the hashes that find them again."""
    if SHA_COLUMN not in stored.schema().names:
        return
    for batch in stored.iter_batches(columns=[SHA_COLUMN]):
        for sha in batch.column(0).to_pylist():
            if not sha or not blobs.exists(sha):
                continue
            try:
                with Image.open(io.BytesIO(blobs.get(sha))) as im:
                    hashes = tuple(crop_hashes(im))
            except (OSError, ValueError, UnidentifiedImageError,
                    Image.DecompressionBombError):
                continue
            yield OriginalImage(sha, version_id, hashes)


def _image_file(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def _parquet_images(path: Path) -> list[bytes] | None:
    schema = pq.read_schema(path)
    if IMAGE_COLUMN not in schema.names:
        return None
    out = []
    for cell in pq.read_table(path, columns=[IMAGE_COLUMN]).column(0).to_pylist():
        data = cell.get("bytes") if isinstance(cell, dict) else cell
        if isinstance(data, bytes):
            out.append(data)
    return out


def is_image_leak(path: str | Path) -> bool:
    """Whether ``path`` is an image, a folder holding images, or a Parquet file with
    an ``image`` column."""
    root = Path(path)
    if root.is_file():
        if root.suffix.lower() == ".parquet":
            return IMAGE_COLUMN in pq.read_schema(root).names
        return _image_file(root)
    return root.is_dir() and any(_image_file(p) for p in root.rglob("*") if p.is_file())


def leaked_images(path: str | Path) -> list[bytes]:
    """The image files of a leak (a file, a folder in name order, or Parquet)."""
    root = Path(path)
    if root.is_file() and root.suffix.lower() == ".parquet":
        return _parquet_images(root) or []
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*")
                                                 if p.is_file() and _image_file(p))
    return [f.read_bytes() for f in files]


def _nearest(im: Image.Image, originals: Sequence[OriginalImage]) -> list[OriginalImage]:
    ph, dh = phash(im), dhash(im)
    scored = []
    for orig in originals:
        best = min(min(hamming(ph, p), hamming(dh, d)) for p, d in orig.hashes)
        if best <= _MAX_HASH_DISTANCE:
            scored.append((best, orig.sha, orig))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [orig for _, _, orig in scored[:_CANDIDATES_PER_IMAGE]]


def _residual_of(data: bytes, originals: Sequence[OriginalImage],
                 blobs: BlobStore) -> tuple[OriginalImage, Residual] | None:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            leaked = opened.copy()
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    for orig in _nearest(leaked, originals):
        with Image.open(io.BytesIO(blobs.get(orig.sha))) as opened:
            original = opened.copy()
        aligned = align_to(leaked, original)
        if aligned is not None:
            return orig, residual(aligned, original, orig.sha)
    return None


def trace_images(images: Sequence[bytes], candidates: Sequence[Candidate],
                 originals: Sequence[OriginalImage], blobs: BlobStore,
                 alpha: float) -> TraceResult:
    """Test every candidate's pixel marks against the leaked ``images``.

    Args:
        images: The leaked image files' bytes.
        candidates: Grants with their secrets and the versions they extracted.
        originals: The stored images of those versions (:func:`originals_of`).
        blobs: Where the originals' bytes are.
        alpha: Bound on the chance of naming anyone who did not receive the images.
    """
    if not 0 < alpha < 1:
        raise InputError(f"alpha={alpha} is out of range", hint="use e.g. 1e-6")
    found = [r for r in (_residual_of(data, originals, blobs) for data in images) if r]
    tried = max(1, len(candidates))
    findings = []
    for cand in candidates:
        versions = {v.version_id for v in cand.versions}
        mine = [res for orig, res in found if orig.version_id in versions]
        energy = sum(res.energy for res in mine)
        if not mine or energy <= 0:
            continue
        z = sum(score(res, cand.secret) for res in mine) / math.sqrt(energy)
        p = min(1.0, p_value(z) * tried)
        if p <= alpha:
            findings.append(Finding(cand.grant_id, cand.holder, cand.dataset, 0, 0, p,
                                    images=len(mine), image_z=z))
    findings.sort(key=lambda f: f.p_value)
    verdict = Verdict.TRACED if findings else Verdict.UNMARKED
    return TraceResult(verdict, 0, len(candidates), alpha, findings, images=len(found))
