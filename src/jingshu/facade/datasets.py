"""One dataset version seen through the facade: rows, tables, exports and its profile.

Rows leave the platform only through the dataset's download policy for the acting
user (``DatasetPolicy.download``: tier, grade, organization), exactly as the API's
preview, rows and download routes; every read of the whole version (``read``,
``to_arrow``, ``to_pandas``, ``to_hf``, ``export``) is recorded in the audit log as a
``version.download`` with its format. Conditional data reached through a grant is
read with :meth:`jingshu.facade.GrantView.to_pandas` instead: watermarked, counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from jingshu.catalog.exporting import export_version
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.quality import version_profile
from jingshu.catalog.service import (
    DatasetSpec,
    describe_field,
    get_dataset,
    get_version,
    open_version,
    record_download,
)
from jingshu.errors import DependencyMissing
from jingshu.facade.acting import Actor
from jingshu.facade.linked import croissant_of
from jingshu.profiles import VersionProfile
from jingshu.store.rows import page_rows
from jingshu.web.policies.datasets import DatasetPolicy

if TYPE_CHECKING:
    import datasets
    import pandas as pd
    from sqlalchemy.orm import Session

    from jingshu.facade.client import Client

__all__ = ["DatasetView", "to_hf", "to_pandas"]


def to_pandas(table: pa.Table, needed_for: str) -> pd.DataFrame:
    """``table`` as a DataFrame, or :class:`DependencyMissing` naming the extra."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise DependencyMissing("pandas", needed_for=needed_for, extra="pandas") from None
    frame: pd.DataFrame = table.to_pandas()  # typed whether or not pandas-stubs is installed
    return frame


def to_hf(table: pa.Table, needed_for: str) -> datasets.Dataset:
    """``table`` as a ``datasets.Dataset``, or :class:`DependencyMissing` naming the extra."""
    try:
        import datasets
    except ImportError:
        raise DependencyMissing("datasets", needed_for=needed_for, extra="hf") from None
    return datasets.Dataset(table)


class DatasetView:
    """Version ``number`` of dataset ``name``, for the client's acting user.

    Made by :meth:`jingshu.facade.Client.dataset`; holds no database objects, so it
    can be kept and used later.
    """

    def __init__(self, client: Client, name: str, number: int, rows: int,
                 columns: list[str]) -> None:
        self._client = client
        self.name = name
        self.number = number
        self.rows = rows
        self.columns = columns

    @property
    def ref(self) -> str:
        """``NAME@VERSION``."""
        return f"{self.name}@{self.number}"

    def __repr__(self) -> str:
        return f"<DatasetView {self.ref}: {self.rows} rows, columns {self.columns}>"

    def _readable(self, s: Session) -> tuple[DatasetVersion, Actor]:
        version = get_version(s, self.name, self.number)
        actor = self._client.actor(s)
        actor.allow(DatasetPolicy.download(version.dataset))
        return version, actor

    def metadata(self) -> DatasetSpec:
        """The dataset's catalog metadata now: title, organization, tier, grade ..."""
        with self._client.platform.session() as s:
            dataset = get_dataset(s, self.name)
            self._client.actor(s).allow(DatasetPolicy.view(dataset))
            return DatasetSpec.of(dataset)

    def describe(self, field: str, description: str) -> None:
        """Set the data-dictionary description of ``field`` in this version, as
        ``jingshu dataset describe`` (the publishing organization only)."""
        with self._client.platform.session() as s:
            version = get_version(s, self.name, self.number)
            actor = self._client.actor(s)
            actor.allow(DatasetPolicy.edit(version.dataset))
            describe_field(s, version, field, description, actor=actor.name)

    def head(self, n: int = 10, *, offset: int = 0, contains: str = "") -> list[dict[str, Any]]:
        """``n`` rows from ``offset`` (of the rows containing ``contains`` if given),
        like ``jingshu dataset head``; a preview, not recorded as a download."""
        with self._client.platform.session() as s:
            version, _ = self._readable(s)
            stored = open_version(self._client.platform.store, version)
            if offset or contains:
                return page_rows(stored, offset=offset, limit=n, contains=contains).rows
            return stored.head(n)

    def read(self, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """Stream the version's record batches (only ``columns`` if given); the policy is
        checked and the read recorded now, not at the first batch."""
        with self._client.platform.session() as s:
            version, actor = self._readable(s)
            stored = open_version(self._client.platform.store, version)
            record_download(s, actor.name, version, "arrow")
        return stored.iter_batches(columns=columns)

    def to_arrow(self, columns: list[str] | None = None) -> pa.Table:
        """The whole version as one pyarrow Table."""
        with self._client.platform.session() as s:
            version, actor = self._readable(s)
            stored = open_version(self._client.platform.store, version)
            schema = stored.schema()
            if columns:
                schema = pa.schema([schema.field(c) for c in columns])
            table = pa.Table.from_batches(list(stored.iter_batches(columns=columns)),
                                          schema=schema)
            record_download(s, actor.name, version, "arrow")
        return table

    def to_pandas(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The whole version as a pandas DataFrame (needs ``pandas``)."""
        return to_pandas(self.to_arrow(columns), "DatasetView.to_pandas()")

    def to_hf(self, columns: list[str] | None = None) -> datasets.Dataset:
        """The whole version as a Hugging Face ``datasets.Dataset`` (needs ``datasets``)."""
        return to_hf(self.to_arrow(columns), "DatasetView.to_hf()")

    def export(self, path: str, format: str | None = None) -> int:
        """Write the version to ``path`` as ``jingshu dataset export`` does; rows written.

        Args:
            path: A ``.jsonl[.gz|.zst]``, ``.parquet`` or ``.csv`` file, or a folder (hf).
            format: ``jsonl``, ``parquet``, ``csv`` or ``hf``; guessed from ``path``
                when None.
        """
        with self._client.platform.session() as s:
            version, actor = self._readable(s)
            return export_version(s, self._client.platform.store, version, path, format,
                                  actor=actor.name)

    def croissant(self, base_url: str | None = None) -> dict[str, Any]:
        """The version as Croissant 1.0 JSON-LD, as ``GET .../croissant`` gives it: anyone
        who may see the dataset; its stored quality profile (field descriptions, DQV
        measurements); media files and the profile's row content only for who may
        download. ``base_url``: the portal's public root (``http://BIND`` when None)."""
        return croissant_of(self._client, self.name, self.number, base_url)

    def profile(self, *, refresh: bool = False) -> VersionProfile:
        """The quality profile (computed and stored if missing), as the API's profile
        route gives it: anyone who may see the dataset; ``refresh`` only its publishers;
        without row content (examples, frequent values) for who may not see its rows."""
        with self._client.platform.session() as s:
            version = get_version(s, self.name, self.number)
            actor = self._client.actor(s)
            actor.allow(DatasetPolicy.view(version.dataset))
            if refresh:
                actor.allow(DatasetPolicy.edit(version.dataset))
            profile = version_profile(self._client.platform.store, version, refresh=refresh)
            if not actor.may(DatasetPolicy.download(version.dataset)):
                return profile.without_row_content()
            return profile
