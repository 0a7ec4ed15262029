"""``jingshu store gc``: leftovers of killed processes, after a grace period."""

from __future__ import annotations

from pathlib import Path

from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.store.test_store_gc import HOUR, _age, _killed_writer, system_tmp

__all__ = ["system_tmp"]  # the fixture, used below


def test_store_gc_command(platform: Platform, invoke: Invoke, system_tmp: Path) -> None:
    staging = _killed_writer(Path(platform.settings.storage_root))
    _age(staging, 3 * HOUR)
    listed = as_json(invoke("store", "gc", "--grace", "2h", "--dry-run", "--json"))
    assert listed["staging"] == [f".tmp/{staging.name}"] and staging.exists()
    assert "removed 0 leftover(s)" in invoke("store", "gc", "--grace", "4h").stdout
    result = invoke("store", "gc", "--grace", "90m")
    assert f"removed staging: .tmp/{staging.name}" in result.stdout and not staging.exists()
    bad = invoke("store", "gc", "--grace", "soon", code=2)
    assert "not a duration" in bad.stderr
