"""``jingshu dataset regrade`` / ``regrade-requests``: declassification with four eyes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_user

CORE = ("--tier", "not_open", "--grade", "core", "--sensitivity", "L4")
OPEN = ("--tier", "unconditional", "--grade", "general", "--sensitivity", "L1")


def _secret(invoke: Invoke, jsonl: Callable[..., Path]) -> None:
    invoke("dataset", "import", str(jsonl()), "--name", "secret", *CORE)


def _show(invoke: Invoke) -> tuple[str, str, str]:
    info = as_json(invoke("dataset", "show", "secret", "--json"))
    return info["tier"], info["grade"], info["sensitivity"]


def test_regrade_waits_for_a_second_person(platform: Platform, invoke: Invoke,
                                           jsonl: Callable[..., Path]) -> None:
    _secret(invoke, jsonl)
    opened = as_json(invoke("dataset", "regrade", "secret", *OPEN, "--reason", "已脱敏",
                            "--json"))
    assert opened["status"] == "pending" and opened["requested_by"] == "cli"
    assert _show(invoke) == ("not_open", "core", "L4")
    own = invoke("dataset", "regrade-requests", "approve", str(opened["id"]), code=2)
    assert "second person" in own.stderr
    publisher = make_user(platform, Role.PUBLISHER)
    refused = invoke("dataset", "regrade-requests", "approve", str(opened["id"]),
                     "--as", publisher.username, code=2)
    assert "data officers" in refused.stderr
    officer = make_user(platform, Role.DATA_OFFICER)
    done = invoke("dataset", "regrade-requests", "approve", str(opened["id"]),
                  "--as", officer.username, "--note", "同意")
    assert "approved" in done.stdout
    assert _show(invoke) == ("unconditional", "general", "L1")
    [row] = as_json(invoke("dataset", "regrade-requests", "list", "--json"))
    assert row["status"] == "approved" and row["decided_by"] == officer.username


def test_set_that_lowers_needs_a_reason_and_opens_a_request(
        platform: Platform, invoke: Invoke, jsonl: Callable[..., Path]) -> None:
    _secret(invoke, jsonl)
    missing = invoke("dataset", "set", "secret", "--sensitivity", "L3", code=2)
    assert "needs a reason" in missing.stderr
    result = invoke("dataset", "set", "secret", "--sensitivity", "L3", "--title", "机密",
                    "--reason", "降为三级")
    assert "updated secret: title" in result.stdout and "regrade request" in result.stdout
    admin = make_user(platform, Role.ADMIN)
    [row] = as_json(invoke("dataset", "regrade-requests", "list", "--status", "pending",
                           "--json"))
    invoke("dataset", "regrade-requests", "reject", str(row["id"]), "--note", "不同意",
           "--as", admin.username)
    assert _show(invoke) == ("not_open", "core", "L4")
    raised = invoke("dataset", "set", "secret", "--tier", "not_open")
    assert "regrade" not in raised.stdout


def test_regrade_as_an_account_needs_its_edit_right(platform: Platform, invoke: Invoke,
                                                    jsonl: Callable[..., Path]) -> None:
    _secret(invoke, jsonl)
    consumer = make_user(platform, Role.CONSUMER)
    refused = invoke("dataset", "regrade", "secret", "--sensitivity", "L3", "--reason", "x",
                     "--as", consumer.username, code=2)
    assert "may not change dataset" in refused.stderr
    admin = make_user(platform, Role.ADMIN)
    made = as_json(invoke("dataset", "regrade", "secret", "--sensitivity", "L3", "--reason",
                          "复核", "--as", admin.username, "--json"))
    assert made["requested_by"] == admin.username
    own = invoke("dataset", "regrade-requests", "approve", str(made["id"]), "--as",
                 admin.username, code=2)
    assert "second person" in own.stderr
    invoke("dataset", "regrade-requests", "approve", str(made["id"]))  # the operator 'cli'
    assert _show(invoke) == ("not_open", "core", "L3")

