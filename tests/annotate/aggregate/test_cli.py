"""``jingshu aggregate`` over CSV and JSONL files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jingshu.annotate.aggregate import Answers, AutoAggregator
from jingshu.cli.main import cli


def test_aggregate_csv_with_gold_to_jsonl(tmp_path: Path) -> None:
    answers = tmp_path / "a.csv"
    answers.write_text("task,worker,label\n1,a,正面\n1,b,正面\n1,c,负面\n2,a,负面\n2,b,负面\n",
                       "utf-8")
    gold = tmp_path / "g.csv"
    gold.write_text("task,label\n1,负面\n", "utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["aggregate", str(answers), "--method", "ds",
                                      "--gold", str(gold), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert rows[0] == {"task": "1", "label": "负面", "confidence": 1.0}


def test_aggregate_numeric_jsonl_json_output(tmp_path: Path) -> None:
    answers = tmp_path / "a.jsonl"
    answers.write_text('{"task": 1, "worker": "a", "label": 2}\n'
                       '{"task": 1, "worker": "b", "label": 4}\n', "utf-8")
    result = CliRunner().invoke(cli, ["aggregate", str(answers), "--method", "mean", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["labels"][0]["label"] == 3.0


def test_aggregate_bad_file_says_what_is_wrong(tmp_path: Path) -> None:
    answers = tmp_path / "a.csv"
    answers.write_text("item,worker,label\n1,a,x\n", "utf-8")
    result = CliRunner().invoke(cli, ["aggregate", str(answers)])
    assert result.exit_code == 2
    assert "no column 'task'" in result.stderr and "--task-column" in result.stderr


def test_aggregate_defaults_to_auto_and_dedupes(tmp_path: Path) -> None:
    answers = tmp_path / "a.csv"
    lines = ["task,worker,label"]
    for t in range(40):  # worker a is always right, b and c each wrong on every 4th task
        truth = "正面" if t % 2 else "负面"
        wrong = "负面" if t % 2 else "正面"
        lines += [f"{t},a,{truth}", f"{t},b,{wrong if t % 4 == 0 else truth}",
                  f"{t},c,{wrong if t % 4 == 1 else truth}"]
    lines += ["0,b,负面", "0,b,负面"]  # b repeats itself on task 0
    answers.write_text("\n".join(lines) + "\n", "utf-8")
    plain = CliRunner().invoke(cli, ["aggregate", str(answers), "--json"])
    assert plain.exit_code == 0, plain.output
    data = json.loads(plain.stdout)
    assert data["method"] == "auto" and data["tasks"] == 40 and data["temperature"] >= 1.0
    assert {r["task"]: r["label"] for r in data["labels"]}["3"] == "正面"
    assert all(0.5 <= r["confidence"] <= 1.0 for r in data["labels"])
    # the confidence printed is the calibrated one (held-out temperature, then the map)
    assert data["calibrated"] is True
    calibrated = AutoAggregator(seed=0).fit(Answers.from_lists(
        *zip(*[line.split(",") for line in lines[1:]], strict=True)))
    expected = {str(r.task): round(r.confidence, 6) for r in calibrated.rows()}
    assert {r["task"]: r["confidence"] for r in data["labels"]} == expected
    assert max(expected.values()) < 1.0  # unanimous tasks are not certain
    once = CliRunner().invoke(cli, ["aggregate", str(answers), "--method", "mv", "--dedupe",
                                    "last", "--json"])
    by_task = {r["task"]: r for r in json.loads(once.stdout)["labels"]}
    assert by_task["0"]["confidence"] == 1.0  # a, b, c all said 负面 once each
    counted = CliRunner().invoke(cli, ["aggregate", str(answers), "--method", "mv", "--json"])
    assert {r["task"]: r for r in json.loads(counted.stdout)["labels"]}["0"]["confidence"] == 0.8
