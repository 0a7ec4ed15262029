"""Publish hooks are the platform's, given by the front doors, not registered by imports."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import select

from jingshu.jobs import Job, queue_profiles_on_publish
from jingshu.jobs.profile_jobs import KIND
from jingshu.platform import Platform
from tests.factories import make_dataset


def _profile_jobs(platform: Platform) -> list[Job]:
    with platform.session() as s:
        return list(s.scalars(select(Job).where(Job.kind == KIND)))


def test_a_bare_platform_queues_nothing_though_the_job_queue_is_imported(
    platform: Platform,
) -> None:
    bare = Platform(platform.settings, migrate=False)  # jingshu.jobs is imported here
    try:
        assert bare.publish_hooks == []
        make_dataset(bare, name="plain")
        assert _profile_jobs(bare) == []
        make_dataset(queue_profiles_on_publish(bare), name="wired")
        assert [j.payload["dataset"] for j in _profile_jobs(bare)] == ["wired"]
    finally:
        bare.close()


def test_wiring_twice_queues_one_job_per_version(platform: Platform) -> None:
    queue_profiles_on_publish(queue_profiles_on_publish(platform))
    assert len(platform.publish_hooks) == 1
    make_dataset(platform, name="once")
    assert len(_profile_jobs(platform)) == 1


_SCRIPT = textwrap.dedent("""
    import json, sys
    import jingshu

    js = jingshu.connect(home=sys.argv[1])
    js.import_file(sys.argv[2], "news", title="新闻")
    from sqlalchemy import select
    from jingshu.jobs import Job, JobWorker, handlers_for
    with js.platform.session() as s:
        queued = [(j.kind, j.payload["dataset"], j.status.value) for j in s.scalars(select(Job))]
    done = JobWorker(js.platform.session, handlers_for(js.platform)).run_one()
    profile = js.dataset("news@1").profile()
    print(json.dumps({"queued": queued, "done": done.value if done else None,
                      "rows": profile.rows, "field": profile.text[0].name}))
    js.close()
""")


def test_publishing_through_the_facade_in_a_fresh_interpreter_queues_a_profile(
    tmp_path: Path,
) -> None:
    data = tmp_path / "news.jsonl"
    rows = ["北京市数据要素市场建设稳步推进。", "高质量中文语料库。", "人工智能训练数据。"]
    data.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rows),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(tmp_path / "home"), str(data)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"queued": [["dataset.profile", "news", "queued"]], "done": "succeeded",
                      "rows": 3, "field": "text"}
