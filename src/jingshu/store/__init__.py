"""Dataset versions as immutable sets of zstd Parquet shards plus a manifest.

Pure storage, no database: the catalog records the locations this package returns.

Library layer: imports :mod:`jingshu.errors` only; never the database, a domain,
``web`` or ``cli``.
"""

from __future__ import annotations

from jingshu.store.exporters import export_csv, export_hf, export_jsonl, export_parquet
from jingshu.store.importers import FORMATS, detect_format, read_source
from jingshu.store.manifest import FieldInfo, Manifest, Provenance, ShardInfo
from jingshu.store.store import DatasetStore
from jingshu.store.version import StoredVersion
from jingshu.store.writer import VersionWriter

__all__ = [
    "FORMATS",
    "DatasetStore",
    "FieldInfo",
    "Manifest",
    "Provenance",
    "ShardInfo",
    "StoredVersion",
    "VersionWriter",
    "detect_format",
    "export_csv",
    "export_hf",
    "export_jsonl",
    "export_parquet",
    "read_source",
]
