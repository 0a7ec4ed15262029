"""``jingshu dataset mix --queue``: the mix as a job, published by a worker."""

from __future__ import annotations

from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset

ROWS = [{"id": f"n{i}", "text": f"北京市第{i}条新闻：数据要素市场建设稳步推进。"} for i in range(8)]


def test_a_queued_mix_is_published_by_a_worker(platform: Platform, invoke: Invoke) -> None:
    make_dataset(platform, name="news", rows=ROWS)
    args = ("--source", "news:1", "--tokens", "200", "--seed", "3")
    job = as_json(invoke("dataset", "mix", "queued", *args, "--queue", "--json"))
    assert (job["kind"], job["status"]) == ("dataset.mix", "queued")
    assert job["payload"]["sources"] == ["news@1:1.0"]
    assert "queued mix into later as job" in invoke("dataset", "mix", "later", *args,
                                                     "--queue").stdout
    assert "ran 5 job(s)" in invoke("worker", "--once").stdout  # 2 mixes, 3 profiles
    done = as_json(invoke("jobs", "show", str(job["id"]), "--json"))
    assert done["status"] == "succeeded"
    assert (done["result"]["dataset"], done["result"]["version"]) == ("queued", 1)
    direct = as_json(invoke("dataset", "mix", "direct", *args, "--json"))
    assert direct["rows"] == done["result"]["rows"] and direct["tokens"] == done["result"]["tokens"]
    bad = invoke("dataset", "mix", "x1", "--source", "news@7:1", "--tokens", "10", "--queue",
                 code=2)
    assert "has no version 7" in bad.stderr
