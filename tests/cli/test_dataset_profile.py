"""``jingshu dataset profile``, ``diff`` and ``mix``."""

from __future__ import annotations

from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset

TEXTS = [f"第{i}条：北京市发布了关于数据要素市场建设的第{i}项措施。" for i in range(40)]


def test_profile_diff_and_mix(platform: Platform, invoke: Invoke) -> None:
    make_dataset(platform, name="news", rows=[{"text": t, "n": i} for i, t in enumerate(TEXTS)])
    out = invoke("dataset", "profile", "news@1", "--json")
    data = as_json(out)
    assert data["text"][0]["name"] == "text" and data["text"][0]["rows"] == 40
    assert data["columns"][0]["name"] == "n" and data["columns"][0]["distinct"] == 40
    assert {c["code"] for c in data["checks"]} >= {"undocumented"}
    human = invoke("dataset", "profile", "news").output
    assert "characters/token" in human and "zh_bpe_32k.json" in human

    make_dataset(platform, name="news2", rows=[{"text": t, "n": i} for i, t in enumerate(TEXTS)])
    mixed = as_json(invoke("dataset", "mix", "mixed", "--source", "news@1:0.5",
                           "--source", "news2@1:0.5", "--tokens", "600", "--seed", "3", "--json"))
    assert mixed["version"] == 1 and [s["source"] for s in mixed["sources"]] == ["news@1",
                                                                                  "news2@1"]
    assert abs(mixed["tokens"] - 600) <= 30
    again = as_json(invoke("dataset", "mix", "mixed", "--source", "news@1:0.5",
                           "--source", "news2@1:0.5", "--tokens", "600", "--seed", "3", "--json"))
    assert again["version"] == 2 and again["rows"] == mixed["rows"]
    diff = invoke("dataset", "diff", "mixed@1", "mixed@2").output
    assert "0 added, 0 removed" in diff

    counted = as_json(invoke("dataset", "tokens", "news@1", "--json"))
    assert counted["field"] == "text" and counted["rows"] == 40
    assert counted["tokens"] == data["text"][0]["tokens"]
    assert counted["chars_per_token"] > 1

    bad = invoke("dataset", "mix", "x1", "--source", "news@1", "--tokens", "10", code=2)
    assert "NAME@VERSION:WEIGHT" in bad.stderr
