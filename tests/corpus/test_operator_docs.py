"""docs/reference/operators.md documents every operator and is up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from jingshu.corpus.registry import OPERATORS

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "reference" / "operators.md"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _script("gen_operator_docs")


@pytest.mark.parametrize("key", list(OPERATORS))
def test_operator_is_documented(key: str) -> None:
    assert f"### `{key}`" in DOC.read_text(encoding="utf-8")


def test_operator_docs_are_current() -> None:
    expected = GEN.render()
    actual = DOC.read_text(encoding="utf-8")
    assert actual == expected, "operators.md is stale: run python scripts/gen_operator_docs.py"
