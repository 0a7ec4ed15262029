"""The Chinese corpus pipeline: documents, operators, recipes, executors and reports.

Typical use::

    from jingshu.corpus import Pipeline, load_recipe, run_files

    report = run_files("zh-web", "raw/", "clean/", workers=4)
"""

from __future__ import annotations

from jingshu.corpus.document import Document
from jingshu.corpus.executor import run_files
from jingshu.corpus.pipeline import Pipeline, clean_text
from jingshu.corpus.recipe import BUILTIN_RECIPES, Recipe, Step, load_recipe, parse_recipe
from jingshu.corpus.registry import OPERATORS
from jingshu.corpus.report import RunReport

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
