from __future__ import annotations

import pytest

from jingshu.annotate.consensus import agreement, consensus
from jingshu.annotate.schema import (
    AnswerPart,
    answer_parts,
    check_answer,
    parse_schema,
    schema_errors,
)
from jingshu.errors import InputError

TEXT = {"text": "张三在北京工作。"}


def test_every_kind_parses_and_checks_an_answer() -> None:
    cases = [
        ({"kind": "single", "labels": ["正面", "负面"]}, "正面", "正面"),
        ({"kind": "multi", "labels": ["体育", "财经", "科技"]}, ["科技", "体育", "体育"],
         ["体育", "科技"]),
        ({"kind": "spans", "labels": ["人名", "地名"]},
         [{"start": 3, "end": 5, "label": "地名"}, {"start": 0, "end": 2, "label": "人名"}],
         [{"start": 0, "end": 2, "label": "人名"}, {"start": 3, "end": 5, "label": "地名"}]),
        ({"kind": "relation", "labels": ["蕴含", "矛盾", "中立"]}, "中立", "中立"),
        ({"kind": "text"}, "  一句摘要 ", "一句摘要"),
        ({"kind": "rating", "min": 1, "max": 5}, 4, 4.0),
        ({"kind": "image_class", "labels": ["猫", "狗"]}, "猫", "猫"),
        ({"kind": "boxes", "labels": ["车"]}, [{"x": 1, "y": 2, "w": 3, "h": 4, "label": "车"}],
         [{"x": 1.0, "y": 2.0, "w": 3.0, "h": 4.0, "label": "车"}]),
    ]
    for data, value, expected in cases:
        assert check_answer(parse_schema(data), value, TEXT) == expected


@pytest.mark.parametrize(("data", "value", "needle"), [
    ({"kind": "single", "labels": ["正面", "负面"]}, "中性", "not one of the labels"),
    ({"kind": "multi", "labels": ["a", "b"]}, "a", "must be a list"),
    ({"kind": "spans", "labels": ["人名"]}, [{"start": 5, "end": 99, "label": "人名"}],
     "do not mark text"),
    ({"kind": "spans", "labels": ["人名"]},
     [{"start": 0, "end": 3, "label": "人名"}, {"start": 1, "end": 2, "label": "人名"}],
     "overlap"),
    ({"kind": "rating", "min": 1, "max": 5}, 7, "outside"),
    ({"kind": "rating", "min": 1, "max": 5}, 2.5, "outside"),
    ({"kind": "boxes", "labels": ["车"]}, [{"x": 90, "y": 0, "w": 20, "h": 5, "label": "车"}],
     "outside the image"),
    ({"kind": "text", "max_length": 3}, "太长的一句话", "characters"),
])
def test_answers_that_do_not_fit_are_refused_with_a_clear_message(
        data: dict[str, object], value: object, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        check_answer(parse_schema(data), value, TEXT)


def test_nested_spans_are_allowed_when_the_schema_says_so() -> None:
    schema = parse_schema({"kind": "spans", "labels": ["机构", "地名"], "allow_nested": True})
    spans = [{"start": 0, "end": 4, "label": "机构"}, {"start": 0, "end": 2, "label": "地名"}]
    assert len(check_answer(schema, spans, {"text": "北京大学很好"})) == 2


def test_a_bad_schema_names_the_problem() -> None:
    with pytest.raises(InputError, match="label schema"):
        parse_schema({"kind": "single", "labels": ["只有一个"]})
    with pytest.raises(InputError, match="kinds:"):
        parse_schema({"kind": "video"})


def test_consensus_and_agreement() -> None:
    single = parse_schema({"kind": "single", "labels": ["a", "b"]})
    assert consensus(single, ["a", "b", "a"]) == ("a", pytest.approx(2 / 3))
    rating = parse_schema({"kind": "rating", "min": 1, "max": 5})
    assert consensus(rating, [1.0, 2.0, 5.0])[0] == 2.0
    spans = parse_schema({"kind": "spans", "labels": ["人名"]})
    s = {"start": 0, "end": 2, "label": "人名"}
    label, conf = consensus(spans, [[s], [s], []])
    assert label == [s] and conf == pytest.approx(2 / 3)
    boxes = parse_schema({"kind": "boxes", "labels": ["车"]})
    b1 = {"x": 10.0, "y": 10.0, "w": 20.0, "h": 20.0, "label": "车"}
    b2 = {"x": 11.0, "y": 10.0, "w": 20.0, "h": 20.0, "label": "车"}
    assert consensus(boxes, [[b1], [b2], []])[0][0]["x"] == pytest.approx(10.5)
    assert agreement(boxes, [b1], [b2]) == 1.0


def test_krippendorff_alpha_matches_known_values() -> None:
    from jingshu.annotate.alpha import krippendorff_alpha

    # Krippendorff (2011), nominal example: 4 coders, 12 units (missing values left out)
    units = [[1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2],
             [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3]]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=1e-3)
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == pytest.approx(1.0)
    assert krippendorff_alpha([["a"]]) is None
    interval = krippendorff_alpha([[1, 1], [5, 5], [3, 3]], lambda a, b: (a - b) ** 2)
    assert interval == pytest.approx(1.0)


def test_answers_read_as_parts_for_a_reviewer() -> None:
    def parts(schema: dict[str, object], value: object) -> list[AnswerPart]:
        return answer_parts(parse_schema(schema), value, TEXT)

    assert parts({"kind": "single", "labels": ["教育", "财经"]}, "教育") == [
        AnswerPart(label="教育")]
    assert parts({"kind": "multi", "labels": ["教育", "财经"]}, ["教育", "财经"]) == [
        AnswerPart(label="教育"), AnswerPart(label="财经")]
    assert parts({"kind": "spans", "labels": ["地名"]},
                 [{"start": 3, "end": 5, "label": "地名"}]) == [
        AnswerPart(label="地名", quote="北京", span=(3, 5))]
    assert parts({"kind": "text"}, "一条摘要") == [AnswerPart(quote="一条摘要")]
    assert parts({"kind": "rating"}, 4.0) == [AnswerPart(label="4")]
    assert parts({"kind": "boxes", "labels": ["车"]},
                 [{"x": 1, "y": 2, "w": 3, "h": 4, "label": "车"}]) == [
        AnswerPart(label="车", box=(1.0, 2.0, 3.0, 4.0))]


def test_schema_errors_name_the_key_and_rating_ranges_are_checked() -> None:
    assert schema_errors({"kind": "single", "labels": ["only"]}).keys() == {"labels"}
    assert schema_errors({"kind": "nope"}).keys() == {"kind"}
    assert "above min" in schema_errors({"kind": "rating", "min": 3, "max": 3})["max"]
    assert schema_errors({"kind": "rating", "step": 0}).keys() == {"step"}
    pair = parse_schema({"kind": "rating", "field": "question", "second_field": "answer"})
    assert pair.shown_fields() == ("question", "answer") and not schema_errors(
        {"kind": "rating", "field": "question", "second_field": "answer"})
    with pytest.raises(InputError, match="max"):
        parse_schema({"kind": "rating", "min": 5, "max": 1})
