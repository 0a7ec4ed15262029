"""``jingshu label-errors``: over a file of answers, or a project's, filling its review queue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jingshu.annotate.annotator_qc import review_queue
from jingshu.annotate.projects import get_project
from jingshu.platform import Platform
from tests.annotate.test_label_review import _labelled
from tests.cli.conftest import Invoke, as_json


def test_a_file_and_a_project_give_the_same_measures(platform: Platform, invoke: Invoke,
                                                     jsonl: Callable[..., Path]) -> None:
    name = _labelled(platform)
    with platform.session() as s:
        project = get_project(s, name)
        rows = [{"task": a.item.row_key, "worker": a.annotator, "label": a.value}
                for a in review_queue(s, project, 500)]
    from_file = as_json(invoke("label-errors", str(jsonl(rows)), "--top", "12", "--json"))
    from_project = as_json(invoke("label-errors", "--project", name, "--top", "12", "--json"))
    import_file = invoke("dataset", "import", str(jsonl(rows, name="answers.jsonl")), "--name",
                         "crowd", "--title", "众包标注")
    assert import_file.exit_code == 0
    from_dataset = as_json(invoke("label-errors", "--dataset", "crowd@1", "--top", "12",
                                  "--json"))
    for key in ("items", "fleiss_kappa", "krippendorff_alpha", "issues", "worker_agreement"):
        assert from_file[key] == from_project[key] == from_dataset[key], key
    assert from_dataset["candidates"] == from_file["candidates"]
    assert {c["task"] for c in from_project["candidates"]} == {f"r{i}" for i in range(12)}
    assert "sent_to_review" not in from_project


def test_to_review_fills_the_queue(platform: Platform, invoke: Invoke) -> None:
    name = _labelled(platform)
    out = invoke("label-errors", "--project", name, "--to-review", "2", "--top", "2").stdout
    assert "sent 2 item(s) to review: 6 answer(s) now first in the queue (0 reopened" in out
    with platform.session() as s:
        first = review_queue(s, get_project(s, name), 6)
        assert all(a.review_reason.startswith("suspected label error") for a in first)
    again = as_json(invoke("label-errors", "--project", name, "--to-review", "1", "--json"))
    assert again["sent_to_review"]["queued"] == 3


def test_wrong_arguments_say_what_to_give(platform: Platform, invoke: Invoke,
                                          jsonl: Callable[..., Path]) -> None:
    assert "give one of ANSWERS" in invoke("label-errors", code=2).stderr
    path = str(jsonl([{"task": 1, "worker": "a", "label": "x"}]))
    assert "needs --project" in invoke("label-errors", path, "--to-review", "3", code=2).stderr
    missing = invoke("label-errors", "--project", "nope", code=2).stderr
    assert "nope" in missing
