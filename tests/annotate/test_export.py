from __future__ import annotations

import json
from pathlib import Path

from jingshu.annotate.export import publish_labels, write_hf, write_jsonl, write_labelstudio
from jingshu.annotate.importing import import_labelstudio
from jingshu.annotate.projects import ProjectSpec, get_project
from jingshu.catalog.service import lineage
from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.factories import make_project

SPANS = {"kind": "spans", "labels": ["人名", "地名"]}
ROWS = [{"id": "s1", "text": "张三在北京。"}, {"id": "s2", "text": "李四去上海。"}]


def _spans(row: dict[str, object]) -> list[dict[str, object]]:
    return [{"start": 0, "end": 2, "label": "人名"}, {"start": 3, "end": 5, "label": "地名"}]


def test_publish_labels_as_a_version_with_lineage(platform: Platform) -> None:
    name = make_project(platform, overlap=2)
    join(platform, name, "a", "b")
    label_all(platform, name, "a")
    label_all(platform, name, "b", lambda row: "负面" if row["id"] == "r0" else "正面")
    with platform.session() as s:
        project = get_project(s, name)
        version = publish_labels(s, platform.store, project, actor="owner")
        assert version.rows == 10 and version.made_by_kind == "annotation"
        graph = lineage(s, version)
        assert len(graph.edges) == 1 and graph.edges[0][0] == project.source_version_id
    rows = platform.store.open(version.location).head(10)
    assert {r["label"] for r in rows} == {"正面", "负面"} or {r["label"] for r in rows} == {"正面"}
    assert all(0 < float(r["label_confidence"]) <= 1 for r in rows)  # type: ignore[arg-type]
    # the default aggregator's calibrated confidence: two agreeing annotators on a
    # binary item are not certain (the shipped map, annotate/aggregate/calibration.py)
    agreed = [float(r["label_confidence"]) for r in rows if r["id"] != "r0"]  # type: ignore[arg-type]
    assert agreed and all(c == agreed[0] < 1.0 for c in agreed)


def test_file_exports_and_label_studio_round_trip(platform: Platform, tmp_path: Path) -> None:
    name = make_project(platform, rows=ROWS, label_schema=SPANS, overlap=2)
    join(platform, name, "a", "b")
    label_all(platform, name, "a", _spans)
    label_all(platform, name, "b", _spans)
    with platform.session() as s:
        project = get_project(s, name)
        assert write_jsonl(s, project, str(tmp_path / "l.jsonl")) == 2
        assert write_labelstudio(s, project, str(tmp_path / "ls.json")) == 2
        assert write_hf(s, project, str(tmp_path / "hf")) == 2
    line = json.loads((tmp_path / "l.jsonl").read_text("utf-8").splitlines()[0])
    assert line["label"][0] == {"start": 0, "end": 2, "label": "人名"}
    tasks = json.loads((tmp_path / "ls.json").read_text("utf-8"))
    assert tasks[0]["annotations"][0]["result"][0]["value"]["text"] == "张三"
    assert (tmp_path / "hf" / "data" / "train-00000-of-00001.parquet").exists()
    with platform.session() as s:
        copy = import_labelstudio(s, platform.store, str(tmp_path / "ls.json"),
                                  dataset="ls-copy", spec=ProjectSpec(
                                      name="ls-copy", title="导入", label_schema=SPANS,
                                      overlap=2), actor="owner")
        assert write_jsonl(s, copy, str(tmp_path / "copy.jsonl")) == 2
    again = json.loads((tmp_path / "copy.jsonl").read_text("utf-8").splitlines()[0])
    assert again["label"] == line["label"] and again["label_answers"] == 2
