"""Every script under ``bench/`` imports against the current package: a renamed or
moved name in ``jingshu`` breaks a benchmark at once here, not at the next release's
measurement (``bench_repair`` imported a private converter that a refactor removed)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
OPTIONAL = {"fuzz_api": "schemathesis"}
"""Scripts that need an extra outside ``[test]``, with the module they need."""


@pytest.mark.parametrize("name", sorted(p.stem for p in BENCH.glob("*.py")))
def test_bench_script_imports(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name], reason=f"bench/{name}.py needs jingshu[bench]")
    monkeypatch.syspath_prepend(str(BENCH))
    monkeypatch.setattr(sys, "argv", [f"bench/{name}.py"])
    before = set(sys.modules)
    try:
        importlib.import_module(name)
    finally:  # bench modules have plain names (report, pii_sets): leave none behind
        for key in set(sys.modules) - before:
            if str(getattr(sys.modules[key], "__file__", "") or "").startswith(str(BENCH)):
                del sys.modules[key]
