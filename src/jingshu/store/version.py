"""Reading a committed dataset version: streaming batches, first rows, checks."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Sequence
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from jingshu.errors import InputError, IntegrityError, NotFoundError
from jingshu.store.fs import RootedFS
from jingshu.store.manifest import Manifest, ShardInfo

__all__ = ["SIDECARS", "StoredVersion"]

_CHUNK = 1 << 20
SIDECARS = ("profile.json",)
"""Files derived from a version's rows that may be written beside its manifest after
the commit (the rows themselves never change)."""


class StoredVersion:
    """A committed, immutable dataset version.

    Args:
        fs: the store's filesystem.
        location: the version folder relative to the store root.
        manifest: the version's manifest.
    """

    def __init__(self, fs: RootedFS, location: str, manifest: Manifest) -> None:
        self._fs = fs
        self.location = location
        self.manifest = manifest

    def __repr__(self) -> str:
        m = self.manifest
        return f"StoredVersion({m.dataset!r}, {m.version_id}, rows={m.rows}, at {self.location!r})"

    @property
    def full_location(self) -> str:
        """The version folder's path in its store (unique per store and version)."""
        return self._fs.full(self.location)

    def shard_path(self, shard: ShardInfo) -> str:
        """The filesystem path of a shard (as the store's fsspec filesystem spells it).

        Args:
            shard: an entry of ``manifest.shards``.
        """
        return self._fs.full(f"{self.location}/{shard.path}")

    def iter_batches(
        self, columns: Sequence[str] | None = None, batch_size: int = 8192
    ) -> Iterator[pa.RecordBatch]:
        """Stream the rows shard by shard, never holding the whole version in memory.

        Args:
            columns: the columns to read, in this order; ``None`` reads all.
            batch_size: most rows per yielded batch.

        Raises:
            InputError: a requested column does not exist.
        """
        cols = self._check_columns(columns)
        for shard in self.manifest.shards:
            yield from self._shard_batches(shard, cols, batch_size)

    def open_shard(self, path: str) -> IO[bytes]:
        """Open one shard's Parquet bytes for reading (``path`` as in the manifest)."""
        for shard in self.manifest.shards:
            if shard.path == path:
                opened: IO[bytes] = self._fs.open(f"{self.location}/{shard.path}")
                return opened
        raise NotFoundError(
            f"version {self.manifest.version_id} has no shard {path!r}",
            hint="shards: " + ", ".join(s.path for s in self.manifest.shards),
        )

    def iter_shard(self, shard: ShardInfo, batch_size: int = 8192) -> Iterator[pa.RecordBatch]:
        """Stream the rows of one shard.

        Args:
            shard: an entry of ``manifest.shards``.
            batch_size: most rows per yielded batch.
        """
        yield from self._shard_batches(shard, None, batch_size)

    def _shard_batches(
        self, shard: ShardInfo, columns: list[str] | None, batch_size: int
    ) -> Iterator[pa.RecordBatch]:
        with self._fs.open(f"{self.location}/{shard.path}") as f:
            yield from pq.ParquetFile(f).iter_batches(batch_size=batch_size, columns=columns)

    def _check_columns(self, columns: Sequence[str] | None) -> list[str] | None:
        if columns is None:
            return None
        names = [f.name for f in self.manifest.fields]
        unknown = [c for c in columns if c not in names]
        if unknown:
            raise InputError(
                f"dataset {self.manifest.dataset!r} version {self.manifest.version_id} "
                f"has no column {', '.join(map(repr, unknown))}",
                hint=f"choose from: {', '.join(names)}",
            )
        return list(columns)

    def head(self, n: int = 20) -> list[dict[str, object]]:
        """The first ``n`` rows as dicts (for previews).

        Args:
            n: how many rows.
        """
        rows: list[dict[str, object]] = []
        if n <= 0:
            return rows
        for batch in self.iter_batches(batch_size=min(n, 8192)):
            rows.extend(batch.slice(0, n - len(rows)).to_pylist())
            if len(rows) >= n:
                break
        return rows

    def read_sidecar(self, name: str) -> bytes | None:
        """The bytes of sidecar ``name`` (one of :data:`SIDECARS`), or None if not written."""
        rel = f"{self.location}/{_sidecar(name)}"
        if not self._fs.exists(rel):
            return None
        with self._fs.open(rel) as f:
            return f.read()

    def write_sidecar(self, name: str, data: bytes) -> None:
        """Write sidecar ``name`` (one of :data:`SIDECARS`): a temporary name, then a rename."""
        rel = f"{self.location}/{_sidecar(name)}"
        temp = f"{rel}.tmp-{uuid.uuid4().hex[:12]}"
        with self._fs.open(temp, "wb") as f:
            f.write(data)
        self._fs.rename(temp, rel)

    def schema(self) -> pa.Schema:
        """The Arrow schema, read from the first shard's footer."""
        shard = self.manifest.shards[0]
        with self._fs.open(f"{self.location}/{shard.path}") as f:
            return pq.read_schema(f)

    def verify(self) -> None:
        """Re-hash every shard and compare with the manifest.

        Raises:
            IntegrityError: a shard is missing, has another size, or another sha256.
        """
        for shard in self.manifest.shards:
            size, digest = self._hash_shard(shard)
            if size != shard.bytes or digest != shard.sha256:
                raise IntegrityError(
                    f"{self.location}/{shard.path}: content changed since commit "
                    f"(manifest: {shard.bytes} bytes sha256 {shard.sha256[:12]}…, "
                    f"found: {size} bytes sha256 {digest[:12]}…)",
                    hint="restore the shard from a backup or re-create the version",
                )

    def _hash_shard(self, shard: ShardInfo) -> tuple[int, str]:
        rel = f"{self.location}/{shard.path}"
        if not self._fs.exists(rel):
            raise IntegrityError(
                f"{rel}: shard listed in manifest.json is missing",
                hint="restore the shard from a backup or re-create the version",
            )
        digest, size = hashlib.sha256(), 0
        with self._fs.open(rel) as f:
            while chunk := f.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return size, digest.hexdigest()


def _sidecar(name: str) -> str:
    if name not in SIDECARS:
        raise InputError(f"{name!r} is not a sidecar file of a version",
                         hint=f"sidecars: {', '.join(SIDECARS)}")
    return name
