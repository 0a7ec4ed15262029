"""精数 jingshu: raw data in, governed high-quality AI training data out. Chinese first.

The Python front door::

    import jingshu

    js = jingshu.connect(home="/tmp/jingshu-demo")          # user="alice": her rights
    news = js.import_file("news.jsonl", "zh-news", title="新闻语料")
    df = js.dataset("zh-news@1").to_pandas()

Everything listed in ``__all__`` is the public API; the rest may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

import typing as _typing

from jingshu.lazy import lazy_attributes as _lazy_attributes

if _typing.TYPE_CHECKING:
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
    from jingshu.facade import (
        Client,
        CorpusRun,
        DatasetView,
        GrantInfo,
        GrantView,
        ProjectStatus,
        ProjectView,
        RequestInfo,
        connect,
    )
    from jingshu.platform import Platform
    from jingshu.settings import Settings, load_settings
    from jingshu.store import Provenance

# Where each public name lives. They are imported on first use (PEP 562), so that
# ``import jingshu.cli.main`` (every ``jingshu`` command) does not pay for SQLAlchemy,
# pyarrow and the catalog before it knows what it will do.
_ERRORS = ("AuthError", "ConfigError", "ConflictError", "DependencyMissing", "InputError",
           "IntegrityError", "JingshuError", "NotFoundError", "PermissionDenied",
           "RuleViolation", "SchemaMismatchError")
_HOMES: dict[str, str] = {
    **dict.fromkeys(("Grade", "Modality", "OpenTier", "Sensitivity"), "jingshu.catalog.rules"),
    "DatasetSpec": "jingshu.catalog.service",
    **dict.fromkeys(_ERRORS, "jingshu.errors"),
    **dict.fromkeys(("Client", "CorpusRun", "DatasetView", "GrantInfo", "GrantView",
                     "ProjectStatus", "ProjectView", "RequestInfo", "connect"), "jingshu.facade"),
    "Platform": "jingshu.platform",
    **dict.fromkeys(("Settings", "load_settings"), "jingshu.settings"),
    "Provenance": "jingshu.store",
}

__getattr__ = _lazy_attributes(__name__, _HOMES)

__all__ = [
    "AuthError",
    "Client",
    "ConfigError",
    "ConflictError",
    "CorpusRun",
    "DatasetSpec",
    "DatasetView",
    "DependencyMissing",
    "Grade",
    "GrantInfo",
    "GrantView",
    "InputError",
    "IntegrityError",
    "JingshuError",
    "Modality",
    "NotFoundError",
    "OpenTier",
    "PermissionDenied",
    "Platform",
    "ProjectStatus",
    "ProjectView",
    "Provenance",
    "RequestInfo",
    "RuleViolation",
    "SchemaMismatchError",
    "Sensitivity",
    "Settings",
    "__version__",
    "connect",
    "load_settings",
]
