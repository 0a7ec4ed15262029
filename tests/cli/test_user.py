"""``jingshu user``: users, organizations and tokens."""

from __future__ import annotations

from jingshu.accounts.service import authenticate, resolve_token
from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json

PASSWORD = "correct-horse-9"


def test_create_with_password_option(invoke: Invoke, platform: Platform) -> None:
    invoke("user", "org-create", "bj-data", "--title", "北京市大数据中心")
    out = invoke("user", "create", "li", "--role", "publisher", "--organization", "bj-data",
                 "--password", PASSWORD).stdout
    assert "created user li (publisher)" in out
    with platform.session() as s:
        assert authenticate(s, "li", PASSWORD).organization is not None


def test_create_with_password_stdin_and_prompt(invoke: Invoke, platform: Platform) -> None:
    invoke("user", "create", "wang", "--role", "consumer", "--password-stdin",
           input=PASSWORD + "\n")
    invoke("user", "create", "zhao", "--role", "annotator", input=f"{PASSWORD}\n{PASSWORD}\n")
    with platform.session() as s:
        authenticate(s, "wang", PASSWORD)
        authenticate(s, "zhao", PASSWORD)


def test_create_bad_input(invoke: Invoke) -> None:
    result = invoke("user", "create", "li", "--role", "admin", "--password", "short", code=2)
    assert "password is too short" in result.stderr
    result = invoke("user", "create", "Li Wei", "--role", "admin", "--password", PASSWORD, code=2)
    assert "user name 'Li Wei' is not allowed" in result.stderr
    result = invoke("user", "create", "li", "--role", "admin", "--password", PASSWORD,
                    "--organization", "nowhere", code=2)
    assert "organization 'nowhere' does not exist" in result.stderr
    invoke("user", "create", "li", "--role", "admin", "--password", PASSWORD,
           "--password-stdin", input="x\n", code=2)


def test_duplicate_user(invoke: Invoke) -> None:
    invoke("user", "create", "li", "--role", "admin", "--password", PASSWORD)
    result = invoke("user", "create", "li", "--role", "admin", "--password", PASSWORD, code=2)
    assert "user 'li' already exists" in result.stderr


def test_list(invoke: Invoke) -> None:
    invoke("user", "create", "li", "--role", "admin", "--password", PASSWORD)
    [user] = as_json(invoke("user", "list", "--json"))
    assert (user["username"], user["role"], user["active"]) == ("li", "admin", True)
    assert "li" in invoke("user", "list").stdout


def test_token_is_printed_once_and_works(invoke: Invoke, platform: Platform) -> None:
    invoke("user", "create", "li", "--role", "admin", "--password", PASSWORD)
    result = invoke("user", "token", "li", "--name", "ci", "--days", "30")
    secret = result.stdout.strip()
    assert secret.startswith("js_")
    assert "cannot be shown again" in result.stderr
    with platform.session() as s:
        assert resolve_token(s, secret).username == "li"
    assert "user 'ghost' does not exist" in invoke("user", "token", "ghost", code=2).stderr


def test_orgs(invoke: Invoke) -> None:
    invoke("user", "org-create", "sh-data", "--title", "上海市数据局")
    assert "上海市数据局" in invoke("user", "org-list").stdout
    assert as_json(invoke("user", "org-list", "--json"))[0]["name"] == "sh-data"
    result = invoke("user", "org-create", "sh-data", code=2)
    assert "organization 'sh-data' already exists" in result.stderr
