from __future__ import annotations

import pytest

from jingshu.privacy.pii import (
    PiiSpan,
    find_bank_cards,
    find_emails,
    find_mobiles,
    find_pii,
    find_resident_ids,
    find_uscc,
    luhn_valid,
    resident_id_valid,
    uscc_valid,
)

VALID_ID = "11010519491231002X"
VALID_USCC = "91350100M000100Y43"


def _luhn_complete(prefix: str) -> str:
    for d in "0123456789":
        if luhn_valid(prefix + d):
            return prefix + d
    raise AssertionError


def test_resident_id_checksum() -> None:
    assert resident_id_valid(VALID_ID)
    assert resident_id_valid(VALID_ID.lower())
    assert not resident_id_valid("110105194912310021")  # wrong check digit
    assert not resident_id_valid("99010519491231002X")  # no such province
    assert not resident_id_valid("110105194902300020")  # 30 February


def test_resident_id_in_text_not_inside_longer_runs() -> None:
    assert [s.value for s in find_resident_ids(f"身份证号{VALID_ID}。")] == [VALID_ID]
    assert find_resident_ids(f"1{VALID_ID}") == []


def test_mobile() -> None:
    assert [s.value for s in find_mobiles("电话：13812345678，或 +86 139-1234-5678")] == [
        "13812345678",
        "+86 139-1234-5678",
    ]
    assert find_mobiles("12812345678") == []  # 12x is not a mobile prefix
    assert find_mobiles("订单号213812345678999") == []  # inside a longer run


def test_bank_card_luhn() -> None:
    card = _luhn_complete("622202020000000000")
    assert [s.value for s in find_bank_cards(f"卡号{card}")] == [card]
    near_miss = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert find_bank_cards(f"卡号{near_miss}") == []
    assert find_bank_cards("卡号" + _luhn_complete("123456789012345")) == []  # bad prefix


def test_uscc_checksum() -> None:
    assert uscc_valid(VALID_USCC)
    assert not uscc_valid(VALID_USCC[:-1] + "2")
    assert [s.value for s in find_uscc(f"信用代码：{VALID_USCC}")] == [VALID_USCC]


def test_email() -> None:
    assert [s.value for s in find_emails("联系 zhang.san@example.com.cn 谢谢")] == [
        "zhang.san@example.com.cn"
    ]


def test_find_pii_priority_and_order() -> None:
    text = f"手机13812345678 身份证{VALID_ID}"
    assert [s.type for s in find_pii(text)] == ["mobile", "resident_id"]
    with pytest.raises(KeyError):
        find_pii(text, ["no_such_type"])


def test_names_with_honorific_or_cue_and_house_level_addresses() -> None:
    from jingshu.privacy.pii import find_pii

    def found(text: str) -> list[tuple[str, str]]:
        return [(p.type, p.value) for p in find_pii(text)]

    assert ("person_name", "丁雪") in found("如有疑问，请联系丁雪女士，手机：")
    assert found("如有疑问，请联系丁女士") == []
    assert ("person_name", "程春华") in found("会员资料 姓名：程春华 手机：")
    names = found("志愿服务名单：傅昊天、熊沐晴、吴婉清。活动")
    assert [v for t, v in names if t == "person_name"] == ["傅昊天", "熊沐晴", "吴婉清"]
    home = found("我住在临江市北塘区枫林街120号2栋2单元801室。")
    assert any(t == "address" and v.endswith("枫林街120号2栋2单元801室") for t, v in home)
    # A road and house number is a detailed address (GB/T 35273 annex A); the city
    # government is an organisation, recognised but not personal.
    town_hall = found("临江市人民路12号是市政府所在地")
    assert ("address", "临江市人民路12号") in town_hall
    assert {t for t, _ in town_hall} <= {"address", "organization", "place"}
    assert ("email", "li.lei@example.cn") in found("邮箱li.lei@example.cn，欢迎来信")


def test_names_drop_the_honorific_and_bare_surnames_are_not_names() -> None:
    from jingshu.privacy.pii import find_titled_names

    found = [s.value for s in find_titled_names("据徐宗威先生说，王先生和欧阳娜娜女士都到了")]
    assert found == ["徐宗威", "欧阳娜娜"]
    assert find_titled_names("市民王先生说") == []


def test_a_model_wins_over_the_name_and_address_heuristics() -> None:
    text = "联系人：张三丰，手机13812345678"

    def model(t: str) -> list[PiiSpan]:  # a model that places the name boundary elsewhere
        return [PiiSpan("person_name", 4, 6, t[4:6]), PiiSpan("person_name", 10, 13, t[10:13])]

    spans = [(s.type, s.value) for s in find_pii(text, extra=[model])]
    assert spans == [("person_name", "张三"), ("mobile", "13812345678")]
    assert ("person_name", "张三丰") in [(s.type, s.value) for s in find_pii(text)]
