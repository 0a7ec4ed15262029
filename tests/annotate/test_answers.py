from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item
from jingshu.annotate.models import Answer, Item
from jingshu.annotate.projects import ProjectSpec, create_project, get_project
from jingshu.errors import ConflictError, InputError
from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.factories import latest, make_dataset, make_project


def test_bad_submissions_are_refused_and_never_counted(platform: Platform) -> None:
    name = make_project(platform, overlap=2)
    join(platform, name, "a", "b")
    with platform.session() as s:
        p = get_project(s, name)
        got = next_item(s, p, "a")
        assert got is not None
    for who, lease, value, error, needle in [
        ("a", got.lease_id, "中性", InputError, "not one of the labels"),
        ("b", got.lease_id, "正面", ConflictError, "not leased to b"),
        ("a", 999_999, "正面", ConflictError, "not leased to a"),
    ]:
        with platform.session() as s, pytest.raises(error, match=needle):
            submit_answer(s, get_project(s, name), who, lease, value)
    with platform.session() as s:
        submit_answer(s, get_project(s, name), "a", got.lease_id, "正面")
    with platform.session() as s, pytest.raises(ConflictError, match="already answered"):
        submit_answer(s, get_project(s, name), "a", got.lease_id, "负面")
    with platform.session() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 1
        assert s.scalar(select(Item.answers).where(Item.id == got.item_id)) == 1


def test_dynamic_overlap_adds_answers_until_confident(platform: Platform) -> None:
    rows = [{"id": "agree", "text": "大家都同意"}, {"id": "split", "text": "意见分歧"}]
    name = make_project(platform, rows=rows, overlap=2, max_overlap=5, confidence=0.7)
    annotators = [f"a{i}" for i in range(6)]
    join(platform, name, *annotators)
    votes = iter(["正面", "负面"] * 10)
    for a in annotators:
        label_all(platform, name, a,
                  lambda row: "正面" if row["id"] == "agree" else next(votes))
    with platform.session() as s:
        items = {i.row_key: i for i in s.scalars(select(Item))}
    assert items["agree"].answers == 2 and items["agree"].done
    assert items["split"].answers == 5 and items["split"].done  # reached the maximum
    assert items["split"].label_confidence is not None and items["split"].label_confidence < 0.7


def test_project_creation_checks_its_input(platform: Platform) -> None:
    ds = make_dataset(platform)
    version = latest(platform, ds.name)
    bad = [
        ({"label_schema": {"kind": "single", "labels": ["a", "b"]}, "overlap": 0}, "overlap"),
        ({"label_schema": {"kind": "single", "labels": ["a", "b"], "field": "body"}},
         "not a column"),
        ({"label_schema": {"kind": "single", "labels": ["a", "b"]}, "gold": {"nope": "a"}},
         "do not exist"),
        ({"label_schema": {"kind": "single", "labels": ["a", "b"]}, "gold": {"d0": "c"}},
         "not one of the labels"),
        ({"label_schema": {"kind": "single", "labels": ["a", "b"]}, "gold_rate": 0.1},
         "need gold"),
    ]
    for kwargs, needle in bad:
        with pytest.raises(InputError, match=needle), platform.session() as s:
            create_project(s, platform.store, s.merge(version),
                           ProjectSpec(name="p-bad", title="坏", **kwargs), actor="t")


def test_a_project_may_not_take_a_portal_page_name(platform: Platform) -> None:
    with pytest.raises(InputError, match="reserved"):
        make_project(platform, name="new")
