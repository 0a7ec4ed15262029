"""``jingshu demo --no-serve`` end to end, and the ``run_demo`` use case it wraps."""

from __future__ import annotations

import importlib.util
import json
import re
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jingshu.accounts.service import get_organization, get_user
from jingshu.annotate.projects import get_project, progress
from jingshu.catalog.models import VersionParent
from jingshu.catalog.service import get_dataset, get_version
from jingshu.circulation.requests import current_agreements
from jingshu.demo import (
    ADMIN,
    ANALYST,
    CLEAN,
    COMMITMENT_TEXT,
    LAB,
    PROJECT,
    RAW,
    RECIPE,
    USE_TEXT,
    demo_links,
    run_demo,
)
from jingshu.platform import Platform
from jingshu.sandbox import get_declaration
from jingshu.sandbox.spec import CategoricalDomain
from jingshu.web.app import create_app
from tests.cli.conftest import Invoke, as_json
from tests.web.helpers import login

HAS_SAMPLE = importlib.util.find_spec("jingshu.sample") is not None

_SENTENCES = [
    "北京市发布了新一轮人工智能产业发展规划，提出建设公共数据开放平台。",
    "规划强调数据质量是人工智能数据服务的核心，要求对训练数据进行分级分类管理。",
    "上海市推动高质量中文语料的汇聚与共享，鼓励企业参与数据标注众包平台建设。",
    "深圳市探索隐私计算技术，让教育和医疗数据在可用不可见的前提下与企业数据融合。",
    "数据训练基地汇集基础训练数据集，为大模型研发提供稳定可靠的数据供给服务。",
    "公共数据资源目录按照无条件开放、有条件开放和不予开放三类管理并定期更新。",
]


_OWN = [
    "今年春季，临江市图书馆新增了三千册古籍影印本，读者可以在线预约借阅。馆方表示将继续扩充地方文献。",
    "气象台预计本周后半段有一次明显降温过程，沿江地区最低气温将降到五度左右，请注意防寒保暖。",
    "一位退休教师在社区开设了免费书法课，每周六上午上课，报名的孩子已经超过四十人，场地略显紧张。",
    "新开通的地铁六号线连接高铁站和大学城，全程约二十八分钟，早晚高峰发车间隔缩短到四分钟。",
    "农业技术人员走进田间，指导果农修剪梨树并防治病虫害，预计今年秋天的产量会比去年提高一成。",
]


def _small_sample(tmp_path: Path) -> Path:
    """Five distinct documents the recipe keeps, plus an exact duplicate and a too-short one."""
    docs = [{"id": f"doc-{i}", "text": _OWN[i] + _SENTENCES[i] + _OWN[(i + 1) % 5],
             "source": "news" if i % 2 else "policy"} for i in range(5)]
    docs += [{"id": "dup", "text": docs[0]["text"], "source": "policy"},
             {"id": "short", "text": "广告：点击这里。", "source": "web"}]
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n",
                    encoding="utf-8")
    return path


def _check_lineage(platform: Platform) -> tuple[int, int]:
    with platform.session() as s:
        raw, clean = get_version(s, RAW.name), get_version(s, CLEAN.name)
        parents = s.scalars(select(VersionParent.parent_id)
                            .where(VersionParent.version_id == clean.id)).all()
        assert parents == [raw.id]
        assert (clean.made_by_kind, clean.made_by_source) == ("recipe", RECIPE)
        assert clean.dataset.open_tier.value == "unconditional"
        assert (raw.dataset.open_tier.value, raw.dataset.sensitivity.value) == ("conditional", "L2")
        return raw.rows, clean.rows


def test_run_demo_is_idempotent(platform: Platform, tmp_path: Path) -> None:
    first = run_demo(platform, progress=False, sample=_small_sample(tmp_path))
    assert first.raw.created and first.clean.created
    assert (first.raw.rows, first.clean.rows) == (7, 5)
    assert first.report.docs_in == 7 and first.report.docs_out == 5
    password_file = platform.settings.home / "demo-admin-password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    again = run_demo(platform, progress=False, sample=_small_sample(tmp_path))
    assert not again.raw.created and not again.clean.created
    assert (again.password, again.clean.ref, again.report.docs_out) == (first.password,
                                                                       first.clean.ref, 5)
    assert _check_lineage(platform) == (7, 5)


@pytest.mark.skipif(not HAS_SAMPLE, reason="the bundled sample (jingshu.sample) is not there yet")
def test_demo_no_serve_end_to_end(invoke: Invoke, platform: Platform) -> None:
    out = invoke("demo", "--no-serve").stdout
    assert "portal: http://127.0.0.1:8000" in out
    password = (platform.settings.home / "demo-admin-password").read_text().strip()
    assert f"login:  {ADMIN} / {password}" in out
    names = {d["name"] for d in as_json(invoke("dataset", "list", "--json"))}
    assert names == {RAW.name, CLEAN.name}
    raw_rows, clean_rows = _check_lineage(platform)
    assert 0 < clean_rows < raw_rows
    info = as_json(invoke("dataset", "show", CLEAN.name, "--json"))
    assert json.loads(info["all_versions"][0]["made_by"]["detail"]["report"])["recipe"] == RECIPE
    assert "pii" not in {f["name"] for f in info["fields"]}, "raw PII labels must not be copied"
    rerun = invoke("demo", "--no-serve").stdout
    assert "found" in rerun and "created" not in rerun
    assert f"login:  {ADMIN} / {password}" in rerun


def test_demo_writes_the_whole_chain(invoke: Invoke, platform: Platform, tmp_path: Path) -> None:
    out = invoke("demo", "--no-serve", "--sample", str(_small_sample(tmp_path))).stdout
    with platform.session() as s:
        raw = get_dataset(s, RAW.name)
        texts = current_agreements(s, raw)
        assert all(t is not None and "。" in t.text for t in texts.values())
        domain = get_declaration(s, raw).columns["source"]
        assert isinstance(domain, CategoricalDomain)
        assert set(domain.values) == {"news", "policy", "web"}
        assert any("\u4e00" <= c <= "\u9fff" for c in raw.description), "Chinese description"
        project = get_project(s, PROJECT)
        assert project.title.startswith("示范")
        assert project.source_version_id == get_version(s, CLEAN.name).id
        assert progress(s, project).items == 5
        assert get_user(s, ANALYST).organization_id == get_organization(s, LAB).id
    assert f"annotation project {PROJECT}: 5 tasks" in out
    clicks = re.findall(r"^  .+?: http://127\.0\.0\.1:8000(/\S*)(?:  \[as (\w+)\])?$", out,
                        re.MULTILINE)
    assert len(clicks) == len(demo_links()) >= 8
    passwords = {ADMIN: (platform.settings.home / "demo-admin-password").read_text().strip(),
                 ANALYST: (platform.settings.home / "demo-analyst-password").read_text().strip()}
    assert f"login:  {ANALYST} / {passwords[ANALYST]}" in out
    app = create_app(platform)
    for path, who in clicks:
        with TestClient(app) as client:
            if who:
                login(client, who, passwords[who])
            page = client.get(path)
            assert page.status_code == 200, (path, who, page.text[:300])
            assert "<html" in page.text
    with TestClient(app) as client:  # the chain's next step: the analyst applies
        login(client, ANALYST, passwords[ANALYST])
        form = client.get(f"/datasets/{RAW.name}/apply").text
        assert COMMITMENT_TEXT[:10] in form and USE_TEXT[:10] in form
