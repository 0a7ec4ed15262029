"""``jingshu annotate`` over real photos with Chinese tags and real Mandarin speech.

The photos (NUS-WIDE, with their manually verified Chinese tags as captions) and the
AISHELL-1 clips come from ``../shared/data/multimodal``; they are imported with
``jingshu media import``, projects are made from schema files, answers are given in
Python as annotators would, and ``jingshu annotate export`` writes every answer and the
consensus.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item
from jingshu.annotate.projects import get_project
from jingshu.errors import InputError
from jingshu.platform import Platform
from jingshu.web.app import create_app
from tests.annotate.conftest import join, label_all
from tests.cli.conftest import Invoke
from tests.factories import make_user
from tests.media.conftest import multimodal  # noqa: F401 (fixture)
from tests.web.helpers import API, bearer

pytestmark = pytest.mark.realdata

TAGS = {  # images/nuswide100_zh_tags/readme.md
    "48661375.jpg": "猫 眼 宠物 可爱的 小猫 白色 黑色 黑猫 特写",
    "417187631.jpg": "港口 小船 船 水域 停泊 停靠 码头",
    "342635061.jpg": "天空 海 景观 水域 岩石 云 海洋 石头",
}
SPOKEN = "广州市房地产中介协会分析"  # metadata/audio.tsv: BAC009S0724W0121.wav
CLIPS = ("BAC009S0724W0121.wav", "BAC009S0724W0122.wav", "BAC009S0724W0123.wav")


def _folder(tmp: Path, source: Path, names: Any, meta: dict[str, dict[str, Any]]) -> Path:
    tmp.mkdir()
    for name in names:
        shutil.copy(source / name, tmp / name)
    (tmp / "metadata.jsonl").write_text("".join(
        json.dumps({"file_name": k} | v, ensure_ascii=False) + "\n" for k, v in meta.items()),
        "utf-8")
    return tmp


def _schema(tmp: Path, name: str, schema: dict[str, Any]) -> str:
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(schema, ensure_ascii=False), "utf-8")
    return str(path)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_image_text_and_polygons_on_real_photos(invoke: Invoke, platform: Platform,
                                                tmp_path: Path, multimodal: Path) -> None:  # noqa: F811
    photos = _folder(tmp_path / "photos", multimodal / "images" / "nuswide100_zh_tags", TAGS,
                     {k: {"caption": v} for k, v in TAGS.items()})
    assert "3 rows" in invoke("media", "import", str(photos), "--name", "photos").stdout
    match = _schema(tmp_path, "match", {"kind": "image_text", "field": "image_sha256",
                                        "second_field": "caption",
                                        "labels": ["匹配", "部分匹配", "不匹配"]})
    out = invoke("annotate", "create", "photos", "--name", "captions", "--schema", match,
                 "--overlap", "3").stdout
    assert "created project captions over photos@1 (3 items)" in out
    join(platform, "captions", "a", "b", "c")
    label_all(platform, "captions", "a", lambda row: "匹配")
    label_all(platform, "captions", "b",
              lambda row: "匹配" if "猫" in row["caption"] else "部分匹配")
    label_all(platform, "captions", "c", lambda row: "不匹配")
    invoke("annotate", "export", "captions", str(tmp_path / "m.jsonl"), "--format", "jsonl")
    labels = {r["file_name"]: r for r in _lines(tmp_path / "m.jsonl")}
    assert labels["48661375.jpg"]["label"] == "匹配"
    assert labels["48661375.jpg"]["label_confidence"] == pytest.approx(2 / 3)
    assert labels["417187631.jpg"]["label"] == "匹配"  # a three-way tie: the first label
    invoke("annotate", "export", "captions", str(tmp_path / "a.jsonl"), "--format", "answers")
    assert len(_lines(tmp_path / "a.jsonl")) == 9

    regions = _schema(tmp_path, "regions", {"kind": "polygons", "field": "image_sha256",
                                            "labels": ["猫", "船", "岩石"]})
    invoke("annotate", "create", "photos", "--name", "regions", "--schema", regions,
           "--overlap", "1")
    join(platform, "regions", "a")
    cat = [{"points": [[0.2, 0.15], [0.8, 0.15], [0.85, 0.9], [0.15, 0.9]], "label": "猫"}]
    assert label_all(platform, "regions", "a", lambda row: cat) == 3
    invoke("annotate", "export", "regions", str(tmp_path / "r.jsonl"), "--format", "answers")
    assert [line["value"] for line in _lines(tmp_path / "r.jsonl")] == [cat] * 3


def test_transcripts_and_segments_on_real_speech(invoke: Invoke, platform: Platform,
                                                 tmp_path: Path, multimodal: Path) -> None:  # noqa: F811
    clips = _folder(tmp_path / "clips", multimodal / "audio" / "aishell1_flyai", CLIPS,
                    {CLIPS[0]: {"speaker": "S0724"}})
    invoke("media", "import", str(clips), "--name", "speech")
    asr = _schema(tmp_path, "asr", {"kind": "transcription", "field": "audio_sha256"})
    invoke("annotate", "create", "speech", "--name", "asr", "--schema", asr, "--overlap", "2")
    make_user(platform, Role.ANNOTATOR, name="listener")
    join(platform, "asr", "a", "b", "listener")
    real = (clips / CLIPS[0]).read_bytes()  # the player's first request: a byte range
    with TestClient(create_app(platform)) as client:
        part = client.get(f"{API}/projects/asr/media/{hashlib.sha256(real).hexdigest()}",
                          headers=bearer(platform, "listener") | {"Range": "bytes=0-43"})
    assert part.status_code == 206 and part.content == real[:44]
    assert part.headers["content-type"] == "audio/wav"
    label_all(platform, "asr", "a", lambda row: SPOKEN)
    label_all(platform, "asr", "b", lambda row: "广州市房地产中介协会分折")  # one character off
    invoke("annotate", "export", "asr", str(tmp_path / "t.jsonl"), "--format", "jsonl")
    (first,) = [r for r in _lines(tmp_path / "t.jsonl") if r["file_name"] == CLIPS[0]]
    assert first["label"] in (SPOKEN, "广州市房地产中介协会分折")
    # the mean of 1 − CER of each transcript against the chosen one: (1 + 11/12) / 2
    assert first["label_confidence"] == pytest.approx(1 - 1 / (2 * len(SPOKEN)), abs=1e-6)

    marks = _schema(tmp_path, "marks", {"kind": "audio_segments", "field": "audio_sha256",
                                        "labels": ["说话", "静音"]})
    invoke("annotate", "create", "speech", "--name", "marks", "--schema", marks,
           "--overlap", "1")
    join(platform, "marks", "a")
    with platform.session() as s:
        project = get_project(s, "marks")
        got = next_item(s, project, "a")
        assert got is not None and got.data["duration_s"] > 3  # probed from the real file
        with pytest.raises(InputError) as err:
            submit_answer(s, project, "a", got.lease_id,
                          [{"start": 0.3, "end": 60, "label": "说话"}])
        assert f"end <= {got.data['duration_s']:g}" in (err.value.hint or "")
        submit_answer(s, project, "a", got.lease_id,
                      [{"start": 0.3, "end": 2.0, "label": "说话"}])
        s.commit()
    invoke("annotate", "export", "marks", str(tmp_path / "s.jsonl"), "--format", "answers")
    assert _lines(tmp_path / "s.jsonl")[0]["value"] == [
        {"start": 0.3, "end": 2.0, "label": "说话"}]
