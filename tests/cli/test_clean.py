"""``jingshu clean`` as a user runs it: bytes on stdin, repaired text on stdout.

Each case is a defect seen in real input (jingshu issue 11) that the built-in recipe
must repair end to end, in the order its steps run.
"""

from __future__ import annotations

import random

import pytest

from tests.cli.conftest import Invoke

SENTENCE = "这是一段中文测试文本，编码被搞错了。"


@pytest.mark.parametrize("recipe", ["zh-web", "zh-docs", "zh-sft"])
def test_latin1_mojibake_is_repaired_by_each_builtin_recipe(invoke: Invoke, recipe: str) -> None:
    # control_chars used to strip the C1 bytes before mojibake_repair could use them
    broken = SENTENCE.encode("utf-8").decode("latin-1")
    result = invoke("clean", "--recipe", recipe, input=broken + "\n")
    assert result.stdout == SENTENCE + "\n"


def test_cp1252_mojibake_is_repaired(invoke: Invoke) -> None:
    broken = SENTENCE.encode("utf-8").decode("cp1252", errors="replace")
    assert "\ufffd" in broken  # CP1252 has no character for 0x81, 0x8D, 0x8F, 0x90, 0x9D
    assert invoke("clean", input=broken + "\n").stdout == SENTENCE + "\n"


def test_cp1252_mojibake_with_c1_controls_is_repaired(invoke: Invoke) -> None:
    # what browsers and ftfy's sloppy codec do with CP1252's undefined bytes
    raw = SENTENCE.encode("utf-8")
    broken = "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
        for b in raw
    )
    assert invoke("clean", input=broken + "\n").stdout == SENTENCE + "\n"


def test_truncated_utf8_on_stdin_gives_text_not_a_traceback(invoke: Invoke) -> None:
    data = "中文測試".encode()[:-1]  # cut inside the last character
    result = invoke("clean", input=data)
    assert result.stdout == "中文测\ufffd"


def test_random_bytes_on_stdin_never_raise(invoke: Invoke) -> None:
    rng = random.Random(11)
    seeds = ["中文測試，".encode(), "中文".encode("gbk"), b"\xef\xbb\xbf", b"\xff\xfe", b"a,b"]
    for _ in range(40):
        data = b"".join(rng.choice(seeds) for _ in range(rng.randint(0, 6)))
        data += bytes(rng.randrange(256) for _ in range(rng.randint(0, 6)))
        result = invoke("clean", input=data)
        assert result.exception is None, (data, result.output)


def _phase(before: str, run: str, gloss: str, after: str) -> str:
    shifted = run.encode("gbk")[1:-1].decode("gb18030")
    return f"{before}?{shifted}\ufffd{gloss}{after}"


@pytest.mark.parametrize(
    ("scraped", "expected"),
    [
        # a GBK run one byte out of phase in UTF-8 text, marks at both ends, gloss after
        (_phase("据新华社报道，国务院", "昨日召开常务会议", "(yì)", "研究部署工作。"),
         "据新华社报道，国务院昨日召开常务会议研究部署工作。"),
        # the "(" went with the lost byte
        (_phase("他们", "正在加快建设", "(shè)", "新型基础设施。").replace("\ufffd(", "?"),
         "他们正在加快建设新型基础设施。"),
        ("该方案, ze要求各地加快落实。", "该方案，则要求各地加快落实。"),
        ("与此同时,《人民日报》发表评论:“数据要素是基础。”",
         "与此同时，《人民日报》发表评论：“数据要素是基础。”"),
    ],
)
def test_scraped_news_defects_repaired(invoke: Invoke, scraped: str, expected: str) -> None:
    assert invoke("clean", input=scraped + "\n").stdout == expected + "\n"


@pytest.mark.parametrize(
    "clean",
    [
        "The price is 1,000 yuan, and it ships on Monday: order now; ok?",
        "价格为1,000元，发货时间:2024-05-01。",
        "Hello, ni hao! 他用 Python, Go 和 Rust 写代码。",
        "调用 f(a, b) 即可；参见 RFC 2616。",
    ],
)
def test_clean_text_left_unchanged(invoke: Invoke, clean: str) -> None:
    assert invoke("clean", input=clean + "\n").stdout == clean + "\n"


def test_clean_chooses_characters_with_the_4_gram_model(invoke: Invoke) -> None:
    # issue 11: a syllable after a comma (jieba alone wrote 一减少) and a dot between the
    # parts of a transliterated name (written 。 before); one line each, as a user pipes them
    lines = ["该条目已经被移除, yi减少“竞争”。", "事件在主导者拉马达.星星遭逮捕后宣告落幕。"]
    result = invoke("clean", input="\n".join(lines) + "\n")
    assert result.stdout.splitlines() == [
        "该条目已经被移除，以减少“竞争”。", "事件在主导者拉马达.星星遭逮捕后宣告落幕。"]
