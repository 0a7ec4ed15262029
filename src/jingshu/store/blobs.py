"""Content-addressed media bytes: one file per distinct content, named by its sha256.

Layout under the store root::

    ROOT/blobs/sha256/<first 2 hex>/<64 hex>
    ROOT/blobs/derived/<kind>/<first 2 hex>/<64 hex>   (files made from a blob: thumbnails)

Rows of a media dataset version hold the sha256 (``image_sha256``, ``audio_sha256``)
and the Parquet shards stay small; the same bytes imported twice, or carried into a
derived version, are stored once. Why loose files and not Parquet binary columns or
tar shards: see ``docs/guides/multimodal.md`` (measured by
``bench/bench_media_store.py``).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from jingshu.errors import InputError, NotFoundError
from jingshu.store.fs import RootedFS

if TYPE_CHECKING:
    from jingshu.store.store import DatasetStore

__all__ = ["BLOBS_DIR", "DERIVED_DIR", "BlobStore", "sha256_hex", "sweep_blobs"]

BLOBS_DIR = "blobs/sha256"
DERIVED_DIR = "blobs/derived"
_KIND = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(data: bytes) -> str:
    """The lowercase hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Write-once, content-addressed bytes under a store root.

    Args:
        fs: the store's filesystem (``DatasetStore.blobs()`` builds one).
    """

    def __init__(self, fs: RootedFS) -> None:
        self._fs = fs

    def __repr__(self) -> str:
        return f"BlobStore({self._fs.full(BLOBS_DIR)!r})"

    def rel(self, sha: str) -> str:
        """The path of blob ``sha`` relative to the store root.

        Raises:
            InputError: ``sha`` is not 64 lowercase hex digits.
        """
        if not _HEX64.match(sha):
            raise InputError(f"{sha!r} is not a sha256 hex digest",
                             hint="pass the 64-hex value of an image_sha256/audio_sha256 column")
        return f"{BLOBS_DIR}/{sha[:2]}/{sha}"

    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its sha256."""
        sha = sha256_hex(data)
        rel = self.rel(sha)
        if self._fs.exists(rel):
            return sha
        if not self._fs.local:  # object stores: a PUT is atomic
            with self._fs.open(rel, "wb") as f:
                f.write(data)
            return sha
        temp = f"{rel}.tmp-{uuid.uuid4().hex[:12]}"
        with self._fs.open(temp, "wb") as f:
            f.write(data)
        self._fs.rename(temp, rel)
        return sha

    def get(self, sha: str) -> bytes:
        """The bytes of blob ``sha``.

        Raises:
            NotFoundError: no such blob in this store.
        """
        rel = self.rel(sha)
        try:
            with self._fs.open(rel) as f:
                return f.read()
        except FileNotFoundError:
            raise NotFoundError(f"media blob {sha} is not in {self._fs.full(BLOBS_DIR)!r}",
                                hint="the version was made in another store, or its blobs "
                                     "were removed; re-import the media") from None

    def exists(self, sha: str) -> bool:
        """Whether blob ``sha`` is stored."""
        return self._fs.exists(self.rel(sha))

    def age_s(self, sha: str) -> float:
        """Seconds since blob ``sha`` was written."""
        return self._fs.age_s(self.rel(sha))

    def remove(self, sha: str) -> None:
        """Delete blob ``sha`` and the files derived from it (missing is fine)."""
        if self.exists(sha):
            self._fs.fs.rm(self._fs.full(self.rel(sha)))
        for kind in self._fs.listdir(DERIVED_DIR):
            rel = self._derived_rel(sha, kind)
            if self._fs.exists(rel):
                self._fs.fs.rm(self._fs.full(rel))

    def _derived_rel(self, sha: str, kind: str) -> str:
        if not _KIND.match(kind):
            raise InputError(f"{kind!r} is not a derived-file kind",
                             hint="use lowercase letters, digits, '.', '_' or '-' "
                                  "(e.g. thumb-256.jpeg)")
        return f"{DERIVED_DIR}/{kind}/{self.rel(sha).rsplit('/', 2)[-2]}/{sha}"

    def get_derived(self, sha: str, kind: str) -> bytes | None:
        """The file of ``kind`` made from blob ``sha`` (a thumbnail), ``None`` if not made yet."""
        rel = self._derived_rel(sha, kind)
        try:
            with self._fs.open(rel) as f:
                return f.read()
        except FileNotFoundError:
            return None

    def put_derived(self, sha: str, kind: str, data: bytes) -> None:
        """Keep ``data`` as the file of ``kind`` made from blob ``sha`` (replacing any)."""
        rel = self._derived_rel(sha, kind)
        if not self._fs.local:
            with self._fs.open(rel, "wb") as f:
                f.write(data)
            return
        temp = f"{rel}.tmp-{uuid.uuid4().hex[:12]}"
        with self._fs.open(temp, "wb") as f:
            f.write(data)
        self._fs.rename(temp, rel)

    def shas(self) -> list[str]:
        """Every stored sha256, sorted."""
        return [name for prefix in self._fs.listdir(BLOBS_DIR)
                for name in self._fs.listdir(f"{BLOBS_DIR}/{prefix}") if _HEX64.match(name)]


def sweep_blobs(store: DatasetStore, known: Iterable[str], *, grace_s: float = 3600.0,
                dry_run: bool = False) -> list[str]:
    """Remove blobs no known version names (an import that failed half way, versions
    deleted since); blobs younger than ``grace_s`` are kept, as an import in progress
    writes its blobs before its version exists.

    Args:
        store: the dataset store.
        known: the locations of every version the catalog records.
        grace_s: keep blobs changed in the last ``grace_s`` seconds.
        dry_run: only list what would be removed.

    Returns:
        The removed sha256 values, sorted.
    """
    used: set[str] = set()
    for location in known:
        version = store.open(location)
        columns = [c for c in version.schema().names if c.endswith("_sha256")]
        for batch in version.iter_batches(columns=columns) if columns else ():
            for column in batch.columns:
                used.update(v for v in column.to_pylist() if v)
    blobs = store.blobs()
    gone = [sha for sha in blobs.shas() if sha not in used and blobs.age_s(sha) >= grace_s]
    if not dry_run:
        for sha in gone:
            blobs.remove(sha)
    return gone
