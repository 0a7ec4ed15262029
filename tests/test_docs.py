"""The documentation is generated from the code and kept in step with it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _load(script: str) -> object:
    spec = importlib.util.spec_from_file_location(script, REPO / "scripts" / f"{script}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_docs_match_the_code() -> None:
    gen = _load("gen_reference")
    for name, text in (("python.md", gen.python_reference()),  # type: ignore[attr-defined]
                       ("http.md", gen.http_reference())):  # type: ignore[attr-defined]
        committed = (REPO / "docs" / "reference" / name).read_text("utf-8")
        assert committed == text, f"docs/reference/{name} is stale: run scripts/gen_reference.py"


def test_every_doc_link_resolves() -> None:
    for page in (REPO / "docs").rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", page.read_text("utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_every_public_module_has_a_guide_or_reference_entry() -> None:
    reference = (REPO / "docs" / "reference" / "python.md").read_text("utf-8")
    for module in ("jingshu.store", "jingshu.catalog.service", "jingshu.catalog.search",
                   "jingshu.accounts.service", "jingshu.corpus"):
        assert f"## `{module}`" in reference
