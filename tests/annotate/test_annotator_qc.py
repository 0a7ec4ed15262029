from __future__ import annotations

import pytest
from sqlalchemy import select

from jingshu.annotate.annotator_qc import annotator_stats, confusion, review_answer
from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item
from jingshu.annotate.models import Answer, AnswerState, Item, MemberState
from jingshu.annotate.projects import get_member, get_project
from jingshu.errors import InputError, PermissionDenied
from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.factories import make_project

ROWS = [{"id": f"r{i}", "text": f"文本{i}"} for i in range(20)]
GOLD = {f"r{i}": "正面" for i in range(6)}


def _state(platform: Platform, project: str, who: str) -> MemberState:
    with platform.session() as s:
        member = get_member(s, get_project(s, project), who)
        assert member is not None
        return member.state


def test_qualification_test_admits_or_fails(platform: Platform) -> None:
    name = make_project(platform, rows=ROWS, gold=GOLD, qualification_items=2,
                        qualification_accuracy=1.0)
    join(platform, name, "good", "bad")
    assert _state(platform, name, "good") is MemberState.QUALIFYING
    label_all(platform, name, "good")
    assert _state(platform, name, "good") is MemberState.ACTIVE
    with platform.session() as s:  # the bad one answers the test wrongly
        p = get_project(s, name)
        for _ in range(2):
            got = next_item(s, p, "bad")
            assert got is not None
            submit_answer(s, p, "bad", got.lease_id, "负面")
    assert _state(platform, name, "bad") is MemberState.FAILED
    with platform.session() as s, pytest.raises(PermissionDenied, match="failed"):
        next_item(s, get_project(s, name), "bad")


def test_a_gold_failure_pauses_the_annotator_and_requeues_their_answers(
        platform: Platform) -> None:
    name = make_project(platform, rows=ROWS, gold=GOLD, gold_rate=0.5, overlap=1,
                        pause_below=0.6, pause_min_gold=3)
    join(platform, name, "sloppy", "careful")
    with pytest.raises(PermissionDenied, match="paused"):  # wrong on every gold item
        label_all(platform, name, "sloppy", lambda row: "负面")
    assert _state(platform, name, "sloppy") is MemberState.PAUSED
    with platform.session() as s:
        discarded = s.scalars(select(Answer).where(Answer.annotator == "sloppy",
                                                   Answer.is_gold.is_(False))).all()
        assert discarded and all(a.state is AnswerState.DISCARDED for a in discarded)
        assert all(i.answers == 0 for i in s.scalars(select(Item).where(Item.is_gold.is_(False))))
    assert label_all(platform, name, "careful") >= 14  # all 14 regular items came back
    with platform.session() as s:
        p = get_project(s, name)
        stats = {r.annotator: r for r in annotator_stats(s, p)}
        assert stats["sloppy"].state == "paused" and stats["sloppy"].gold_accuracy == 0.0
        assert stats["careful"].answers == 14 and stats["careful"].gold_accuracy == 1.0
        assert confusion(s, p, "sloppy")[("正面", "负面")] >= 3


def test_review_accepts_or_rejects_with_a_reason(platform: Platform) -> None:
    name = make_project(platform, rows=ROWS[:2], overlap=1)
    join(platform, name, "a", "b")
    label_all(platform, name, "a")
    with platform.session() as s:
        p = get_project(s, name)
        first, second = s.scalars(select(Answer).order_by(Answer.id)).all()
        review_answer(s, p, first.id, accept=True, reason="", reviewer="owner")
        with pytest.raises(InputError, match="reason"):
            review_answer(s, p, second.id, accept=False, reason="", reviewer="owner")
        review_answer(s, p, second.id, accept=False, reason="看错了", reviewer="owner")
    assert label_all(platform, name, "b") == 1  # the rejected item went back to the pool
