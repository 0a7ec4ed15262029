"""``jingshu annotate``: create, list, status, export (every format), import-labelstudio, close."""

from __future__ import annotations

import json
from pathlib import Path

from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset

ROWS = [{"id": f"r{i}", "text": f"评论{i}"} for i in range(6)]


def test_create_label_status_and_export(invoke: Invoke, platform: Platform,
                                        tmp_path: Path) -> None:
    make_dataset(platform, name="reviews", rows=ROWS)
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"key": "r0", "answer": "正面"}\n', "utf-8")
    out = invoke("annotate", "create", "reviews", "--name", "senti", "--labels", "正面,负面",
                 "--overlap", "2", "--gold", str(gold), "--cost", "0.5").stdout
    assert "created project senti over reviews@1 (6 items)" in out
    join(platform, "senti", "a", "b")
    label_all(platform, "senti", "a")
    label_all(platform, "senti", "b")
    info = as_json(invoke("annotate", "status", "senti", "--json"))
    assert info["done"] == 5 and info["cost"] == 5.0 and info["alpha"] is None
    assert "5/5 items done" in invoke("annotate", "status", "senti").stdout
    assert as_json(invoke("annotate", "list", "--json"))[0]["name"] == "senti"
    assert "as senti-labels@1" in invoke("annotate", "export", "senti").stdout
    for fmt, target in (("jsonl", "l.jsonl"), ("labelstudio", "ls.json"), ("hf", "hf")):
        invoke("annotate", "export", "senti", str(tmp_path / target), "--format", fmt)
    assert len((tmp_path / "l.jsonl").read_text("utf-8").splitlines()) == 5
    out = invoke("annotate", "import-labelstudio", str(tmp_path / "ls.json"), "--name",
                 "senti-copy", "--labels", "正面,负面", "--overlap", "2").stdout
    assert "imported 5 tasks with 10 answers" in out
    assert "closed" in invoke("annotate", "close", "senti").stdout


def test_bad_input_is_reported(invoke: Invoke, platform: Platform, tmp_path: Path) -> None:
    make_dataset(platform, name="reviews", rows=ROWS)
    result = invoke("annotate", "create", "reviews", "--name", "x", "--schema", "{bad",
                    code=2)
    assert "--schema is neither" in result.stderr
    result = invoke("annotate", "create", "reviews", "--name", "xx", "--kind", "single",
                    code=2)
    assert "label schema: single.labels" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"not": "a list"}), "utf-8")
    result = invoke("annotate", "import-labelstudio", str(bad), "--name", "y", "--labels",
                    "a,b", code=2)
    assert "expected a list of tasks" in result.stderr
    assert "does not exist" in invoke("annotate", "export", "nope", code=2).stderr
