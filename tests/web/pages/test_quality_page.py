"""The quality tab: both languages, charts, and row content hidden where rows are."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.catalog.rules import OpenTier
from jingshu.jobs import JobStatus, JobWorker, handlers_for
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.factories import make_dataset
from tests.web.helpers import as_role

ROWS = [{"label": "好评", "text": f"第{i}条：这家店的菜很好吃，送餐也快，联系13812345678。"}
        for i in range(30)]


def test_quality_tab_in_both_languages(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="reviews", rows=ROWS)
    platform.profile("reviews@1")  # stored now, whatever the profile job is doing
    page = client.get("/datasets/reviews")
    assert 'id="quality-tab"' in page.text
    zh = client.get("/datasets/reviews/quality?version=1")
    assert zh.status_code == 200
    assert "质量概况" in zh.text and "文本字段 text" in zh.text
    assert zh.text.count('class="q-bar"') >= 14  # the length histogram's bins
    assert "好评 ×30" in zh.text  # a frequent value: rows are open
    assert "mobile 30" in zh.text and "pii_in_open_data" in zh.text
    en = client.get("/datasets/reviews/quality?lang=en")
    assert "Quality profile" in en.text and "Characters per token" in en.text


def test_quality_tab_hides_row_content(platform: Platform, client: TestClient) -> None:
    make_dataset(platform, name="closed", tier=OpenTier.CONDITIONAL, rows=ROWS)
    platform.profile("closed@1")
    anonymous = client.get("/datasets/closed/quality")
    assert anonymous.status_code == 200
    assert 'id="quality-hidden"' in anonymous.text and "好评 ×" not in anonymous.text
    admin = client.get("/datasets/closed/quality", headers=as_role(platform, Role.ADMIN))
    assert "好评 ×30" in admin.text and 'id="quality-hidden"' not in admin.text


def test_quality_tab_of_a_dataset_without_versions(platform: Platform,
                                                   client: TestClient) -> None:
    make_dataset(platform, name="empty", rows=[])
    assert "还没有版本" in client.get("/datasets/empty/quality").text


def test_quality_tab_shows_the_profile_job_until_it_is_done(platform: Platform) -> None:
    with TestClient(create_app(platform, job_threads=0)) as client:  # no worker here
        make_dataset(platform, name="fresh", rows=ROWS)
        zh = client.get("/datasets/fresh/quality")
        assert zh.status_code == 200 and 'id="quality-pending"' in zh.text
        assert "质量概况正在计算（任务 1，排队中，0%）" in zh.text
        assert "文本字段 text" not in zh.text
        en = client.get("/datasets/fresh/quality?lang=en").text
        assert "The quality profile is being computed (job 1, queued, 0%)" in en
        assert JobWorker(platform.session, handlers_for(platform)).run_one() is \
            JobStatus.SUCCEEDED
        done = client.get("/datasets/fresh/quality").text
        assert "文本字段 text" in done and 'id="quality-pending"' not in done
