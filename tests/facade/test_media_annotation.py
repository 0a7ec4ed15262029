"""Media annotation through the Python door: a transcription project, its answers out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jingshu.errors import InputError, PermissionDenied
from tests.annotate.conftest import join, label_all
from tests.facade.conftest import World
from tests.factories import make_dataset

CLIPS = [{"id": f"c{i}", "audio": f"/static/c{i}.wav", "duration_s": 2.5} for i in range(3)]


def test_transcription_project_and_its_answers(world: World, tmp_path: Path) -> None:
    make_dataset(world.platform, name="clips", rows=CLIPS, organization="pub-org")
    with pytest.raises(InputError, match=r"transcription\.max_length"):
        world.publisher.create_project("clips", "bad", schema={"kind": "transcription",
                                                               "max_length": 0})
    project = world.publisher.create_project(
        "clips", "asr", schema={"kind": "transcription", "field": "audio"}, overlap=2)
    join(world.platform, "asr", "a", "b")
    label_all(world.platform, "asr", "a", lambda row: "今天天气很好")
    label_all(world.platform, "asr", "b", lambda row: "今天天气真好")
    assert project.status().progress.done == 3
    assert project.export(str(tmp_path / "answers.jsonl"), format="answers") == 6
    lines = [json.loads(x) for x in (tmp_path / "answers.jsonl").read_text("utf-8").splitlines()]
    assert {x["value"] for x in lines} == {"今天天气很好", "今天天气真好"}
    assert world.audit("project.download")[-1]["format"] == "answers"
    with pytest.raises(PermissionDenied):
        world.consumer.project("asr").export(str(tmp_path / "x.jsonl"), format="answers")
