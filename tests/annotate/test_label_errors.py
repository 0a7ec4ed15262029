"""Fleiss' kappa, per-annotator confusion and confident-learning label-error candidates."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from jingshu.annotate.aggregate import Answers
from jingshu.annotate.label_errors import (
    confident_learning,
    fleiss_kappa,
    precision_at,
    worker_confusion,
)
from jingshu.cli.main import cli
from jingshu.errors import InputError

# Fleiss' kappa's worked example (Wikipedia, "Fleiss' kappa"): 10 items, 14 raters,
# 5 categories; kappa 0.210
TABLE = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
         [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]


def _from_table(table: list[list[int]]) -> Answers:
    tasks, workers, labels = [], [], []
    for item, row in enumerate(table):
        rater = 0
        for category, n in enumerate(row):
            for _ in range(n):
                tasks.append(f"i{item}")
                workers.append(f"w{rater}")
                labels.append(category)
                rater += 1
    return Answers.from_lists(tasks, workers, labels, classes=[0, 1, 2, 3, 4])


def test_fleiss_kappa_worked_example() -> None:
    assert fleiss_kappa(_from_table(TABLE)) == pytest.approx(0.2099, abs=1e-4)


def test_fleiss_kappa_perfect_and_single_answers() -> None:
    assert fleiss_kappa(_from_table([[3, 0], [0, 3]])) == pytest.approx(1.0)
    assert fleiss_kappa(Answers.from_lists(["a", "b"], ["w", "w"], [0, 1])) is None


def test_worker_confusion() -> None:
    answers = Answers.from_lists(["a", "a", "b", "b"], ["w1", "w2", "w1", "w2"], [0, 1, 1, 1])
    confusion = worker_confusion(answers, np.array([0, 1]))
    assert confusion["w1"].tolist() == [[1, 0], [0, 1]]
    assert confusion["w2"].tolist() == [[0, 1], [0, 1]]


def test_confident_learning_flags_the_mislabelled_first() -> None:
    probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.2, 0.8], [0.1, 0.9], [0.85, 0.15],
                      [0.45, 0.55]])
    labels = np.array([0, 0, 1, 1, 1, 0])  # item 4 says 1 where the probabilities say 0
    issues = confident_learning(labels, probs)
    assert issues.is_issue.tolist() == [False, False, False, False, True, False]
    assert issues.order[0] == 4 and issues.order[1] == 5  # then the least self-confident
    wrong = np.array([False, False, False, False, True, False])
    assert precision_at(issues.order, wrong, 1) == 1.0
    assert precision_at(issues.order, wrong, 2) == 0.5


def test_confident_learning_checks_shapes() -> None:
    with pytest.raises(InputError, match="do not fit"):
        confident_learning(np.array([0, 1]), np.ones((3, 2)) / 2)
    with pytest.raises(InputError, match="outside"):
        confident_learning(np.array([0, 2]), np.ones((2, 2)) / 2)


def test_cli_lists_the_suspect_item_first(tmp_path: Path) -> None:
    # five workers; on t9 the three weakest outvote the two who are always right elsewhere
    rows = ["task,worker,label"]
    for t in range(9):
        truth = "pos" if t % 2 else "neg"
        other = "neg" if truth == "pos" else "pos"
        rows += [f"t{t},good1,{truth}", f"t{t},good2,{truth}", f"t{t},good3,{truth}",
                 f"t{t},bad1,{other if t % 3 else truth}", f"t{t},bad2,{other}"]
    rows += ["t9,good1,pos", "t9,good2,pos", "t9,bad1,neg", "t9,bad2,neg", "t9,good3,neg"]
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["label-errors", str(path), "--json", "--top", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["items"] == 10 and -1 <= data["fleiss_kappa"] < 1
    assert data["candidates"][0]["task"] == "t9"
    assert data["worker_agreement"]["good1"] > data["worker_agreement"]["bad2"]
