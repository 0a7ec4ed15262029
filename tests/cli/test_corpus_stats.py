"""`jingshu corpus stats`: term shares with bars, JSON and a PNG chart."""

from __future__ import annotations

import json
from pathlib import Path

from jingshu.platform import Platform
from tests.cli.conftest import Invoke
from tests.corpus.test_term_stats import POLICIES
from tests.factories import make_dataset


def test_cli_prints_bars_json_and_a_plot(platform: Platform, invoke: Invoke,
                                         tmp_path: Path) -> None:
    make_dataset(platform, name="policies", rows=POLICIES)
    out = invoke("corpus", "stats", "policies@1", "--terms", "人工智能产业,数据要素").stdout
    assert "人工智能产业   40.0%" in out and "█" * 16 in out
    plot = tmp_path / "terms.png"
    data = json.loads(invoke("corpus", "stats", "policies", "--terms", "营商环境", "--json",
                             "--plot", str(plot)).stdout)
    assert data["terms"] == [{"term": "营商环境", "documents": 1, "share": 0.2}]
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_cli_names_a_missing_version(platform: Platform, invoke: Invoke) -> None:
    make_dataset(platform, name="policies", rows=POLICIES)
    result = invoke("corpus", "stats", "policies@7", "--terms", "数据", code=2)
    assert "no version 7" in result.stderr
