from __future__ import annotations

from pathlib import Path

import pytest

from jingshu.corpus.document import Document
from jingshu.corpus.encoding import read_text_file
from jingshu.corpus.ops.html_extract import HtmlExtractor, looks_like_html

PAGE = (
    "<!DOCTYPE html><html><head><title>新闻</title></head><body>"
    "<nav>首页 | 新闻 | 体育</nav><article><h1>临江绿道全线贯通</h1>"
    + "<p>经过近两年的建设，临江市滨江绿道日前实现全线贯通，全长三十多公里。</p>" * 3
    + "</article><footer>版权所有 临江日报</footer></body></html>"
)


def test_page_becomes_main_text() -> None:
    op = HtmlExtractor()
    doc = op(Document("1", PAGE))
    assert doc is not None
    assert "全线贯通" in doc.text and "<p>" not in doc.text and "版权所有" not in doc.text
    assert doc.metadata["format"] == "text"


def test_plain_text_passes() -> None:
    op = HtmlExtractor()
    doc = op(Document("1", "正文里提到 <b> 标签。"))
    assert doc is not None and doc.text == "正文里提到 <b> 标签。"
    assert not looks_like_html("正文 <html>")
    marked_only = HtmlExtractor(only_marked=True)
    out = marked_only(Document("1", PAGE))
    assert out is not None and out.text == PAGE


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("html_trafilatura_zh/archive.org.he.xinhuanet.com.25340717.html", "约定无期限"),
        ("html_trafilatura_zh/xinhuanet.com.c_1125597921.html", "无声的战役"),
        ("html_gne_news/tests/people/1.html", "父亲的教诲"),
        ("html_gne_news/tests/sina/sina.html", "中国芯"),
    ],
)
def test_real_pages(shared_data: Path, path: str, expected: str) -> None:
    decoded = read_text_file(shared_data / path)
    doc = HtmlExtractor()(Document("1", decoded.text, {"format": "html"}))
    assert doc is not None and expected in doc.text and "<div" not in doc.text


def test_a_page_without_main_text_falls_back_to_the_import_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    from jingshu.corpus.ops.html_extract import extract_main_text
    from jingshu.store.html_text import html_to_text

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    text = extract_main_text(PAGE)
    assert text == html_to_text(PAGE)
    assert text is not None and text.startswith("新闻\n首页 | 新闻 | 体育\n临江绿道全线贯通")
    assert extract_main_text(PAGE, fallback=False) is None
    empty = HtmlExtractor(no_text="empty")(Document("1", PAGE))
    assert empty is not None and empty.text == ""
