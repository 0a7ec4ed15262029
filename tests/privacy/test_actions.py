from __future__ import annotations

import pytest

from jingshu.errors import ConfigError, InputError
from jingshu.privacy.actions import Action, RedactionPolicy, generalize, mask, redact
from jingshu.privacy.pii import find_pii
from jingshu.privacy.spans import PiiSpan

TEXT = "联系人：张伟，身份证11010519491231002X，手机13812345678，住址浙江省杭州市西湖区文三路90号"


def test_each_action() -> None:
    spans = find_pii(TEXT)
    assert redact(TEXT, spans, RedactionPolicy()) == (
        "联系人：[姓名]，身份证[身份证号]，手机[手机号]，住址[地址]"
    )
    masked = redact(TEXT, spans, RedactionPolicy(default=Action.MASK))
    assert "张*" in masked and "138****5678" in masked
    general = redact(TEXT, spans, RedactionPolicy(default=Action.GENERALIZE))
    assert "北京市1949年生" in general and "浙江省杭州市" in general and "文三路" not in general


def test_pseudonyms_are_keyed_and_consistent() -> None:
    a = RedactionPolicy.parse(["*=pseudonym"], key=b"k1")
    b = RedactionPolicy.parse(["*=pseudonym"], key=b"k2")
    one = PiiSpan("mobile", 0, 11, "13812345678")
    same = PiiSpan("mobile", 0, 16, "+86 138 1234 5678")
    assert a.replacement(one) == a.replacement(same)
    assert a.replacement(one) != b.replacement(one)
    assert a.replacement(one).startswith("手机号_")


def test_policy_parsing_and_errors(tmp_path: object) -> None:
    policy = RedactionPolicy.parse({"person_name": "mask", "*": "keep"})
    assert policy.action_for("person_name") is Action.MASK
    assert policy.action_for("email") is Action.KEEP
    with pytest.raises(ConfigError, match="secret key"):
        RedactionPolicy.parse(["person_name=pseudonym"])
    with pytest.raises(ConfigError, match="unknown action"):
        RedactionPolicy.parse(["person_name=shred"])
    with pytest.raises(ConfigError, match="TYPE=ACTION"):
        RedactionPolicy.parse(["person_name"])
    with pytest.raises(InputError):
        RedactionPolicy.from_file("/nonexistent/policy.json")


def test_policy_file(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "policy.yaml"
    path.write_text("person_name: generalize\n'*': placeholder\n", "utf-8")
    policy = RedactionPolicy.from_file(path)
    assert policy.replacement(PiiSpan("person_name", 0, 2, "张伟")) == "张某"


def test_mask_and_generalize_edges() -> None:
    assert mask(PiiSpan("email", 0, 13, "li@example.cn")) == "l*@example.cn"
    assert generalize(PiiSpan("ip_address", 0, 11, "192.168.1.1")) == "192.168.*.*"
    assert generalize(PiiSpan("uscc", 0, 2, "xx")) is None  # falls back to the placeholder
