"""Publishing in the portal: new dataset (with its first file), metadata, tier/grade rule,
data dictionary, resources and new versions; who sees the buttons; the audit trail."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from jingshu.accounts.models import Role
from jingshu.audit.log import AuditEntry
from jingshu.catalog.regrade import pending_request
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.service import get_dataset
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.factories import make_dataset, make_org, make_user
from tests.web.pages.forms import page_login

JSONL = "\n".join(json.dumps({"id": f"r{i}", "text": f"第{i}条新闻。"}, ensure_ascii=False)
                  for i in range(4)).encode()


def _publisher(platform: Platform, client: TestClient, name: str = "pub") -> str:
    make_org(platform, "city-lab", title="城市数据实验室")
    make_user(platform, Role.PUBLISHER, name=name, organization="city-lab")
    return page_login(client, name)


def _meta(**values: str) -> dict[str, str]:
    return {"title": "城市新闻", "description": "新闻语料", "organization": "city-lab",
            "theme": "语言", "keywords": "新闻、预训练", "license": "CC-BY-4.0",
            "languages": "zh", "modality": "text", "update_frequency": "每月",
            "open_tier": "unconditional", "grade": "general", "sensitivity": "L1"} | values


def _actions(platform: Platform) -> list[str]:
    with platform.session() as s:
        return [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_publisher_creates_a_dataset_with_its_first_file(platform: Platform,
                                                         client: TestClient) -> None:
    csrf = _publisher(platform, client)
    page = client.get("/new-dataset")
    assert page.status_code == 200 and 'name="file"' in page.text
    done = client.post("/new-dataset", data=_meta(name="city-news", csrf_token=csrf),
                       files={"file": ("news.jsonl", JSONL, "application/x-ndjson")})
    assert done.status_code == 200, done.text
    assert done.url.path == "/datasets/city-news/edit"
    assert "已创建数据集 city-news，版本 1 共 4 行。" in done.text
    with platform.session() as s:
        ds = get_dataset(s, "city-news")
        assert ds.organization is not None and ds.organization.name == "city-lab"
        assert ds.keywords == ["新闻", "预训练"] and ds.versions[0].rows == 4
        assert ds.versions[0].creator == "pub"
    assert _actions(platform)[-2:] == ["dataset.create", "version.publish"]


def test_the_tier_grade_rule_is_refused_in_the_page_language(platform: Platform,
                                                             client: TestClient) -> None:
    csrf = _publisher(platform, client)
    bad = _meta(name="med", grade="important", sensitivity="L2", csrf_token=csrf)
    zh = client.post("/new-dataset", data=bad)
    assert zh.status_code == 400
    assert "重要数据（L2）不能无条件开放：可选 不予开放、有条件开放。" in zh.text
    en = client.post("/new-dataset?lang=en", data=bad)
    assert ("Important data at L2 cannot be “Open”: choose Not open, Conditionally open."
            in en.text)
    with platform.session() as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "dataset.create")) \
            is None


def test_a_publisher_publishes_only_for_their_organization(platform: Platform,
                                                           client: TestClient) -> None:
    csrf = _publisher(platform, client)
    make_org(platform, "other-org", title="别的机构")
    page = client.post("/new-dataset", data=_meta(name="x-news", organization="other-org",
                                                  csrf_token=csrf))
    assert page.status_code == 400 and "你只能为本机构发布数据集。" in page.text
    assert "别的机构" not in client.get("/new-dataset").text


def test_a_taken_name_and_a_bad_file_are_placed_beside_their_fields(
        platform: Platform, client: TestClient) -> None:
    csrf = _publisher(platform, client)
    make_dataset(platform, name="taken", organization="city-lab")
    taken = client.post("/new-dataset", data=_meta(name="taken", csrf_token=csrf))
    assert taken.status_code == 400 and "已有名为 taken 的数据集" in taken.text
    bad = client.post("/new-dataset", data=_meta(name="broken", csrf_token=csrf),
                      files={"file": ("bad.jsonl", b'{"id": 1}\n{oops\n', "text/plain")})
    assert bad.status_code == 400
    assert "文件无法导入" in bad.text and "bad.jsonl" in bad.text and "/tmp" not in bad.text
    with platform.session() as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.target == "dataset:broken")) \
            is None


def test_edit_metadata_raise_at_once_lower_by_request(platform: Platform,
                                                      client: TestClient) -> None:
    csrf = _publisher(platform, client)
    make_dataset(platform, name="news", title="旧标题", organization="city-lab")
    assert client.get("/datasets/news/edit").status_code == 200
    raised = client.post("/datasets/news/edit", data=_meta(
        title="新标题", open_tier="conditional", sensitivity="L2", csrf_token=csrf))
    assert "元数据已保存。" in raised.text, raised.text
    with platform.session() as s:
        ds = get_dataset(s, "news")
        assert (ds.title, ds.open_tier, ds.sensitivity) == ("新标题", OpenTier.CONDITIONAL,
                                                            Sensitivity.L2)
    lower = _meta(title="新标题", open_tier="unconditional", sensitivity="L1", csrf_token=csrf)
    no_reason = client.post("/datasets/news/edit", data=lower)
    assert no_reason.status_code == 400 and "降低保护须填写理由。" in no_reason.text
    asked = client.post("/datasets/news/edit", data=lower | {"reason": "已脱敏，可以开放"})
    assert "等待另一位管理员或数据安全官批准" in asked.text
    with platform.session() as s:
        ds = get_dataset(s, "news")
        assert ds.open_tier is OpenTier.CONDITIONAL and ds.grade is Grade.GENERAL
        assert pending_request(s, ds) is not None
    assert "dataset.update" in _actions(platform)


def test_dictionary_resources_and_a_new_version(platform: Platform,
                                                client: TestClient) -> None:
    csrf = _publisher(platform, client)
    make_dataset(platform, name="news", organization="city-lab")
    page = client.get("/datasets/news/edit")
    assert 'name="field-1"' in page.text  # id, text
    assert "DatasetVersion" not in page.text  # the footer's version is the app's
    saved = client.post("/datasets/news/edit/dictionary",
                        data={"field-1": "新闻正文", "csrf_token": csrf})
    assert "数据字典已保存。" in saved.text
    bad_url = client.post("/datasets/news/edit/resources", data={
        "res_title": "标准", "res_url": "javascript:alert(1)", "csrf_token": csrf})
    assert bad_url.status_code == 400 and "链接须为 http(s) 地址" in bad_url.text
    assert 'value="标准"' in bad_url.text  # what was typed is kept
    added = client.post("/datasets/news/edit/resources", data={
        "res_title": "数据标准", "res_url": "https://example.org/std.pdf", "res_format": "PDF",
        "csrf_token": csrf})
    assert "已添加资源“数据标准”。" in added.text
    version = client.post("/datasets/news/edit/versions", data={"csrf_token": csrf},
                          files={"file": ("more.jsonl", JSONL, "application/x-ndjson")})
    assert "已发布版本 2，共 4 行。" in version.text, version.text
    wrong = client.post("/datasets/news/edit/versions", data={"csrf_token": csrf},
                        files={"file": ("x.csv", b"a,b\n1,2\n", "text/csv")})
    assert wrong.status_code == 400 and "文件无法导入" in wrong.text
    with platform.session() as s:
        ds = get_dataset(s, "news")
        assert [v.rows for v in ds.versions] == [3, 4]
        assert ds.versions[-1].fields[1].description == "新闻正文"  # carried over
        assert [r.title for r in ds.resources] == ["数据标准"]
    assert {"dictionary.edit", "resource.add", "version.publish"} <= set(_actions(platform))


def test_only_the_publishing_organization_sees_and_may_use_the_buttons(
        platform: Platform, client: TestClient) -> None:
    make_org(platform, "city-lab", title="城市数据实验室")
    make_org(platform, "other-org", title="别的机构")
    make_dataset(platform, name="news", organization="city-lab")
    make_user(platform, Role.PUBLISHER, name="outsider", organization="other-org")
    make_user(platform, Role.CONSUMER, name="reader", organization="city-lab")
    anonymous = client.get("/datasets/news")
    assert "/datasets/news/edit" not in anonymous.text
    assert "/new-dataset" not in client.get("/datasets").text
    assert client.get("/datasets/news/edit", follow_redirects=False).status_code == 303
    csrf = page_login(client, "outsider")
    assert "/datasets/news/edit" not in client.get("/datasets/news").text
    assert "/new-dataset" in client.get("/datasets").text  # their own organization's
    assert client.get("/datasets/news/edit").status_code == 403
    refused = client.post("/datasets/news/edit/resources", data={
        "res_title": "t", "res_url": "https://example.org", "csrf_token": csrf})
    assert refused.status_code == 403
    client.post("/logout", data={"csrf_token": csrf})
    page_login(client, "reader")
    assert "/datasets/news/edit" not in client.get("/datasets/news").text
    assert "/new-dataset" not in client.get("/datasets").text
    assert client.get("/new-dataset").status_code == 403
    client.cookies.clear()
    make_user(platform, Role.PUBLISHER, name="owner", organization="city-lab")
    page_login(client, "owner")
    assert "/datasets/news/edit" in client.get("/datasets/news").text


def test_forms_need_the_csrf_token(platform: Platform, client: TestClient) -> None:
    _publisher(platform, client)
    make_dataset(platform, name="news", organization="city-lab")
    refused = client.post("/datasets/news/edit", data=_meta(title="x"))
    assert refused.status_code == 403
    with platform.session() as s:
        assert get_dataset(s, "news").title != "x"


def test_an_upload_over_the_limit_gets_the_error_page_in_the_page_language(
        platform: Platform) -> None:
    small = Platform(platform.settings.model_copy(update={"max_upload_mb": 1}), migrate=False)
    try:
        with TestClient(create_app(small)) as client:
            csrf = _publisher(small, client)
            make_dataset(small, name="news", organization="city-lab")
            page = client.post("/datasets/news/edit/versions", data={"csrf_token": csrf},
                               files={"file": ("big.jsonl", b"x" * (2 << 20), "text/plain")})
            english = client.post("/datasets/news/edit/versions?lang=en",
                                  data={"csrf_token": csrf},
                                  files={"file": ("big.jsonl", b"x" * (2 << 20), "text/plain")})
    finally:
        small.close()
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "文件过大" in page.text and "请拆分文件" in page.text
    assert "over the limit of 1 MiB" in page.text
    assert english.status_code == 413 and "File too large" in english.text
    assert "Split the file" in english.text


def test_the_edit_page_in_english(platform: Platform, client: TestClient) -> None:
    _publisher(platform, client)
    make_dataset(platform, name="news", organization="city-lab")
    page = client.get("/datasets/news/edit?lang=en")
    for text in ("Upload a new version", "Save metadata", "Data dictionary", "Add resource",
                 "The rule: important, core and L4 data are never opened unconditionally"):
        assert text in page.text, text
    assert "上传新版本" not in page.text
