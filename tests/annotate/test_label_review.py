"""Label quality of a project's answers, and the review queue filled from its candidates."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from jingshu.annotate.aggregate import Answers
from jingshu.annotate.annotator_qc import review_answer, review_queue
from jingshu.annotate.label_errors import label_quality
from jingshu.annotate.label_review import REVIEW_MARK, project_label_quality, send_to_review
from jingshu.annotate.models import Answer, AnswerState, Item
from jingshu.annotate.projects import get_project
from jingshu.errors import InputError
from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.factories import make_project

ROWS = [{"id": f"r{i}", "text": f"第{i}条评论：{'很好用' if i % 2 else '太差了'}。"}
        for i in range(12)]


def truth(row: dict[str, Any]) -> str:
    return "正面" if int(row["id"][1:]) % 2 else "负面"


def sloppy(row: dict[str, Any]) -> str:  # wrong on r0, r2, r4
    return "正面" if row["id"] in ("r0", "r2", "r4") else truth(row)


def flipped(row: dict[str, Any]) -> str:  # wrong on r0 and r1
    return ("负面" if truth(row) == "正面" else "正面") if row["id"] in ("r0", "r1") else truth(row)


def _labelled(platform: Platform) -> str:
    name = make_project(platform, rows=ROWS, overlap=3)
    join(platform, name, "a", "b", "c")
    for annotator, answer in (("a", truth), ("b", sloppy), ("c", flipped)):
        assert label_all(platform, name, annotator, answer) == len(ROWS)
    return name


def test_project_quality_is_label_errors_over_its_answers(platform: Platform) -> None:
    name = _labelled(platform)
    with platform.session() as s:
        project = get_project(s, name)
        quality = project_label_quality(s, project, top=12)
        rows = s.execute(select(Item.row_key, Answer.annotator, Answer.value)
                         .join(Item, Item.id == Answer.item_id)).all()
    by_hand = label_quality(Answers.from_lists(*zip(*rows, strict=True)), top=12)
    # the CLI's computation, tasks named by row key (ties may rank in another order)
    assert quality.candidates != () and set(quality.candidates) == set(by_hand.candidates)
    assert replace(quality, candidates=()) == replace(by_hand, candidates=())
    assert quality.items == 12 and quality.worker_agreement["a"] > quality.worker_agreement["b"]
    assert {c.task for c in quality.candidates} == {r["id"] for r in ROWS}
    ranked = [c.label_probability for c in quality.candidates if not c.issue]
    assert ranked == sorted(ranked)  # most suspect first
    with platform.session() as s:
        assert len(project_label_quality(s, get_project(s, name), top=3).candidates) == 3


def test_send_to_review_puts_the_suspects_first(platform: Platform) -> None:
    name = _labelled(platform)
    with platform.session() as s:
        project = get_project(s, name)
        suspect = project_label_quality(s, project, top=1).candidates[0].task
        accepted = s.scalars(select(Answer).join(Item).where(Item.row_key == suspect)).first()
        assert accepted is not None
        review_answer(s, project, accepted.id, accept=True, reason="", reviewer="owner")
        oldest = [a.id for a in review_queue(s, project, 3)]
        filled = send_to_review(s, project, 2, actor="owner")
        assert filled.items[0] == suspect and len(filled.items) == 2
        assert (filled.queued, filled.reopened) == (6, 1)  # 3 answers each; r0's accepted one
        queue = review_queue(s, project, 50)
        first = queue[:6]
        assert {a.item.row_key for a in first} == set(filled.items)
        assert all(a.review_reason.startswith(REVIEW_MARK) for a in first)
        assert "suggested" in first[0].review_reason
        assert [a.id for a in queue[6:9]] == [i for i in oldest if i not in
                                              {a.id for a in first}][:3]
        assert s.get(Answer, accepted.id).state is AnswerState.COUNTED  # reopened
        review_answer(s, project, first[0].id, accept=True, reason="核对无误", reviewer="owner")
        assert first[0].review_reason == "核对无误"
        with pytest.raises(InputError, match="at least one item"):
            send_to_review(s, project, 0, actor="owner")


def test_bad_requests_say_what_is_wrong(platform: Platform) -> None:
    name = make_project(platform, rows=ROWS[:2])
    with platform.session() as s:
        project = get_project(s, name)
        with pytest.raises(InputError, match="has no counted answers yet"):
            project_label_quality(s, project)
    name = _labelled(platform)
    with platform.session() as s, pytest.raises(InputError, match="method 'best'"):
        project_label_quality(s, get_project(s, name), audit="best")


def test_a_version_of_answers_is_read_by_its_columns(platform: Platform) -> None:
    from jingshu.annotate.label_review import version_label_quality
    from jingshu.catalog.service import get_version, open_version
    from tests.factories import make_dataset

    rows = [{"item": f"t{t}", "who": w, "answer": "正面" if t % 2 else "负面", "note": "x"}
            for t in range(5) for w in ("a", "b", "c")]
    make_dataset(platform, name="crowd", rows=rows)
    with platform.session() as s:
        stored = open_version(platform.store, get_version(s, "crowd", 1))
    quality = version_label_quality(stored, task="item", worker="who", label="answer", top=3)
    assert (quality.items, len(quality.candidates), quality.fleiss_kappa) == (5, 3, 1.0)
    with pytest.raises(InputError, match="has no worker column 'worker'") as err:
        version_label_quality(stored, task="item", label="answer")
    assert "item, who, answer, note" in str(err.value.hint)
