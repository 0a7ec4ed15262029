"""The Chinese corpus pipeline: documents, operators, recipes, executors and reports.

Typical use::

    from jingshu.corpus import Pipeline, load_recipe, run_files

    report = run_files("zh-web", "raw/", "clean/", workers=4)

Library layer: imports ``privacy``, ``store``, ``settings`` and ``errors``; never
``catalog``, ``accounts``, ``jobs``, ``web`` or ``cli``. (``runs`` and ``models``, the
run records, are the listed exception waiting to move to ``jingshu.jobs``, which
already holds the queue, the workers and the dataset-run engine; see
docs/architecture.md.)
"""

from __future__ import annotations

import typing as _typing

from jingshu.lazy import lazy_attributes as _lazy_attributes

if _typing.TYPE_CHECKING:
    from jingshu.corpus.document import Document
    from jingshu.corpus.executor import run_files
    from jingshu.corpus.pipeline import Pipeline, clean_text
    from jingshu.corpus.recipe import BUILTIN_RECIPES, Recipe, Step, load_recipe, parse_recipe
    from jingshu.corpus.registry import OPERATORS
    from jingshu.corpus.report import RunReport

# Imported on first use (PEP 562): ``jingshu clean`` needs the operators, not the executor.
_HOMES: dict[str, str] = {
    "Document": "jingshu.corpus.document",
    "run_files": "jingshu.corpus.executor",
    **dict.fromkeys(("Pipeline", "clean_text"), "jingshu.corpus.pipeline"),
    **dict.fromkeys(("BUILTIN_RECIPES", "Recipe", "Step", "load_recipe", "parse_recipe"),
                    "jingshu.corpus.recipe"),
    "OPERATORS": "jingshu.corpus.registry",
    "RunReport": "jingshu.corpus.report",
}

__getattr__ = _lazy_attributes(__name__, _HOMES)

__all__ = [
    "BUILTIN_RECIPES",
    "OPERATORS",
    "Document",
    "Pipeline",
    "Recipe",
    "RunReport",
    "Step",
    "clean_text",
    "load_recipe",
    "parse_recipe",
    "run_files",
]
