"""The Python front door: Platform.profile, diff and mix."""

from __future__ import annotations

from jingshu.platform import Platform
from tests.factories import make_dataset

TEXTS = [f"第{i}条：北京市发布了关于数据要素市场建设的第{i}项措施。" for i in range(30)]


def test_profile_diff_and_mix_from_python(platform: Platform) -> None:
    make_dataset(platform, name="news", rows=[{"text": t} for t in TEXTS])
    make_dataset(platform, name="news2", rows=[{"text": t} for t in TEXTS[:20]])
    profile = platform.profile("news")
    assert profile.text[0].rows == 30 and profile.text[0].tokens > 0
    assert platform.profile("news@1") == profile  # stored at publish, read back
    plan = platform.mix("both", ["news@1:0.5", "news2@1:0.5"], 400, seed=1)
    assert abs(plan.realised_tokens - 400) < 40
    assert platform.diff("news@1", "both@1").rows.after_rows == sum(
        s.realised_rows for s in plan.sources)
