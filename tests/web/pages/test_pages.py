"""The portal's pages over the real app: language, search, dataset card, login, download."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
from fastapi.testclient import TestClient
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.audit import AuditEntry
from jingshu.catalog.rules import OpenTier
from jingshu.catalog.service import DatasetSpec, create_dataset, get_version, publish_version
from jingshu.platform import Platform
from jingshu.store import Provenance
from jingshu.web.deps import SESSION_COOKIE
from tests.factories import make_dataset, make_org, make_user
from tests.web.pages.forms import csrf_field, page_login

ROW = "今天天气很好。"


def test_home_renders_in_chinese(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="zh-corpus")
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    assert "数据目录" in page.text
    assert 'placeholder="搜索数据集，例如：语料"' in page.text
    assert "高质量中文语料" in page.text
    assert "1 个数据集" in page.text  # the unconditional tier's count
    assert 'href="#main"' in page.text  # skip link


def test_english_by_query_or_cookie(client: TestClient) -> None:
    assert "Catalog" in client.get("/?lang=en").text
    switched = client.get("/lang/en", params={"next": "/datasets"}, follow_redirects=False)
    assert switched.status_code == 303
    assert switched.headers["location"] == "/datasets"
    page = client.get("/")
    assert '<html lang="en">' in page.text
    assert "Search datasets, e.g. 语料" in page.text
    assert "数据目录" not in page.text
    assert client.get("/lang/fr").status_code == 400


def test_language_switch_refuses_other_sites(client: TestClient) -> None:
    response = client.get("/lang/en", params={"next": "//evil.example"}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_search_finds_dataset_by_chinese_word(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="zh-corpus")
    make_dataset(platform, name="traffic", title="城市交通流量", rows=[{"n": 1}])
    page = client.get("/datasets", params={"q": "语料"})
    assert page.status_code == 200
    assert "高质量中文语料" in page.text
    assert "城市交通流量" not in page.text
    assert "“语料”共找到 1 个数据集" in page.text


def test_search_filters_by_tier(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="open-one", title="开放数据")
    make_dataset(platform, name="cond-one", title="受限数据", tier=OpenTier.CONDITIONAL)
    page = client.get("/datasets", params={"tier": "conditional"})
    assert "受限数据" in page.text
    assert "开放数据" not in page.text
    tier_facet = page.text[page.text.index('data-facet="tier"'):]
    assert 'class="active" aria-current="true"' in tier_facet.split("</ul>")[0]
    bad = client.get("/datasets", params={"tier": "public"})
    assert bad.status_code == 400
    assert "unconditional" in bad.text  # the hint lists the known tiers


def test_search_paginates(platform: Platform, client: TestClient) -> None:
    for i in range(21):
        make_dataset(platform, name=f"many-{i}", title=f"数据{i}", rows=[])
    first = client.get("/datasets")
    assert "第 1 / 2 页" in first.text
    assert 'rel="next"' in first.text
    assert "第 2 / 2 页" in client.get("/datasets", params={"page": 2}).text


def test_unconditional_dataset_shows_preview_and_downloads(platform: Platform,
                                                           client: TestClient) -> None:
    org = make_org(platform, "stats-bureau", title="市统计局")
    make_dataset(platform, name="zh-corpus", organization=org.name, theme="教育",
                 keywords=("语料", "中文"), license="CC-BY-4.0", update_frequency="每月")
    page = client.get("/datasets/zh-corpus")
    assert page.status_code == 200
    for text in (ROW, "市统计局", "教育", "CC-BY-4.0", "每月", "无条件开放", "一般 · L1",
                 "数据字典", "/datasets/zh-corpus/download?version=1&amp;format=jsonl",
                 "format=parquet", "/api/v1/datasets/zh-corpus/versions/1/croissant"):
        assert text in page.text, text
    assert "申请使用" not in page.text


def test_conditional_dataset_hides_rows_from_anonymous(platform: Platform,
                                                      client: TestClient) -> None:
    make_dataset(platform, name="cond", tier=OpenTier.CONDITIONAL)
    page = client.get("/datasets/cond")
    assert page.status_code == 200
    assert "有条件开放" in page.text
    assert "申请使用" in page.text
    assert 'href="/datasets/cond/apply"' in page.text  # the request link (circulation)
    assert ROW not in page.text
    assert "/download?" not in page.text
    assert "text" in page.text  # the data dictionary is metadata: still shown


def test_conditional_dataset_shows_rows_to_its_publisher(platform: Platform,
                                                         client: TestClient) -> None:
    org = make_org(platform, "owner-org")
    make_dataset(platform, name="cond", tier=OpenTier.CONDITIONAL, organization=org.name)
    publisher = make_user(platform, Role.PUBLISHER, organization=org.name)
    page_login(client, publisher.username)
    page = client.get("/datasets/cond")
    assert ROW in page.text
    assert "申请使用" not in page.text


def test_not_open_dataset_shows_metadata_only(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="closed", title="内部数据", tier=OpenTier.NOT_OPEN)
    page = client.get("/datasets/closed")
    assert page.status_code == 200
    assert "内部数据" in page.text
    assert "不予开放" in page.text
    assert "数据不离开平台" in page.text
    assert ROW not in page.text
    assert "申请使用" not in page.text
    assert "/download?" not in page.text


def test_unknown_dataset_and_version_are_404_pages(platform: Platform,
                                                  client: TestClient) -> None:
    missing = client.get("/datasets/nope")
    assert missing.status_code == 404
    assert "找不到该页面或对象" in missing.text
    assert "dataset &#39;nope&#39; does not exist" in missing.text
    assert "Not found" in client.get("/datasets/nope?lang=en").text
    make_dataset(platform, name="zh-corpus")
    assert client.get("/datasets/zh-corpus", params={"version": 9}).status_code == 404


def test_version_parameter_selects_the_version(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="zh-corpus")
    _publish(platform, "zh-corpus", [{"id": "x", "text": "第二版的内容。"}])
    assert "第二版的内容。" in client.get("/datasets/zh-corpus").text
    older = client.get("/datasets/zh-corpus", params={"version": 1})
    assert ROW in older.text
    assert "第二版的内容。" not in older.text


def test_login_with_wrong_password_shows_the_error(platform: Platform,
                                                   client: TestClient) -> None:
    user = make_user(platform)
    token = csrf_field(client.get("/login").text)
    page = client.post("/login", data={"username": user.username, "password": "wrong-one",
                                       "csrf_token": token, "next": "/"})
    assert page.status_code == 401
    assert "用户名或密码错误" in page.text
    assert SESSION_COOKIE not in client.cookies


def test_login_without_csrf_is_refused(platform: Platform, client: TestClient) -> None:
    from tests.factories import PASSWORD

    user = make_user(platform)
    form = {"username": user.username, "password": PASSWORD, "next": "/"}
    assert client.post("/login", data=form).status_code == 403  # no cookie, no field
    csrf_field(client.get("/login").text)  # now the cookie is set
    assert client.post("/login", data=form).status_code == 403  # no field
    assert client.post("/login", data={**form, "csrf_token": "forged"}).status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_login_redirects_to_next_and_logout_needs_csrf(platform: Platform,
                                                       client: TestClient) -> None:
    user = make_user(platform)
    make_dataset(platform, name="zh-corpus")
    token = page_login(client, user.username, next_url="/datasets/zh-corpus")
    assert client.cookies.get(SESSION_COOKIE)
    page = client.get("/")
    assert user.username in page.text and "退出" in page.text
    assert client.post("/logout", data={}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    assert "登录" in client.get("/").text
    assert user.username not in client.get("/").text


def test_account_page_lists_and_creates_tokens(platform: Platform, client: TestClient) -> None:
    anonymous = client.get("/account", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")
    org = make_org(platform, "lab", title="语言实验室")
    user = make_user(platform, Role.PUBLISHER, organization=org.name)
    token = page_login(client, user.username)
    page = client.get("/account")
    assert "发布者" in page.text and "语言实验室" in page.text and "还没有令牌" in page.text
    created = client.post("/account/tokens", data={"name": "laptop", "csrf_token": token})
    assert created.status_code == 200
    assert "只显示这一次" in created.text
    assert 'id="new-token">js_' in created.text
    again = client.get("/account")
    assert "laptop" in again.text and "只显示这一次" not in again.text


def test_page_download_returns_the_file_and_is_audited(platform: Platform,
                                                       client: TestClient) -> None:
    make_dataset(platform, name="zh-corpus")
    response = client.get("/datasets/zh-corpus/download", params={"version": 1,
                                                                  "format": "jsonl"})
    assert response.status_code == 200
    assert "zh-corpus-v1.jsonl" in response.headers["content-disposition"]
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert rows[0] == {"id": "d0", "text": ROW}
    assert len(rows) == 3
    parquet = client.get("/datasets/zh-corpus/download", params={"format": "parquet"})
    assert pq.read_table(pa.BufferReader(parquet.content)).num_rows == 3
    with platform.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "version.download"))
        seen = [(e.actor, e.target, json.loads(e.detail)["format"]) for e in entries]
    assert seen == [("anonymous", "dataset:zh-corpus@1", "jsonl"),
                    ("anonymous", "dataset:zh-corpus@1", "parquet")]


def test_page_download_of_conditional_data_needs_rights(platform: Platform,
                                                        client: TestClient) -> None:
    make_dataset(platform, name="cond", tier=OpenTier.CONDITIONAL)
    response = client.get("/datasets/cond/download", params={"format": "jsonl"})
    assert response.status_code == 401
    assert "去登录" in response.text
    assert client.get("/datasets/cond/download", params={"format": "xlsx"}).status_code == 400


def test_lineage_svg_links_the_parent(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="raw-corpus")
    with platform.session() as s:
        parent = get_version(s, "raw-corpus")
        child = create_dataset(s, DatasetSpec(name="clean-corpus", title="清洗后的语料"),
                               actor="test")
        publish_version(s, platform.store, child, [pa.RecordBatch.from_pylist([{"text": "好"}])],
                        creator="test", made_by=Provenance(kind="recipe", source="clean.yaml"),
                        parents=[parent])
    page = client.get("/datasets/clean-corpus").text
    svg = page[page.index("<svg"): page.index("</svg>")]
    assert "raw-corpus@1" in svg
    assert 'href="/datasets/raw-corpus?version=1"' in svg
    assert "clean-corpus@1" in svg and 'class="edge"' in svg
    assert "<title>recipe:clean.yaml</title>recipe:clean.yaml</text>" in svg  # the edge says how
    parent_page = client.get("/datasets/raw-corpus").text
    assert 'href="/datasets/clean-corpus?version=1"' in parent_page


def _publish(platform: Platform, name: str, rows: list[dict[str, object]]) -> None:
    from jingshu.catalog.service import get_dataset

    with platform.session() as s:
        publish_version(s, platform.store, get_dataset(s, name),
                        [pa.RecordBatch.from_pylist(rows)], creator="test",
                        made_by=Provenance(kind="import", source="test"))


def test_dataset_without_versions_shows_its_metadata(platform: Platform,
                                                     client: TestClient) -> None:
    make_dataset(platform, name="empty", title="空数据集", rows=[])
    page = client.get("/datasets/empty")
    assert page.status_code == 200
    assert "空数据集" in page.text and "该数据集还没有版本" in page.text
