"""Polygons, image–text match, transcription and audio segments: checks, measures,
consensus, Label Studio regions and exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from jingshu.annotate.alpha import project_alpha
from jingshu.annotate.consensus import agreement, consensus
from jingshu.annotate.export import _table, final_labels, write_answers, write_jsonl
from jingshu.annotate.labelstudio import from_results, to_results
from jingshu.annotate.projects import get_project
from jingshu.annotate.regions import char_error_rate, polygon_iou, segment_iou
from jingshu.annotate.schema import check_answer, parse_schema, schema_errors
from jingshu.errors import InputError
from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.factories import make_project

POLYGONS = parse_schema({"kind": "polygons", "labels": ["车", "人"]})
SEGMENTS = parse_schema({"kind": "audio_segments", "labels": ["说话", "噪声"]})
TRANSCRIPT = parse_schema({"kind": "transcription", "max_length": 20})
MATCH = parse_schema({"kind": "image_text", "labels": ["匹配", "部分匹配", "不匹配"]})
SCORE = parse_schema({"kind": "image_text", "min": 1, "max": 5})
TRIANGLE = [[0.1, 0.1], [0.5, 0.1], [0.3, 0.5]]
CLIP = {"duration_s": 3.0}


def _poly(points: list[list[Any]], label: str = "车") -> dict[str, Any]:
    return {"points": points, "label": label}


def _square(x: float, y: float, side: float) -> list[list[float]]:
    return [[x, y], [x + side, y], [x + side, y + side], [x, y + side]]


@pytest.mark.parametrize(("value", "says"), [
    ({"points": TRIANGLE}, "must be a list"),
    ([{"points": TRIANGLE}], "polygon 0 must have exactly points and label"),
    ([_poly(TRIANGLE[:2])], "polygon 0: points must be a list of 3 to 200"),
    ([_poly(TRIANGLE), _poly([[0.1, 0.1], [1.2, 0.1], [0.3, 0.5]])],
     "polygon 1 point 1: [1.2, 0.1] lies outside the image"),
    ([_poly([[0.1, 0.1], [0.2, "x"], [0.3, 0.5]])], "polygon 0 point 1"),
    ([_poly([[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]])], "encloses no area"),
    ([_poly(TRIANGLE, "狗")], "polygon 0: label '狗' is not one of the labels"),
])
def test_polygons_refused_name_the_polygon_and_point(value: object, says: str) -> None:
    with pytest.raises(InputError) as err:
        check_answer(POLYGONS, value)
    assert says in err.value.message


def test_polygons_kept_as_normalized_points() -> None:
    got = check_answer(POLYGONS, [_poly([[0.1234567891, 0.1], [0.5, 0.1], [0.3, 0.5]], "人")])
    assert got == [{"points": [[0.123457, 0.1], [0.5, 0.1], [0.3, 0.5]], "label": "人"}]
    assert check_answer(POLYGONS, []) == []


@pytest.mark.parametrize(("value", "row", "says"), [
    ([{"start": 2, "end": 1, "label": "说话"}], CLIP, "segment 0: start 2 and end 1"),
    ([{"start": 1, "end": 3.5, "label": "说话"}], CLIP, "0 <= start < end <= 3"),
    ([{"start": -1, "end": 1, "label": "说话"}], CLIP, "do not mark part of the clip"),
    ([{"start": 0, "end": 1, "label": "音乐"}], CLIP, "segment 0: label '音乐'"),
    ([{"start": 0, "end": 1}], CLIP, "exactly start, end and label"),
    ([{"start": 0, "end": 2, "label": "说话"}, {"start": 1, "end": 3, "label": "噪声"}], CLIP,
     "overlap"),
    ([{"start": 0, "end": 1, "label": "说话"}], {}, "duration None is not a positive number"),
])
def test_segments_refused_name_the_segment(value: object, row: dict[str, Any],
                                           says: str) -> None:
    with pytest.raises(InputError) as err:
        check_answer(SEGMENTS, value, row)
    assert says in err.value.message + (err.value.hint or "")


def test_segments_sorted_and_overlap_only_when_allowed() -> None:
    value = [{"start": 1.5, "end": 3, "label": "噪声"}, {"start": 0, "end": 2, "label": "说话"}]
    overlapping = parse_schema({"kind": "audio_segments", "labels": ["说话", "噪声"],
                                "allow_overlap": True})
    assert [s["start"] for s in check_answer(overlapping, value, CLIP)] == [0.0, 1.5]
    with pytest.raises(InputError):
        check_answer(SEGMENTS, value, CLIP)


def test_transcripts_cleaned_and_checked() -> None:
    assert check_answer(TRANSCRIPT, "  今天\n天气  很好 ") == "今天 天气 很好"
    assert check_answer(TRANSCRIPT, "e\u0301") == "\u00e9"  # NFC
    for bad, says in (("", "empty"), ("今天\x07天气", "U+0007"), ("长" * 21, "21 characters"),
                      (3, "must be text")):
        with pytest.raises(InputError) as err:
            check_answer(TRANSCRIPT, bad)
        assert says in err.value.message
    silent = parse_schema({"kind": "transcription", "allow_empty": True})
    assert check_answer(silent, "   ") == ""


def test_image_text_labels_or_numbers() -> None:
    assert check_answer(MATCH, "部分匹配") == "部分匹配"
    assert check_answer(SCORE, 4) == 4.0
    with pytest.raises(InputError, match="not one of the labels"):
        check_answer(MATCH, "差不多")
    with pytest.raises(InputError, match="outside 1–5"):
        check_answer(SCORE, 6)
    assert schema_errors({"kind": "image_text", "labels": ["匹配"]}) == {
        "labels": "give two or more distinct labels, or none for a number scale"}
    assert "labels" in schema_errors({"kind": "polygons"})
    assert set(schema_errors({"kind": "audio_segments", "labels": ["a"],
                              "duration_field": 3})) == {"duration_field"}


def test_polygon_iou_is_close_to_the_exact_value() -> None:
    a, b = _square(0.0, 0.0, 0.5), _square(0.25, 0.25, 0.5)
    assert polygon_iou(a, b) == pytest.approx(0.0625 / 0.4375, abs=0.03)
    assert polygon_iou(TRIANGLE, TRIANGLE) == 1.0
    assert polygon_iou(a, _square(0.6, 0.6, 0.2)) == 0.0
    assert segment_iou({"start": 0, "end": 2}, {"start": 1, "end": 3}) == pytest.approx(1 / 3)


def test_character_error_rate() -> None:
    assert char_error_rate("今天天气真好", "今天天气很好") == pytest.approx(1 / 6)
    assert char_error_rate("今天 天气很好", "今天天气很好") == 0.0  # spaces do not count
    assert char_error_rate("", "") == 0.0 and char_error_rate("啊", "") == 1.0
    assert agreement(TRANSCRIPT, "今天天气很好", "今天天气真好") == pytest.approx(5 / 6)


def test_consensus_of_each_kind() -> None:
    car = _poly(_square(0.1, 0.1, 0.4))
    near = _poly(_square(0.12, 0.1, 0.4))
    label, confidence = consensus(POLYGONS, [[car], [near], [_poly(_square(0.6, 0.6, 0.3))]])
    assert label in ([car], [near]) and confidence == pytest.approx(2 / 3)
    assert consensus(POLYGONS, [[car], [], []])[0] == []  # one of three: not kept
    segs, _ = consensus(SEGMENTS, [[{"start": 1.0, "end": 2.0, "label": "说话"}],
                                   [{"start": 1.2, "end": 2.2, "label": "说话"}], []])
    assert segs == [{"start": 1.1, "end": 2.1, "label": "说话"}]
    text, confidence = consensus(TRANSCRIPT, ["今天天气很好", "今天天气真好", "今天天气很好啊"])
    assert text == "今天天气很好" and 0.8 < confidence < 1
    match, confidence = consensus(MATCH, ["匹配", "不匹配", "匹配"])
    assert match == "匹配" and confidence == pytest.approx(2 / 3)
    assert consensus(SCORE, [5, 4, 1])[0] == 4.0


@pytest.mark.parametrize(("schema", "value", "row"), [
    (POLYGONS, [_poly(TRIANGLE), _poly(_square(0.5, 0.5, 0.25), "人")], {}),
    (SEGMENTS, [{"start": 0.5, "end": 1.25, "label": "噪声"}], CLIP),
    (TRANSCRIPT, "今天天气很好", {}),
    (MATCH, "不匹配", {}),
    (SCORE, 2.0, {}),
])
def test_label_studio_regions_round_trip(schema: Any, value: Any, row: dict[str, Any]) -> None:
    back = from_results(schema, to_results(schema, value, row))
    assert check_answer(schema, back, row) == value


def _always(value: Any) -> Any:
    return lambda row: value


def _media_rows() -> list[dict[str, Any]]:
    return [{"id": f"m{i}", "image": f"/static/m{i}.png", "caption": f"第{i}张图",
             "audio": f"/static/m{i}.wav", "duration_s": 2.0} for i in range(3)]


def test_export_answers_per_annotator_and_consensus(platform: Platform, tmp_path: Path) -> None:
    name = make_project(platform, rows=_media_rows(), overlap=2,
                        label_schema={"kind": "polygons", "labels": ["车", "人"]})
    join(platform, name, "a", "b")
    shapes = {"a": _square(0.1, 0.1, 0.4), "b": _square(0.11, 0.12, 0.4)}
    for who in ("a", "b"):
        assert label_all(platform, name, who, _always([_poly(shapes[who])])) == 3
    with platform.session() as s:
        project = get_project(s, name)
        rows = final_labels(s, project)
        assert write_answers(s, project, str(tmp_path / "answers.jsonl")) == 6
        write_jsonl(s, project, str(tmp_path / "labels.jsonl"))
        alpha = project_alpha(s, project)
    assert {r.row_key for r in rows} == {"m0", "m1", "m2"} and all(r.done for r in rows)
    assert rows[0].label == [_poly(shapes["a"])] or rows[0].label == [_poly(shapes["b"])]
    lines = [json.loads(x) for x in (tmp_path / "answers.jsonl").read_text("utf-8").splitlines()]
    assert {(x["row_key"], x["annotator"]) for x in lines} == {
        (f"m{i}", w) for i in range(3) for w in "ab"}
    assert next(x for x in lines if x["annotator"] == "b")["value"] == [_poly(shapes["b"])]
    labels = [json.loads(x) for x in (tmp_path / "labels.jsonl").read_text("utf-8").splitlines()]
    assert labels[0]["label"][0]["label"] == "车" and labels[0]["label_confidence"] == 1.0
    assert alpha is None  # every answer the same shape: nothing to tell apart by chance


@pytest.mark.parametrize(("schema", "answers", "column"), [
    ({"kind": "image_text", "min": 1, "max": 5}, (4, 5), pa.float64()),
    ({"kind": "image_text", "labels": ["匹配", "不匹配"]}, ("匹配", "匹配"), pa.string()),
    ({"kind": "transcription"}, ("今天天气很好", "今天天气真好"), pa.string()),
    ({"kind": "audio_segments", "labels": ["说话"]},
     ([{"start": 0, "end": 1, "label": "说话"}],) * 2, pa.string()),
])
def test_label_columns_of_media_kinds(platform: Platform, schema: dict[str, Any],
                                      answers: tuple[Any, Any], column: pa.DataType) -> None:
    name = make_project(platform, rows=_media_rows()[:1], overlap=2, label_schema=schema)
    join(platform, name, "a", "b")
    for who, answer in zip("ab", answers, strict=True):
        label_all(platform, name, who, _always(answer))
    with platform.session() as s:
        project = get_project(s, name)
        table = _table(parse_schema(schema), final_labels(s, project))
    assert table.schema.field("label").type == column
    label = table.column("label")[0].as_py()
    if schema["kind"] == "audio_segments":
        assert json.loads(label) == [{"start": 0.0, "end": 1.0, "label": "说话"}]
    elif schema["kind"] == "transcription":
        assert label in answers  # the central one of two: the first of equals
    else:
        assert label == (4.5 if column == pa.float64() else "匹配")


def test_a_project_needs_every_shown_column(platform: Platform) -> None:
    with pytest.raises(InputError, match="'duration_s' is not a column"):
        make_project(platform, rows=[{"id": "x", "audio": "/a.wav"}],
                     label_schema={"kind": "audio_segments", "labels": ["说话"]})


def test_alpha_of_transcripts_and_polygons(platform: Platform) -> None:
    sentences = ["今天天气很好", "数据要素市场", "人工智能语料", "北京大学", "上海交通大学"]
    rows = [{"id": f"a{i}", "audio": f"/a{i}.wav", "image": f"/i{i}.png"} for i in range(5)]
    spoken = make_project(platform, rows=rows, overlap=2,
                          label_schema={"kind": "transcription"})
    drawn = make_project(platform, rows=rows, overlap=2,
                         label_schema={"kind": "polygons", "labels": ["车"]})
    for name, answer in ((spoken, lambda row: sentences[int(row["id"][1])]),
                         (drawn, lambda row: [_poly(_square(0.15 * int(row["id"][1]), 0.1,
                                                            0.12))])):
        join(platform, name, "a", "b")
        label_all(platform, name, "a", answer)
        label_all(platform, name, "b", answer)
    with platform.session() as s:
        assert project_alpha(s, get_project(s, spoken)) == 1.0  # same within, apart across
        assert project_alpha(s, get_project(s, drawn)) == 1.0
    noisy = make_project(platform, rows=rows, overlap=2, label_schema={"kind": "transcription"})
    join(platform, noisy, "a", "b")
    label_all(platform, noisy, "a", lambda row: sentences[int(row["id"][1])])
    label_all(platform, noisy, "b", lambda row: sentences[(int(row["id"][1]) + 1) % 5])
    with platform.session() as s:
        alpha = project_alpha(s, get_project(s, noisy))
    assert alpha is not None and alpha < 0.2  # each pair disagrees as much as chance


def test_bit_parallel_edit_distance_matches_the_table() -> None:
    import random

    from jingshu.annotate.regions import _edits

    def table(a: str, b: str) -> int:
        previous = list(range(len(b) + 1))
        for i, ca in enumerate(a, start=1):
            current = [i]
            for j, cb in enumerate(b, start=1):
                current.append(min(previous[j] + 1, current[j - 1] + 1,
                                   previous[j - 1] + (ca != cb)))
            previous = current
        return previous[-1]

    rng = random.Random(7)
    for _ in range(500):
        a = "".join(rng.choice("天气好ab") for _ in range(rng.randint(0, 70)))
        b = "".join(rng.choice("天气好ab") for _ in range(rng.randint(0, 70)))
        assert _edits(a, b) == table(a, b), (a, b)
