"""``jingshu jobs`` and ``jingshu worker --once`` over the test platform's database."""

from __future__ import annotations

from jingshu.catalog.service import get_version
from jingshu.jobs.corpus_runs import submit_run
from jingshu.jobs.runs import RunRequest, get_run
from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset

RECIPE = "name: small\nsteps:\n  - op: html_entities\n"
ROWS = [{"id": "a", "text": "数据要素市场建设稳步推进，&amp;高质量中文语料"}]


def _submit(platform: Platform, target: str) -> int:
    with platform.session() as s:
        run = submit_run(s, get_version(s, "raw", 1), RunRequest(RECIPE, "raw@1", target),
                         actor="alice")
        assert run.job_id is not None
        return run.job_id


def test_list_cancel_and_run_once(platform: Platform, invoke: Invoke) -> None:
    make_dataset(platform, name="raw", rows=ROWS)
    cancelled, ran = _submit(platform, "out-a"), _submit(platform, "out-b")
    listed = as_json(invoke("jobs", "list", "--json"))
    assert [(j["id"], j["status"], j["kind"]) for j in listed] == [
        (ran, "queued", "corpus.run"), (cancelled, "queued", "corpus.run"),
        (1, "queued", "dataset.profile")]  # publishing raw@1 queued its profile
    assert "cancelled" in invoke("jobs", "cancel", str(cancelled)).stdout
    # raw@1's profile, the run, and the profile of the version the run published
    assert "ran 3 job(s)" in invoke("worker", "--once").stdout
    profiles = as_json(invoke("jobs", "list", "--json"))[0]
    assert (profiles["kind"], profiles["status"], profiles["result"]["dataset"]) == (
        "dataset.profile", "succeeded", "out-b")
    shown = as_json(invoke("jobs", "show", str(ran), "--json"))
    assert (shown["status"], shown["percent"], shown["result"]["dataset"]) == (
        "succeeded", 100.0, "out-b")
    assert [j["id"] for j in as_json(invoke("jobs", "list", "--status", "cancelled",
                                            "--json"))] == [cancelled]
    result = invoke("jobs", "cancel", str(ran), code=2)
    assert f"job {ran} already succeeded" in result.stderr
    invoke("jobs", "cancel", "99", code=2)
    with platform.session() as s:
        assert get_run(s, 2).version_number == 1  # run ids: out-a 1, out-b 2
    table = invoke("jobs", "list").stdout
    assert "corpus.run" in table and "succeeded" in table and "100%" in table
