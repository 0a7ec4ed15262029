from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from jingshu.corpus.encoding import (
    cp1252_utf8_options,
    decode_bytes,
    latin1_gbk_candidate,
    phase_shift_candidate,
    phase_shift_parts,
)
from jingshu.corpus.executor import run_files
from jingshu.corpus.shard_io import read_shard

TEXT = "人工智能产业的发展离不开高质量的数据。"
TRAD = "人工智慧產業的發展離不開高品質的資料。"


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        ("的师傅".encode("gbk"), "gb18030"),  # short: charset-normalizer alone says Big5
    ],
)
def test_decode_simplified(data: bytes, codec: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == codec
    assert decoded.text.lstrip("\ufeff") in (TEXT, "的师傅")


def test_decode_utf16_without_bom() -> None:
    text = "jingshu 精数: data 数据, quality 质量"
    decoded = decode_bytes(text.encode("utf-16-le"))
    assert decoded.text == text and decoded.encoding == "utf-16-le"


def test_decode_big5() -> None:
    decoded = decode_bytes(TRAD.encode("big5"))
    assert decoded.text == TRAD and decoded.encoding.startswith("big5")


def test_phase_shift_candidate() -> None:
    # from Sogou's news sample, where the original reads 黄明：现在我宣布
    assert phase_shift_candidate("；泼鳎合衷谖倚", "gb18030") == "\ufffd黄明：现在我\ufffd"
    assert phase_shift_candidate("abc", "gb18030") is None


def test_latin1_gbk_candidate() -> None:
    shown = "更多精校小说".encode("gbk").decode("latin-1")
    assert latin1_gbk_candidate(shown) == "更多精校小说"
    assert latin1_gbk_candidate("café") is None


def test_text_and_html_files_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(TEXT.encode("gb18030"))
    page = f"<html><body><article><p>{TEXT * 4}</p></article></body></html>"
    (folder / "b.html").write_bytes(page.encode("utf-16"))
    docs = [d for f in sorted(folder.iterdir()) for d in read_shard(f)]
    assert docs[0].text == TEXT and docs[0].metadata["encoding"] == "gb18030"
    assert docs[1].metadata["format"] == "html"
    report = run_files("zh-docs", folder, tmp_path / "out", progress=False, allow_empty=True)
    extract = report.operators[0]
    assert extract.name == "html_extract" and extract.counters == {"pages_extracted": 1}


@pytest.mark.realdata
def test_chardet_samples_decode_as_labelled(shared_data: Path) -> None:
    root = shared_data / "dirty_encoding_samples" / "chardet"
    for folder, codec in (("GB2312", "gb18030"), ("Big5", "big5hkscs")):
        for path in sorted((root / folder).iterdir()):
            data = path.read_bytes()
            assert decode_bytes(data).text == data.decode(codec), path.name


@pytest.mark.realdata
def test_gbk_lines_and_sogou(shared_data: Path) -> None:
    base = shared_data / "dirty_encoding_samples" / "cppjieba"
    gbk = decode_bytes((base / "testlines.gbk").read_bytes())
    assert gbk.encoding == "gb18030" and "我来到北京清华大学" in gbk.text
    sogou = shared_data / "news_sogou_smarty" / "news_tensite_xml.smarty.dat"
    decoded = decode_bytes(sogou.read_bytes())
    assert decoded.encoding == "gb18030" and "公安机关销毁" in decoded.text


def test_utf8_cut_inside_its_last_character_ends_in_one_replacement() -> None:
    for cut in (1, 2):
        decoded = decode_bytes("中文測試".encode()[:-cut])
        assert (decoded.text, decoded.encoding, decoded.replaced) == ("中文測\ufffd", "utf-8", 1)


def test_cp1252_lost_bytes_have_their_five_readings() -> None:
    broken = "编码".encode().decode("cp1252", errors="replace")  # 码 = E7 A0 81
    options = cp1252_utf8_options(broken)
    assert options is not None and options[0] == ["编"] and "码" in options[1]
    assert cp1252_utf8_options("plain") is None


def test_phase_shift_parts_keep_the_known_bytes() -> None:
    raw = "我们今天去".encode("gbk")
    run = raw[1:-1].decode("gb18030")
    parts = phase_shift_parts(run, "gb18030")
    assert parts is not None and parts.inner == "们今天"
    assert (parts.first_trail, parts.last_lead, parts.fused_ascii) == (raw[1], raw[-2], "")
    fused = phase_shift_parts((raw[1:] + b"a").decode("gb18030"), "gb18030")
    assert fused is not None and (fused.inner, fused.last_lead, fused.fused_ascii) == (
        "们今天去", None, "a")
