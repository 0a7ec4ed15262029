"""/api/v1/projects over media: schemas refused by field, the project's media route (by
byte range for audio players), answers checked, every answer and the consensus out."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.annotate.media_samples import tone_wav
from tests.factories import make_dataset, make_org
from tests.web.helpers import API, as_role, error_of


@pytest.mark.parametrize(("schema", "says"), [
    ({"kind": "polygons", "field": "audio_sha256"},
     "label schema: polygons.labels: Field required"),
    ({"kind": "image_text", "labels": ["匹配"], "field": "audio_sha256"},
     "image_text.labels: Value error, give two or more distinct labels"),
    ({"kind": "audio_segments", "labels": ["说话"], "field": "audio_sha256",
      "duration_field": "length"}, "label schema field 'length' is not a column"),
    ({"kind": "transcription", "field": "audio_sha256", "max_length": 0},
     "transcription.max_length: Input should be greater than or equal to 1"),
    ({"kind": "waveform"}, "label schema: "),
])
def test_bad_schemas_are_refused_naming_the_field(client: TestClient, platform: Platform,
                                                 schema: dict[str, object], says: str) -> None:
    make_org(platform, "lab")
    make_dataset(platform, name="clips", organization="lab",
                 rows=[{"id": "c1", "audio_sha256": "0" * 64, "format": "WAV",
                        "duration_s": 2.0}])
    owner = as_role(platform, Role.PUBLISHER, organization="lab")
    r = client.post(f"{API}/projects", headers=owner, json={
        "name": "asr", "title": "转写", "dataset": "clips", "label_schema": schema})
    assert r.status_code == 400, r.text
    assert says in str(error_of(r)["message"])


def test_segments_over_http_with_the_projects_media(client: TestClient,
                                                    platform: Platform) -> None:
    make_org(platform, "lab")
    wav = tone_wav(2.0)
    sha = platform.store.blobs().put(wav)
    make_dataset(platform, name="clips", organization="lab",
                 rows=[{"id": "c1", "audio_sha256": sha, "format": "WAV", "duration_s": 2.0,
                        "speaker": "S0724"}])
    owner = as_role(platform, Role.PUBLISHER, organization="lab")
    worker = as_role(platform, Role.ANNOTATOR)
    r = client.post(f"{API}/projects", headers=owner, json={
        "name": "sounds", "title": "音频片段", "dataset": "clips", "overlap": 1,
        "label_schema": {"kind": "audio_segments", "field": "audio_sha256",
                         "labels": ["说话", "噪声"]}})
    assert r.status_code == 201, r.text
    assert client.get(f"{API}/projects/sounds/media/{sha}", headers=worker).status_code == 403
    client.post(f"{API}/projects/sounds/join", headers=worker)
    got = client.post(f"{API}/projects/sounds/next", headers=worker).json()
    assert got["data"] == {"audio_sha256": sha, "duration_s": 2.0}  # not the speaker
    part = client.get(f"{API}/projects/sounds/media/{sha}",
                      headers=worker | {"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == wav[:100]
    assert part.headers["content-type"] == "audio/wav"
    bad = client.post(f"{API}/projects/sounds/answers", headers=worker, json={
        "lease_id": got["lease_id"], "value": [{"start": 0.5, "end": 2.5, "label": "说话"}]})
    assert bad.status_code == 400
    assert "segment 0: start 0.5 and end 2.5" in str(error_of(bad)["message"])
    good = client.post(f"{API}/projects/sounds/answers", headers=worker, json={
        "lease_id": got["lease_id"], "value": [{"start": 0.5, "end": 1.25, "label": "说话"}]})
    assert good.status_code == 201, good.text
    answers = client.get(f"{API}/projects/sounds/labels?format=answers", headers=owner)
    assert answers.status_code == 200
    assert 'filename="sounds-answers.jsonl"' in answers.headers["content-disposition"]
    (line,) = [json.loads(x) for x in answers.text.splitlines()]
    assert line["row_key"] == "c1" and line["value"] == [
        {"start": 0.5, "end": 1.25, "label": "说话"}]
    labels = [json.loads(x) for x in client.get(f"{API}/projects/sounds/labels",
                                                headers=owner).text.splitlines()]
    assert labels[0]["label"] == [{"start": 0.5, "end": 1.25, "label": "说话"}]
    assert labels[0]["label_done"] is True
    assert client.get(f"{API}/projects/sounds/labels?format=answers",
                      headers=worker).status_code == 403
