"""Writing one Parquet shard while hashing and counting its bytes."""

from __future__ import annotations

import hashlib
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from jingshu.store.manifest import ShardInfo

__all__ = ["COMPRESSION", "ROW_GROUP_ROWS", "HashingSink", "ShardWriter", "shard_name"]

COMPRESSION = "zstd"
ROW_GROUP_ROWS = 65_536


def shard_name(index: int) -> str:
    """The file name of shard number ``index`` (``part-00000.parquet``).

    Args:
        index: zero-based shard number.
    """
    return f"part-{index:05d}.parquet"


class HashingSink:
    """A write-only binary file that hashes (sha256) and counts what passes through.

    Args:
        target: the real file, opened for binary writing; closed by :meth:`close`.
    """

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target
        self._hash = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Write, hash and count ``data``.

        Args:
            data: the bytes to write.
        """
        view = memoryview(data)
        self._target.write(view)
        self._hash.update(view)
        self.size += view.nbytes
        return view.nbytes

    def tell(self) -> int:
        """Bytes written so far."""
        return self.size

    def flush(self) -> None:
        """Flush the underlying file."""
        self._target.flush()

    def writable(self) -> bool:
        """Always true."""
        return True

    def seekable(self) -> bool:
        """Always false: the sink only appends."""
        return False

    def readable(self) -> bool:
        """Always false."""
        return False

    def close(self) -> None:
        """Close the underlying file (idempotent)."""
        if not self.closed:
            self._target.close()
            self.closed = True

    @property
    def sha256(self) -> str:
        """Hex digest of everything written."""
        return self._hash.hexdigest()


class ShardWriter:
    """Write batches into one zstd Parquet shard, buffering into large row groups.

    Args:
        target: the shard file, opened for binary writing.
        path: the shard's path relative to the version folder (for the manifest).
        schema: the shard's schema.
    """

    def __init__(self, target: IO[bytes], path: str, schema: pa.Schema) -> None:
        self._sink = HashingSink(target)
        self._path = path
        self._writer = pq.ParquetWriter(self._sink, schema, compression=COMPRESSION)
        self._buffer: list[pa.RecordBatch] = []
        self._buffered = 0
        self.rows = 0

    def write(self, batch: pa.RecordBatch) -> None:
        """Add a batch; a row group is written each ~64k rows.

        Args:
            batch: rows with the shard's schema.
        """
        self._buffer.append(batch)
        self._buffered += batch.num_rows
        self.rows += batch.num_rows
        if self._buffered >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            table = pa.Table.from_batches(self._buffer)
            self._writer.write_table(table, row_group_size=max(table.num_rows, 1))
        self._buffer, self._buffered = [], 0

    def close(self) -> ShardInfo:
        """Finish the file and return its manifest entry."""
        self._flush()
        self._writer.close()
        self._sink.close()
        return ShardInfo(self._path, self.rows, self._sink.size, self._sink.sha256)

    def discard(self) -> None:
        """Close without caring about the result (used on abort)."""
        try:
            self._writer.close()
        finally:
            self._sink.close()
