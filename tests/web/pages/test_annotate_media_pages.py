"""The annotation pages for media kinds: the workspace's keys in Chinese and English, the
review queue with polygons, segments and transcripts, the form's templates and errors."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from jingshu.accounts.models import Role
from jingshu.platform import Platform
from tests.annotate.conftest import join, label_all
from tests.factories import make_dataset, make_org, make_project, make_user
from tests.web.pages.forms import page_login

SHA = "ab" * 32
STRINGS = re.compile(r'<script type="application/json" id="ann-media-strings">(.*?)</script>')


def _strings(page: str) -> dict[str, str]:
    found = STRINGS.search(page)
    assert found is not None
    strings: dict[str, str] = json.loads(found.group(1))
    return strings
TRIANGLE = [[0.1, 0.1], [0.5, 0.1], [0.3, 0.5]]


def test_workspace_lists_the_media_keys_in_both_languages(client: TestClient,
                                                          platform: Platform) -> None:
    make_org(platform, "lab")
    name = make_project(platform, organization="lab", rows=[{"id": "p", "image": SHA}],
                        label_schema={"kind": "polygons", "field": "image",
                                      "labels": ["车"]})
    make_user(platform, Role.ANNOTATOR, name="worker")
    csrf = page_login(client, "worker")
    page = client.post(f"/projects/{name}/join", data={"csrf_token": csrf}).text
    assert "Enter 或双击闭合" in page and "/static/annotate_media.js" in page
    assert _strings(page)["need_points"] == "多边形至少需要 3 个点"
    english = client.get(f"/projects/{name}/work?lang=en").text
    assert "Backspace removes the last vertex" in english
    assert _strings(english)["need_points"] == "A polygon needs at least 3 points"
    # annotate_media.js must load before annotate.js, which reads its kinds
    assert english.index("annotate_media.js") < english.index("/static/annotate.js")


def test_review_shows_polygons_segments_and_media(client: TestClient,
                                                  platform: Platform) -> None:
    make_org(platform, "lab")
    make_user(platform, Role.PUBLISHER, name="boss", organization="lab")
    polygons = make_project(platform, organization="lab", overlap=1,
                            rows=[{"id": "p", "image": SHA}],
                            label_schema={"kind": "polygons", "field": "image",
                                          "labels": ["车"]})
    segments = make_project(platform, organization="lab", overlap=1,
                            rows=[{"id": "c", "audio": "/static/c.wav", "duration_s": 3.0}],
                            label_schema={"kind": "audio_segments", "labels": ["说话"]})
    join(platform, polygons, "a")
    join(platform, segments, "a")
    label_all(platform, polygons, "a", lambda row: [{"points": TRIANGLE, "label": "车"}])
    label_all(platform, segments, "a",
              lambda row: [{"start": 0.5, "end": 1.75, "label": "说话"}])
    page_login(client, "boss")
    dashboard = client.get(f"/projects/{polygons}")
    assert dashboard.status_code == 200 and "Krippendorff" in dashboard.text
    page = client.get(f"/projects/{polygons}/review").text
    assert f'src="/api/v1/projects/{polygons}/media/{SHA}"' in page
    assert re.search(r'<polygon class="ann-poly-shape" points="0.1,0.1 0.5,0.1 0.3,0.5">',
                     page)
    assert "3 个点" in page
    english = client.get(f"/projects/{segments}/review?lang=en").text
    assert '<audio class="ann-review-audio" controls preload="none" src="/static/c.wav">' \
        in english
    assert "0.50–1.75 s" in english


def test_form_templates_and_errors_for_media_kinds(client: TestClient,
                                                   platform: Platform) -> None:
    make_org(platform, "lab")
    make_user(platform, Role.PUBLISHER, name="boss", organization="lab")
    make_dataset(platform, name="clips", organization="lab",
                 rows=[{"id": "c", "audio_sha256": SHA, "duration_s": 2.0}])
    csrf = page_login(client, "boss")
    form = client.get("/projects/new?template=asr").text
    assert 'value="transcription" selected' in form and 'value="audio_sha256"' in form
    assert "图文匹配" in client.get("/projects/new?template=image_text").text
    base = {"csrf_token": csrf, "dataset": "clips", "name": "marks", "title": "片段",
            "overlap": "1", "field": "audio_sha256"}
    refused = client.post("/projects/new", data=base | {"kind": "audio_segments",
                                                         "labels": ""})
    assert refused.status_code == 400 and "至少需要 1 个不同的标签" in refused.text
    missing = client.post("/projects/new", data=base | {
        "kind": "audio_segments", "labels": "说话", "duration_field": "length"})
    assert missing.status_code == 400 and "&#39;length&#39; is not a column" in missing.text
    made = client.post("/projects/new", data=base | {"kind": "audio_segments",
                                                      "labels": "说话\n噪声"},
                       follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/projects/marks"
