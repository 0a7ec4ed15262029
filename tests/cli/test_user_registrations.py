"""``jingshu user registrations / approve / reject / org-admin``."""

from __future__ import annotations

from jingshu.accounts.registration import register
from jingshu.accounts.service import authenticate, get_user
from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import PASSWORD, make_org, make_user


def test_list_approve_reject_and_org_admin(invoke: Invoke, platform: Platform) -> None:
    make_org(platform, "city-lab")
    make_user(platform, name="boss", organization="city-lab")
    with platform.session() as s:
        first = register(s, "first", PASSWORD, "city-lab", note="课题组").id
        second = register(s, "second", PASSWORD, "city-lab").id
    listed = as_json(invoke("user", "registrations", "--organization", "city-lab", "--json"))
    assert [(r["id"], r["username"], r["note"]) for r in listed] == [
        (first, "first", "课题组"), (second, "second", "")]
    assert "approved first as annotator" in invoke("user", "approve", str(first), "--role",
                                                   "annotator").stdout
    assert "rejected second" in invoke("user", "reject", str(second), "--reason", "不认识").stdout
    assert as_json(invoke("user", "registrations", "--json")) == []
    refused = invoke("user", "approve", str(second), code=2)
    assert "already rejected" in refused.stderr
    assert "admin" not in invoke("user", "approve", "--help").stdout.split("--role")[1][:80]
    invoke("user", "org-admin", "boss")
    with platform.session() as s:
        assert authenticate(s, "first", PASSWORD).role.value == "annotator"
        assert get_user(s, "boss").org_admin
    invoke("user", "org-admin", "boss", "--off")
    with platform.session() as s:
        assert not get_user(s, "boss").org_admin
