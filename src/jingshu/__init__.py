"""精数 jingshu: raw data in, governed high-quality AI training data out. Chinese first.

The Python front door::

    import jingshu

    js = jingshu.connect(home="/tmp/jingshu-demo")
    js.import_file("news.jsonl", "zh-news", title="新闻语料")
    for batch in js.read("zh-news@1"):
        ...

Everything listed in ``__all__`` is the public API; the rest may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.service import DatasetSpec
from jingshu.errors import (
    AuthError,
    ConfigError,
    ConflictError,
    DependencyMissing,
    InputError,
    IntegrityError,
    JingshuError,
    NotFoundError,
    PermissionDenied,
    RuleViolation,
    SchemaMismatchError,
)
from jingshu.platform import Platform, connect
from jingshu.settings import Settings, load_settings
from jingshu.store import Provenance

__all__ = [
    "AuthError",
    "ConfigError",
    "ConflictError",
    "DatasetSpec",
    "DependencyMissing",
    "Grade",
    "InputError",
    "IntegrityError",
    "JingshuError",
    "Modality",
    "NotFoundError",
    "OpenTier",
    "PermissionDenied",
    "Platform",
    "Provenance",
    "RuleViolation",
    "SchemaMismatchError",
    "Sensitivity",
    "Settings",
    "__version__",
    "connect",
    "load_settings",
]
