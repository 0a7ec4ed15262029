"""Writing a new dataset version: shards into a staging folder, manifest last, publish."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

import pyarrow as pa

from jingshu.errors import InputError
from jingshu.store.fs import RootedFS
from jingshu.store.manifest import Manifest, Provenance, ShardInfo
from jingshu.store.schema import check_schema, field_infos
from jingshu.store.shard_writer import ShardWriter, shard_name

__all__ = [
    "MANIFEST_NAME",
    "VersionPlan",
    "VersionWriter",
    "as_parents",
    "check_shard_rows",
    "new_version_id",
    "utc_now",
]

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class VersionPlan:
    """Where and what a writer writes.

    Args:
        dataset: dataset name.
        version_id: uuid4 hex of the new version.
        staging: folder (relative to the store root) the shards are written into.
        location: folder the committed version lives in; equal to ``staging`` on
            object stores, where ``manifest.json`` written last marks the commit.
        creator: who makes the version.
        made_by: what makes it.
        parents: parent version ids.
        shard_rows: rows per shard.
    """

    dataset: str
    version_id: str
    staging: str
    location: str
    creator: str
    made_by: Provenance
    parents: tuple[str, ...]
    shard_rows: int


class VersionWriter:
    """Streams record batches into Parquet shards and publishes them as one version.

    Use as a context manager: leaving the block by an exception, or without calling
    :meth:`commit`, aborts and removes what was written.

    Args:
        fs: the store's filesystem.
        plan: where and what to write.
        schema: the schema every batch must have; ``None`` takes the first batch's.
    """

    def __init__(self, fs: RootedFS, plan: VersionPlan, schema: pa.Schema | None) -> None:
        self._fs = fs
        self._plan = plan
        self._schema = schema
        self._shard: ShardWriter | None = None
        self._shards: list[ShardInfo] = []
        self._state = "open"

    @property
    def version_id(self) -> str:
        """The id the version will have."""
        return self._plan.version_id

    def __enter__(self) -> VersionWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._state == "open":
            self.abort()

    def write_batch(self, batch: pa.RecordBatch | pa.Table) -> None:
        """Append rows; the first batch fixes the schema unless one was given.

        Args:
            batch: a record batch (a table is accepted and split into its batches).

        Raises:
            SchemaMismatchError: the batch's fields differ from the version's.
        """
        self._require_open("write_batch")
        for part in batch.to_batches() if isinstance(batch, pa.Table) else [batch]:
            self._write_one(self._conform(part))

    def _conform(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        if self._schema is None:
            self._schema = batch.schema
            return batch
        if batch.schema.equals(self._schema, check_metadata=False):
            return batch
        where = f"dataset {self._plan.dataset!r}, batch after row {self._rows_written()}"
        check_schema(self._schema, batch.schema, where)
        columns = [batch.column(name) for name in self._schema.names]
        return pa.RecordBatch.from_arrays(columns, schema=self._schema)

    def _write_one(self, batch: pa.RecordBatch) -> None:
        offset = 0
        while offset < batch.num_rows:
            shard = self._current_shard()
            take = min(self._plan.shard_rows - shard.rows, batch.num_rows - offset)
            shard.write(batch.slice(offset, take))
            offset += take
            if shard.rows >= self._plan.shard_rows:
                self._close_shard()

    def _current_shard(self) -> ShardWriter:
        if self._shard is None:
            assert self._schema is not None
            name = shard_name(len(self._shards))
            target = self._fs.open(f"{self._plan.staging}/{name}", "wb")
            self._shard = ShardWriter(target, name, self._schema)
        return self._shard

    def _close_shard(self) -> None:
        if self._shard is not None:
            self._shards.append(self._shard.close())
            self._shard = None

    def _rows_written(self) -> int:
        return sum(s.rows for s in self._shards) + (self._shard.rows if self._shard else 0)

    def commit(self) -> tuple[str, Manifest]:
        """Finish the shards, write ``manifest.json`` last and publish the version.

        On the local disk the staging folder is renamed into place (atomic); on object
        stores the manifest, written last, is the commit marker.

        Returns:
            ``(location, manifest)``; pass ``location`` to ``DatasetStore.open``.

        Raises:
            InputError: nothing was written and no schema was given.
        """
        self._require_open("commit")
        try:
            manifest = self._finish()
            with self._fs.open(f"{self._plan.staging}/{MANIFEST_NAME}", "wb") as f:
                f.write(manifest.to_json().encode("utf-8"))
            if self._plan.staging != self._plan.location:
                self._fs.rename(self._plan.staging, self._plan.location)
        except BaseException:
            self.abort()
            raise
        self._state = "committed"
        return self._plan.location, manifest

    def _finish(self) -> Manifest:
        if self._schema is None:
            raise InputError(
                f"dataset {self._plan.dataset!r}: no rows were written and no schema was given",
                hint="write at least one batch, or pass schema= to DatasetStore.writer",
            )
        if not self._shards or self._shard is not None:
            self._current_shard()
            self._close_shard()
        plan = self._plan
        return Manifest(
            version_id=plan.version_id,
            dataset=plan.dataset,
            fields=field_infos(self._schema),
            rows=sum(s.rows for s in self._shards),
            bytes=sum(s.bytes for s in self._shards),
            shards=tuple(self._shards),
            creator=plan.creator,
            created_at=utc_now(),
            parents=plan.parents,
            made_by=plan.made_by,
        )

    def abort(self) -> None:
        """Drop everything written so far; safe to call twice."""
        if self._state == "committed":
            return
        self._state = "aborted"
        if self._shard is not None:
            with contextlib.suppress(Exception):  # the folder is removed anyway
                self._shard.discard()
            self._shard = None
        self._fs.remove_tree(self._plan.staging)

    def _require_open(self, action: str) -> None:
        if self._state != "open":
            raise InputError(
                f"cannot {action}: the writer for dataset {self._plan.dataset!r} "
                f"is already {self._state}",
                hint="open a new writer with DatasetStore.writer(...)",
            )


def utc_now() -> str:
    """The current time as ISO-8601 UTC with milliseconds, e.g. ``2026-01-02T03:04:05.678Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_version_id() -> str:
    """A fresh uuid4 hex version id."""
    return uuid.uuid4().hex


def check_shard_rows(shard_rows: int) -> int:
    """Validate the rows-per-shard setting.

    Args:
        shard_rows: requested rows per shard.

    Raises:
        InputError: not a positive number.
    """
    if shard_rows < 1:
        raise InputError(f"shard_rows={shard_rows} must be at least 1", hint="use e.g. 250000")
    return shard_rows


def as_parents(parents: Sequence[str]) -> tuple[str, ...]:
    """Parent ids as a tuple, rejecting a bare string passed by mistake.

    Args:
        parents: parent version ids.
    """
    if isinstance(parents, str):
        raise InputError(
            f"parents={parents!r} must be a list of version ids, not one string",
            hint=f"pass parents=[{parents!r}]",
        )
    return tuple(parents)
