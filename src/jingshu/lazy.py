"""Names of a package imported on first use (PEP 562), so that start-up stays cheap.

``jingshu --help`` must not pay for SQLAlchemy, pyarrow or scipy; a package that
re-exports names from heavy modules lists where each lives and hands the lookup to
:func:`lazy_attributes`::

    __getattr__ = lazy_attributes(__name__, {"QualityModel": "jingshu.corpus.quality.model"})

Type checkers still see the names through ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping

__all__ = ["lazy_attributes"]


def lazy_attributes(package: str, homes: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``homes[name]`` and caches the name there.

    Args:
        package: The package's ``__name__``.
        homes: Each public name to the module that defines it.
    """

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
