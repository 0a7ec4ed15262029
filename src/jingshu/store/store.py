"""The dataset store: versions as immutable sets of Parquet shards plus a manifest.

Layout under the root (a local folder or any fsspec URL)::

    ROOT/datasets/<dataset>/<version_id>/part-00000.parquet ... manifest.json
    ROOT/.tmp/<uuid>/          staging folders of writers in progress (local disk)

The store keeps no database: the catalog records the locations it returns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyarrow as pa

from jingshu.errors import InputError, NotFoundError
from jingshu.store.blobs import BlobStore
from jingshu.store.fs import RootedFS
from jingshu.store.manifest import Manifest, Provenance
from jingshu.store.version import StoredVersion
from jingshu.store.writer import (
    MANIFEST_NAME,
    VersionPlan,
    VersionWriter,
    as_parents,
    check_shard_rows,
    new_version_id,
)

__all__ = ["DATASETS_DIR", "TMP_DIR", "DatasetStore"]

DATASETS_DIR = "datasets"
TMP_DIR = ".tmp"
_BAD_NAME = re.compile(r"[/\\\x00-\x1f]|^\.|^$")
_LOCATION = re.compile(r"^datasets/[^/]+/[0-9a-f]{32}$")


class DatasetStore:
    """Dataset versions under one root folder or object-store prefix.

    Args:
        root: a local folder or an fsspec URL (``s3://bucket/prefix``, ``memory://x``).
        storage_options: passed to fsspec (credentials, endpoint ...).
    """

    def __init__(self, root: str, storage_options: dict[str, object] | None = None) -> None:
        self._fs = RootedFS.from_url(root, storage_options)
        self.root = root

    def __repr__(self) -> str:
        return f"DatasetStore({self.root!r})"

    def writer(
        self,
        dataset: str,
        *,
        creator: str,
        made_by: Provenance,
        parents: Sequence[str] = (),
        schema: pa.Schema | None = None,
        shard_rows: int = 250_000,
    ) -> VersionWriter:
        """Start writing a new version of ``dataset``.

        Args:
            dataset: dataset name; becomes a folder name, so no ``/`` and no leading dot.
            creator: who makes the version.
            made_by: what makes it (import, recipe, annotation, upload).
            parents: ids of the versions it was derived from.
            schema: the schema batches must have; ``None`` takes the first batch's.
            shard_rows: rows per Parquet shard.
        """
        check_dataset_name(dataset)
        version_id = new_version_id()
        location = f"{DATASETS_DIR}/{dataset}/{version_id}"
        staging = f"{TMP_DIR}/{new_version_id()}" if self._fs.local else location
        plan = VersionPlan(
            dataset=dataset,
            version_id=version_id,
            staging=staging,
            location=location,
            creator=creator,
            made_by=made_by,
            parents=as_parents(parents),
            shard_rows=check_shard_rows(shard_rows),
        )
        return VersionWriter(self._fs, plan, schema)

    def blobs(self) -> BlobStore:
        """The store's content-addressed media bytes (:mod:`jingshu.store.blobs`)."""
        return BlobStore(self._fs)

    def open(self, location: str) -> StoredVersion:
        """Open a committed version.

        Args:
            location: as returned by ``VersionWriter.commit``.

        Raises:
            NotFoundError: no committed version there.
        """
        check_location(location)
        rel = f"{location}/{MANIFEST_NAME}"
        if not self._fs.exists(rel):
            raise NotFoundError(
                f"no committed dataset version at {self._fs.full(location)!r}",
                hint="check the location recorded in the catalog and the store root",
            )
        with self._fs.open(rel) as f:
            manifest = Manifest.from_json(f.read().decode("utf-8"))
        return StoredVersion(self._fs, location, manifest)

    def delete(self, location: str) -> None:
        """Remove a version's folder: manifest first, so a half delete is uncommitted.

        Args:
            location: as returned by ``VersionWriter.commit``.

        Raises:
            NotFoundError: nothing is stored there.
        """
        check_location(location)
        if not self._fs.exists(location):
            raise NotFoundError(
                f"no dataset version at {self._fs.full(location)!r} to delete",
                hint="it may have been deleted already; check the catalog's record",
            )
        if self._fs.exists(f"{location}/{MANIFEST_NAME}"):
            self._fs.fs.rm(self._fs.full(f"{location}/{MANIFEST_NAME}"))
        self._fs.remove_tree(location)

    def locations(self) -> list[str]:
        """Locations of every committed version in the store, sorted."""
        found = []
        for dataset in self._fs.listdir(DATASETS_DIR):
            for vid in self._fs.listdir(f"{DATASETS_DIR}/{dataset}"):
                loc = f"{DATASETS_DIR}/{dataset}/{vid}"
                if self._fs.exists(f"{loc}/{MANIFEST_NAME}"):
                    found.append(loc)
        return found

    def sweep_orphans(self, known: set[str], *, grace_s: float = 0.0,
                      dry_run: bool = False) -> list[str]:
        """Remove committed versions no catalog row knows, and stale staging folders.

        Args:
            known: the locations the catalog records; these are kept.
            grace_s: keep anything with a change in the last ``grace_s`` seconds (set
                it when writers may be running: a version just committed is not yet
                recorded in the catalog, and a writer's folder is as young as the
                newest shard it wrote).
            dry_run: only list what would be removed.

        Returns:
            The removed paths relative to the root, sorted.
        """
        removed = []
        for name in self._fs.listdir(TMP_DIR):
            removed.append(f"{TMP_DIR}/{name}")
        for dataset in self._fs.listdir(DATASETS_DIR):
            for vid in self._fs.listdir(f"{DATASETS_DIR}/{dataset}"):
                loc = f"{DATASETS_DIR}/{dataset}/{vid}"
                if loc not in known:
                    removed.append(loc)
        removed = [p for p in removed if self._fs.age_s(p) >= grace_s]
        if not dry_run:
            for path in removed:
                self._fs.remove_tree(path)
        return sorted(removed)


def check_dataset_name(dataset: str) -> None:
    """Reject names that cannot be one folder name.

    Args:
        dataset: the proposed dataset name.

    Raises:
        InputError: empty, starts with a dot, or holds ``/``, ``\\`` or control characters.
    """
    if _BAD_NAME.search(dataset):
        raise InputError(
            f"dataset name {dataset!r} cannot be used as a folder name",
            hint="use letters, digits, Chinese characters, '-', '_' or '.', not starting with '.'",
        )


def check_location(location: str) -> None:
    """Reject locations not of the form ``datasets/<dataset>/<version_id>``.

    Args:
        location: a location as returned by ``VersionWriter.commit``.

    Raises:
        InputError: the location has another form (guards deletes outside the store).
    """
    if not _LOCATION.match(location):
        raise InputError(
            f"{location!r} is not a dataset version location",
            hint="pass the location returned by VersionWriter.commit, "
            "like 'datasets/<dataset>/<32 hex version id>'",
        )
