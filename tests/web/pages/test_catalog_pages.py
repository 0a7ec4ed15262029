"""Search facets and the dataset viewer, as server-rendered HTML."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.platform import Platform
from tests.factories import make_dataset, make_org, make_user
from tests.web.pages.forms import page_login

LONG = "长" * 400 + "尾巴"
ROWS = [{"id": i, "url": f"https://e.cn/{i}",
         "text": LONG if i == 3 else f"第{i}行文本，一句较长的话" + ("苹果" if i % 20 == 0 else "")}
        for i in range(60)]


def facet_counts(html: str, field: str) -> dict[str, int]:
    block = html[html.index(f'data-facet="{field}"'):].split("</ul>")[0]
    pairs = re.findall(r'facet-label">([^<]+)</span> <span class="facet-count"[^>]*>([\d,]+)<',
                       block)
    return {label: int(n.replace(",", "")) for label, n in pairs}


def test_search_page_counts_facets_and_filters_by_grade(platform: Platform,
                                                         client: TestClient) -> None:
    make_org(platform, "sh-data", title="上海市数据局")
    make_dataset(platform, name="open-a", title="开放甲", organization="sh-data",
                 keywords=("交通",), license="CC-BY-4.0")
    make_dataset(platform, name="open-b", title="开放乙", keywords=("交通", "天气"))
    make_dataset(platform, name="core-c", title="核心丙", tier=OpenTier.NOT_OPEN,
                 grade=Grade.CORE, sensitivity=Sensitivity.L4)
    page = client.get("/datasets").text
    assert facet_counts(page, "tier") == {"无条件开放": 2, "不予开放": 1}
    assert facet_counts(page, "grade") == {"一般": 2, "核心": 1}
    assert facet_counts(page, "organization") == {"上海市数据局": 1}
    assert facet_counts(page, "tag") == {"交通": 2, "天气": 1}
    assert facet_counts(page, "license") == {"CC-BY-4.0": 1}
    assert facet_counts(page, "format")["CSV"] == 3
    assert 'href="/datasets?grade=core"' in page
    core = client.get("/datasets", params={"grade": "core"}).text
    assert "核心丙" in core and "开放甲" not in core  # grade= is honoured
    assert 'class="chip" href="/datasets"' in core  # the chip removes it
    english = client.get("/datasets", params={"tag": "天气", "lang": "en"}).text
    assert "开放乙" in english and "开放甲" not in english and "Open tier" in english
    assert client.get("/datasets", params={"grade": "secret"}).status_code == 400
    by_name = client.get("/datasets", params={"sort": "name"}).text
    assert by_name.index("核心丙") < by_name.index("开放甲")  # core-c < open-a


def test_viewer_pages_searches_and_truncates(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="rows60", rows=ROWS)
    first = client.get("/datasets/rows60").text
    assert "第 1–25 行，共 60 行" in first and "第0行文本" in first and "第25行文本" not in first
    assert '<details class="cell-more">' in first
    assert re.findall(r'class="cell-short">([^<]*)<', first) == [LONG[:160] + "…"]
    assert re.findall(r'class="cell-full">([^<]*)<', first) == [LONG]  # behind "expand"
    widths = re.findall(r'<th scope="col" [^>]*data-width="(\d+)">([^<]+)<', first)
    by_name = {name: int(width) for width, name in widths}
    assert by_name["text"] > by_name["url"] > by_name["id"]
    assert 'data-page="next"' in first
    assert 'href="/datasets/rows60?version=1&amp;offset=25#viewer"' in first
    second = client.get("/datasets/rows60", params={"offset": 25}).text
    assert "第 26–50 行，共 60 行" in second and "第25行文本" in second
    assert 'data-open="viewer"' in second  # the viewer tab opens
    by_row = client.get("/datasets/rows60", params={"row": 55}).text
    assert "第 51–60 行，共 60 行" in by_row and ">55</th>" in by_row
    past = client.get("/datasets/rows60", params={"offset": 999}).text
    assert "第 51–60 行，共 60 行" in past
    found = client.get("/datasets/rows60", params={"q": "苹果"}).text
    assert "“苹果”匹配 3 行" in found and ">21</th>" in found and "第1行文本" not in found
    none = client.get("/datasets/rows60", params={"q": "香蕉", "lang": "en"}).text
    assert "No row contains “香蕉”." in none


def test_viewer_follows_the_download_policy(platform: Platform, client: TestClient) -> None:
    make_org(platform, "own")
    make_dataset(platform, name="cond60", organization="own", tier=OpenTier.CONDITIONAL,
                 rows=ROWS)
    page = client.get("/datasets/cond60", params={"offset": 25, "q": "第"}).text
    assert "第25行文本" not in page and "没有权限查看该数据集的数据行" in page
    assert "/rows?" not in page
    page_login(client, make_user(platform, Role.PUBLISHER, organization="own").username)
    assert "第25行文本" in client.get("/datasets/cond60", params={"offset": 25}).text


def test_dataset_page_has_its_sections(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="sections", rows=ROWS[:3])
    page = client.get("/datasets/sections").text
    for section in ("overview", "viewer", "lineage", "files"):
        assert f'<section id="{section}"' in page and f'href="#{section}"' in page
    assert '<section id="access"' in page and 'href="#access"' in page  # the side box
    assert 'id="quality-tab" href="/datasets/sections/quality?version=1"' in page
    assert 'id="download-csv"' in page and "format=csv" in page


def test_lineage_shows_all_generations_with_what_made_each(platform: Platform,
                                                           client: TestClient) -> None:
    import pyarrow as pa

    from jingshu.catalog.service import DatasetSpec, create_dataset, get_version, publish_version
    from jingshu.store import Provenance

    make_dataset(platform, name="gen-a", rows=ROWS[:2])
    for child, parent, kind, source in (("gen-b", "gen-a", "recipe", "zh-web.yaml"),
                                        ("gen-c", "gen-b", "annotation", "情感标注"),
                                        ("gen-d", "gen-c", "mix", "mix-20251201")):
        with platform.session() as s:
            made = create_dataset(s, DatasetSpec(name=child, title=child), actor="test")
            publish_version(s, platform.store, made, [pa.RecordBatch.from_pylist(ROWS[:1])],
                            creator="test", made_by=Provenance(kind=kind, source=source),
                            parents=[get_version(s, parent)])
    page = client.get("/datasets/gen-b").text
    svg = page[page.index("<svg"): page.index("</svg>")]
    for node in ("gen-a@1", "gen-b@1", "gen-c@1", "gen-d@1"):  # ancestors and descendants
        assert node in svg, node
    labels = re.findall(r'class="edge-label"[^>]*><title>([^<]+)</title>', svg)
    assert sorted(labels) == ["annotation:情感标注", "mix:mix-20251201", "recipe:zh-web.yaml"]


def test_viewer_headers_show_the_stored_profile(platform: Platform, client: TestClient) -> None:
    from jingshu.catalog.service import get_version, open_version
    from jingshu.profiles.profile import stored_or_new_profile

    make_dataset(platform, name="profiled", rows=ROWS)
    with platform.session() as s:  # publishing may have stored one already; make sure
        stored_or_new_profile(open_version(platform.store, get_version(s, "profiled")))
    page = client.get("/datasets/profiled").text
    stats = re.findall(r'<span class="col-stats">([^<]+)</span>', page)
    assert len(stats) == 3, stats
    by_column = dict(zip(("id", "url", "text"), stats, strict=True))
    assert by_column["id"].startswith("空值 0.0% · 60 个不同值 · 0–59")
    assert "平均" in by_column["text"] and "字" in by_column["text"]
    english = client.get("/datasets/profiled?lang=en").text
    assert "0.0% empty" in english
