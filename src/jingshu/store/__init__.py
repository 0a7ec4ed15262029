"""Dataset versions as immutable sets of zstd Parquet shards plus a manifest.

Pure storage, no database: the catalog records the locations this package returns.

Library layer: imports :mod:`jingshu.errors` only; never the database, a domain,
``web`` or ``cli``. Names load on first use, so that light modules of this package
(``html_text``, ``json_lines``) do not import pyarrow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jingshu.lazy import lazy_attributes

if TYPE_CHECKING:
    from jingshu.store.exporters import export_csv, export_hf, export_jsonl, export_parquet
    from jingshu.store.importers import FORMATS, detect_format, read_source
    from jingshu.store.manifest import FieldInfo, Manifest, Provenance, ShardInfo
    from jingshu.store.store import DatasetStore
    from jingshu.store.version import StoredVersion
    from jingshu.store.writer import VersionWriter

_HOMES = {
    "FORMATS": "jingshu.store.importers",
    "DatasetStore": "jingshu.store.store",
    "FieldInfo": "jingshu.store.manifest",
    "Manifest": "jingshu.store.manifest",
    "Provenance": "jingshu.store.manifest",
    "ShardInfo": "jingshu.store.manifest",
    "StoredVersion": "jingshu.store.version",
    "VersionWriter": "jingshu.store.writer",
    "detect_format": "jingshu.store.importers",
    "export_csv": "jingshu.store.exporters",
    "export_hf": "jingshu.store.exporters",
    "export_jsonl": "jingshu.store.exporters",
    "export_parquet": "jingshu.store.exporters",
    "read_source": "jingshu.store.importers",
}
__getattr__ = lazy_attributes(__name__, _HOMES)

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
