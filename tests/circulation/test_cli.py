"""``jingshu grant`` and ``jingshu watermark trace`` over the test platform."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jingshu.cli.main import cli
from tests.circulation.conftest import Flow
from tests.web.helpers import API


def _run(flow: Flow, monkeypatch: pytest.MonkeyPatch, *args: str, code: int = 0) -> Result:
    monkeypatch.setenv("JINGSHU_DATABASE_URL", flow.platform.settings.database_url)
    monkeypatch.setenv("JINGSHU_SECRET_KEY", "test-secret")
    result = CliRunner().invoke(cli, ["--home", str(flow.platform.settings.home), *args])
    assert result.exit_code == code, (result.output, result.exception)
    return result


def test_review_and_revoke_from_the_cli(flow: Flow, monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    text = tmp_path / "commitment.txt"
    text.write_text("新版安全承诺书。", encoding="utf-8")
    out = _run(flow, monkeypatch, "grant", "agreement", "cond-ds", "--kind", "commitment",
               "--file", str(text))
    assert "version 2" in out.output
    request = flow.apply(accept_commitment_version=2)
    listed = json.loads(_run(flow, monkeypatch, "grant", "requests", "--json").output)
    assert listed[0]["id"] == request["id"] and listed[0]["status"] == "pending"
    out = _run(flow, monkeypatch, "grant", "approve", str(request["id"]), "--quota", "1",
               "--field", "note")
    grant_id = out.output.split()[1].rstrip(":")
    assert "fields: note" in out.output
    _run(flow, monkeypatch, "grant", "revoke", grant_id, "--reason", "到期前收回")
    grants = json.loads(_run(flow, monkeypatch, "grant", "list", "--json").output)
    assert grants[0]["revoked"] is True
    _run(flow, monkeypatch, "grant", "reject", str(request["id"]), "--reason", "x", code=2)


def test_trace_names_the_recipient_or_nobody(flow: Flow, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    grant = flow.grant(quota=5)
    rows = []
    for _ in range(3):  # three downloads of 30 rows: a small extract
        r = flow.client.get(f"{API}/grants/{grant['id']}/download", headers=flow.consumer)
        rows.append(r.text)
    leak = tmp_path / "leak.jsonl"
    leak.write_text(rows[0], encoding="utf-8")
    out = _run(flow, monkeypatch, "watermark", "trace", str(leak), "--json")
    found = json.loads(out.output)
    assert found["verdict"] == "traced", found
    assert found["findings"][0]["grant"] == grant["id"]
    assert found["findings"][0]["holder"] == flow.consumer_name
    clean = tmp_path / "clean.txt"
    clean.write_text("".join(f"第{i}段讨论城市数据开放，参与单位{i * 7}家。" for i in range(80)),
                     encoding="utf-8")
    out = _run(flow, monkeypatch, "watermark", "trace", str(clean), code=1)
    assert "nobody is blamed" in out.output
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("一句话。", encoding="utf-8")
    out = _run(flow, monkeypatch, "watermark", "trace", str(tiny), code=3)
    assert "too small" in out.output


def test_approve_json_gives_scripts_the_grant(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    request = flow.apply()
    made = json.loads(_run(flow, monkeypatch, "grant", "approve", str(request["id"]), "--quota",
                           "2", "--json").output)
    assert (made["holder"], made["quota"], made["used"]) == (flow.consumer_name, 2, 0)
    listed = json.loads(_run(flow, monkeypatch, "grant", "list", "--json").output)
    assert listed == [made]
