from __future__ import annotations

import pytest

from jingshu.privacy.pii import RECOGNIZERS, find_pii, register_recognizer
from jingshu.privacy.places import match_places, province_of_code
from jingshu.privacy.recognizers import (
    find_addresses,
    find_ip_addresses,
    find_landlines,
    find_passports,
    find_plates,
    find_qq,
    find_wechat,
)
from jingshu.privacy.spans import PiiSpan


def _values(spans: list[PiiSpan]) -> list[str]:
    return [s.value for s in spans]


def test_landlines_need_an_area_code_and_separator() -> None:
    text = "电话010-62345678，(0571)8765 4321，0755-2345678-123"
    assert _values(find_landlines(text)) == ["010-62345678", "(0571)8765 4321", "0755-2345678-123"]
    assert find_landlines("订单20231234567") == []


def test_passports_plates_ips() -> None:
    assert _values(find_passports("护照号G12345678，新护照E12345678")) == ["E12345678", "G12345678"]
    assert find_passports("型号G12345678") == []  # old series only after a cue
    assert _values(find_plates("京A12345 粤B·D12345 苏E12345D")) == [
        "京A12345", "粤B·D12345", "苏E12345D"
    ]
    assert _values(find_ip_addresses("ip 192.168.1.1 与 2001:db8::1，时间12:30:45")) == [
        "192.168.1.1", "2001:db8::1"
    ]
    assert find_ip_addresses("版本 300.1.1.1") == []


def test_qq_and_wechat_only_in_context() -> None:
    assert _values(find_qq("QQ：123456789")) == ["123456789"]
    assert find_qq("编号123456789") == []
    assert _values(find_wechat("加微信号: zhang_san88 详聊")) == ["zhang_san88"]
    assert find_wechat("zhang_san88") == []


def test_addresses_from_places_and_cues() -> None:
    got = _values(find_addresses("公司在浙江省杭州市西湖区文三路90号，欢迎"))
    assert got == ["浙江省杭州市西湖区文三路90号"]
    home = find_addresses("我住在临江市北塘区枫林街120号2栋")
    assert _values(home) == ["临江市北塘区枫林街120号2栋"]
    assert find_addresses("他去了北京旅游") == []  # a lone place is not an address


def test_places_data() -> None:
    assert province_of_code("330106199001011234") == "浙江省"
    assert province_of_code("99") is None
    assert [(p.name, p.level) for _, _, p in match_places("广东省深圳市")] == [
        ("广东省", "province"), ("深圳市", "city")
    ]


def test_registry_covers_issue_types_and_accepts_new_recognizers() -> None:
    for kind in ("resident_id", "mobile", "landline", "bank_card", "uscc", "passport",
                 "license_plate", "email", "ip_address", "qq", "wechat", "person_name",
                 "address"):
        assert kind in RECOGNIZERS
    register_recognizer("test_code", lambda t: [PiiSpan("test_code", 0, 2, t[:2])])
    try:
        assert [s.type for s in find_pii("XY abc", ["test_code"])] == ["test_code"]
    finally:
        del RECOGNIZERS["test_code"]


def test_find_pii_extra_recognizers_run_last() -> None:
    def crf_like(text: str) -> list[PiiSpan]:
        return [PiiSpan("person_name", 0, 11, text[:11])]

    spans = find_pii("13812345678", extra=[crf_like])
    assert [s.type for s in spans] == ["mobile"]


@pytest.mark.parametrize(("text", "address"), [
    ("住址：杭州市西湖区文三路90号东部软件园1号楼", "杭州市西湖区文三路90号东部软件园1号楼"),
    ("寄到华泰街1弄4号1室，谢谢", "华泰街1弄4号1室"),
    ("江西省高安市新街镇协塘家自然村1号", "江西省高安市新街镇协塘家自然村1号"),
    ("户籍地郑州市须水镇西岗村3组", "郑州市须水镇西岗村3组"),
    ("他把车停在月明路1号门口", "月明路1号"),
    ("家住杭州新风路9号红街公寓3-5-1。", "杭州新风路9号红街公寓3-5-1"),
    ("新湖小区1幢9单元5", "新湖小区1幢9单元5"),
    # A compound and a bare room number after the house number (address-parsing style).
    ("收货地址：石桥路7号永富大厦2", "石桥路7号永富大厦2"),
    ("建设二路1号锐鹰电商园D7", "建设二路1号锐鹰电商园D7"),
])
def test_detailed_addresses_have_a_door(text: str, address: str) -> None:
    assert _values(find_addresses(text)) == [address]


@pytest.mark.parametrize("text", [
    "深圳市发布数据要素市场化配置改革实施方案",
    "台湾地区和澳门特别行政区",
    "北京市朝阳区人民法院依法判决",
    "家住北京市朝阳区望京西园三区",
    "沿长安街向东",
    "乘地铁10号线到达",
    "根据国发〔2020〕3号文件",
    "我们村16户人家",
    "大楼第5层",
])
def test_regions_roads_organisations_and_other_numbers_are_not_addresses(text: str) -> None:
    assert find_addresses(text) == []


def test_long_lists_of_places_end_and_emoji_do_not_break_recognizers() -> None:
    listing = "北京市 " * 3000 + "文三路1号"
    found = _values(find_addresses(listing))
    assert found and found[0].endswith("文三路1号") and len(found[0]) < 60
    assert find_addresses("浙江省杭州市" * 2000) == []
    spans = find_pii("😀联系人：张伟😀，手机13812345678")
    assert [(s.type, s.value) for s in spans if s.type in {"person_name", "mobile"}] == [
        ("person_name", "张伟"), ("mobile", "13812345678")
    ]
