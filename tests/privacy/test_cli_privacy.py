from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
from click.testing import CliRunner

from jingshu.cli.main import cli


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_scan_and_redact(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "联系人：张伟，手机13812345678"},
                              ensure_ascii=False) + "\n", "utf-8")
    code, out = _run("privacy", "scan", str(src), "--json")
    assert code == 0 and [r["type"] for r in json.loads(out)] == ["person_name", "mobile"]
    dst = tmp_path / "out.jsonl"
    code, out = _run("privacy", "redact", "--input", str(src), "--output", str(dst),
                     "--action", "mobile=mask", "--action", "*=placeholder")
    assert code == 0, out
    row = json.loads(dst.read_text("utf-8"))
    assert row == {"id": 1, "text": "联系人：[姓名]，手机138****5678"}
    code, out = _run("privacy", "redact", "--input", str(src), "--output", str(dst),
                     "--action", "mobile=pseudonym", "--key", "s3cret")
    assert code == 0 and "手机号_" in dst.read_text("utf-8")
    code, out = _run("privacy", "scan", str(src), "--types", "phone")
    assert code == 2 and "unknown PII type" in out


def test_train_ner_then_scan_with_model(tmp_path: Path) -> None:
    train = tmp_path / "train.txt"
    lines = []
    for name in ["张伟", "李娜", "王强", "刘洋"] * 5:
        lines += [f"{name[0]} B-PER", f"{name[1]} I-PER", "说 O", "好 O", ""]
    train.write_text("\n".join(lines), "utf-8")
    model = tmp_path / "m.crf"
    code, out = _run("privacy", "train-ner", "--train", str(train), "--out", str(model),
                     "--iterations", "20")
    assert code == 0 and model.is_file(), out
    text = tmp_path / "t.txt"
    text.write_text("王强说好\n", "utf-8")
    code, out = _run("privacy", "scan", str(text), "--model", str(model), "--json")
    assert code == 0 and json.loads(out)[0]["value"] == "王强"


def test_kanon(tmp_path: Path) -> None:
    src, dst = tmp_path / "t.csv", tmp_path / "o.csv"
    pcsv.write_csv(pa.table({"age": list(range(20, 60)), "region": ["110105", "330106"] * 20,
                             "dx": ["a", "b", "c", "d"] * 10}), src)
    code, out = _run("privacy", "kanon", "--input", str(src), "--output", str(dst),
                     "--qi", "age,region:region", "--k", "5", "--l", "2", "--sensitive", "dx")
    assert code == 0, out
    assert "smallest" in out
    rows = pcsv.read_csv(dst).to_pylist()
    assert len(rows) == 40
    code, out = _run("privacy", "kanon", "--input", str(src), "--output", str(dst),
                     "--qi", "age:weird", "--k", "5")
    assert code == 2 and "unknown kind" in out
