"""The DP sandbox pages: the publisher's declaration editor, the consumer's query builder."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.service import get_dataset
from jingshu.platform import Platform
from jingshu.sandbox import get_declaration
from tests.factories import make_user
from tests.sandbox.helpers import DECLARATION, make_sandbox
from tests.web.pages.forms import page_login

FORM = {"rows": "3", "col-0-name": "age", "col-0-kind": "numeric", "col-0-lower": "0",
        "col-0-upper": "100", "col-0-bins": "5", "col-1-name": "region",
        "col-1-kind": "categorical", "col-1-values": "东城区，西城区, 朝阳区",
        "epsilon_total": "2", "max_epsilon_per_query": "1", "min_count": "5"}


def _error(html: str, field: str) -> str:
    found = re.search(rf'id="{field}-error">([^<]*)<', html)
    assert found, f"no error shown next to {field}"
    return found.group(1)


def _budget(html: str) -> str:
    found = re.search(r'id="sb-budget">([^<]*)<', html)
    assert found, "no budget on the page"
    return found.group(1)


def test_publisher_edits_the_declaration_with_errors_next_to_fields(
        client: TestClient, platform: Platform) -> None:
    box = make_sandbox(platform)
    url = f"/datasets/{box.dataset}/sandbox/declaration"
    csrf = page_login(client, box.publisher)
    shown = client.get(url)
    assert shown.status_code == 200 and 'value="海淀区' not in shown.text
    assert 'id="col-0-name" name="col-0-name" value="age"' in shown.text
    assert "东城区, 西城区, 朝阳区, 海淀区" in shown.text
    bad = client.post(url, data={**FORM, "csrf_token": csrf, "col-0-lower": "100",
                                 "col-0-upper": "1", "epsilon_total": "很多"})
    assert bad.status_code == 400
    assert "must be below upper" in _error(bad.text, "col-0-lower")
    assert _error(bad.text, "epsilon_total") == "须为数字"
    assert 'aria-invalid="true" aria-describedby="epsilon_total-error"' in bad.text
    dup = client.post(url, data={**FORM, "csrf_token": csrf, "col-1-name": "age"})
    assert _error(dup.text, "col-1-name") == "列名 age 重复"
    saved = client.post(url, data={**FORM, "csrf_token": csrf}, follow_redirects=False)
    assert saved.status_code == 303
    assert 'id="sb-saved"' in client.get(saved.headers["location"]).text
    with platform.session() as s:
        declared = get_declaration(s, get_dataset(s, box.dataset))
    assert declared.epsilon_total == 2.0 and declared.min_count == 5
    assert declared.columns["region"].model_dump() == {
        "kind": "categorical", "values": ["东城区", "西城区", "朝阳区"]}
    assert "sandbox-declare" in client.get(f"/datasets/{box.dataset}").text


def test_consumer_cannot_edit_and_sees_the_query_page(client: TestClient,
                                                      platform: Platform) -> None:
    box = make_sandbox(platform)
    page_login(client, box.consumer)
    assert client.get(f"/datasets/{box.dataset}/sandbox/declaration").status_code == 403
    card = client.get(f"/datasets/{box.dataset}").text
    assert 'id="sandbox-query"' in card and "sandbox-declare" not in card
    assert f"/datasets/{box.dataset}/sandbox" in client.get("/grants").text
    page = client.get(f"/datasets/{box.dataset}/sandbox")
    assert _budget(page.text) == "剩余 ε 3 / 共 3（已查询 0 次）"
    assert 'id="sb-run"' in page.text and "还没有查询" in page.text
    english = client.get(f"/datasets/{box.dataset}/sandbox?lang=en").text
    assert "Privacy budget" in english and "ε left 3 of 3 (0 queries)" in english


def test_queries_release_results_and_refusals_spend_nothing(client: TestClient,
                                                            platform: Platform) -> None:
    box = make_sandbox(platform)
    csrf = page_login(client, box.consumer)
    url = f"/datasets/{box.dataset}/sandbox"
    counted = client.post(url, data={"csrf_token": csrf, "aggregate": "count",
                                     "group_by": "region", "epsilon": "1"})
    assert counted.status_code == 200, counted.text
    assert "噪声尺度 1；每组 95% 的结果落在真实值 ±" in counted.text
    # 4 regions; the empty 其他 group only when its noise lifts it above its 95% error
    bars = counted.text.count('<g class="bar">')
    assert bars == 5 - ('id="sb-other-dropped"' in counted.text) and bars in (4, 5)
    assert _budget(counted.text) == "剩余 ε 2 / 共 3（已查询 1 次）"
    hist = client.post(url, data={"csrf_token": csrf, "aggregate": "histogram",
                                  "column": "age", "epsilon": "1"})
    assert hist.text.count('<g class="bar">') == 10 and "[0, 10)" in hist.text
    capped = client.post(url, data={"csrf_token": csrf, "aggregate": "count", "epsilon": "2"})
    assert capped.status_code == 422 and "per-query cap" in capped.text
    undeclared = client.post(url, data={"csrf_token": csrf, "aggregate": "sum",
                                        "column": "name", "epsilon": "0.5"})
    assert undeclared.status_code == 422 and "not declared" in undeclared.text
    client.post(url, data={"csrf_token": csrf, "aggregate": "mean", "column": "cost",
                           "epsilon": "0.75"})
    over = client.post(url, data={"csrf_token": csrf, "aggregate": "count", "epsilon": "0.5"})
    assert over.status_code == 422 and "over your budget" in over.text
    assert _budget(over.text) == "剩余 ε 0.25 / 共 3（已查询 3 次）"
    assert over.text.count('data-status="released"') == 3
    bad = client.post(url, data={"csrf_token": csrf, "aggregate": "count", "epsilon": "x"})
    assert bad.status_code == 400 and "epsilon" in bad.text


def test_tiny_groups_are_refused_and_given_back(client: TestClient,
                                                platform: Platform) -> None:
    box = make_sandbox(platform, declaration={**DECLARATION, "min_count": 150})
    csrf = page_login(client, box.consumer)
    url = f"/datasets/{box.dataset}/sandbox"
    refused = client.post(url, data={"csrf_token": csrf, "aggregate": "count",
                                     "group_by": "region", "epsilon": "1"})
    assert refused.status_code == 422 and "min_count=150" in refused.text
    assert _budget(refused.text) == "剩余 ε 3 / 共 3（已查询 0 次）"
    assert 'data-status="failed"' in refused.text and "已拒绝（预算已退回）" in refused.text


def test_without_grant_no_builder_and_no_query(client: TestClient, platform: Platform) -> None:
    box = make_sandbox(platform)
    make_user(platform, Role.CONSUMER, name="stranger")
    csrf = page_login(client, "stranger")
    page = client.get(f"/datasets/{box.dataset}/sandbox")
    assert 'id="sb-no-grant"' in page.text and 'id="sb-run"' not in page.text
    refused = client.post(f"/datasets/{box.dataset}/sandbox",
                          data={"csrf_token": csrf, "aggregate": "count", "epsilon": "1"})
    assert refused.status_code == 403


def test_undeclared_dataset_says_so(client: TestClient, platform: Platform) -> None:
    box = make_sandbox(platform, declared=False)
    page_login(client, box.consumer)
    assert 'id="sb-none"' in client.get(f"/datasets/{box.dataset}/sandbox").text
    assert "sandbox-query" not in client.get(f"/datasets/{box.dataset}").text
    client.get("/lang/en")
    assert client.get(f"/datasets/{box.dataset}/sandbox/declaration").status_code == 403
