"""Conditional release of audio: a Parquet extract carries each clip's bytes unchanged,
in the grant's keyed row order, which traces a leaked extract to its recipient."""

from __future__ import annotations

import hashlib
import io
import wave
from pathlib import Path

import pyarrow.parquet as pq

from jingshu.facade import Client
from tests.circulation.conftest import Flow
from tests.web.helpers import API


def _wav(seed: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(hashlib.sha256(str(seed).encode()).digest() * 50)
    return buf.getvalue()


def test_audio_extract_carries_the_clips_and_traces_by_order(flow: Flow,
                                                               tmp_path: Path) -> None:
    blobs = flow.platform.store.blobs()
    clips = {blobs.put(_wav(i)): _wav(i) for i in range(60)}
    rows = [{"id": f"a{i}", "file_name": f"c{i}.wav", "audio_sha256": sha, "format": "WAV",
             "duration_s": 0.1, "error": None} for i, sha in enumerate(clips)]
    grant = flow.grant_on("speech", rows, ["id", "file_name", "audio_sha256"])
    got = flow.client.get(f"{API}/grants/{grant['id']}/download", params={"format": "parquet"},
                          headers=flow.consumer)
    assert got.status_code == 200, got.text
    extract = tmp_path / "extract.parquet"
    extract.write_bytes(got.content)
    table = pq.read_table(extract)
    assert table.column_names[0] == "audio"
    extracted = table.to_pylist()
    assert {r["audio_sha256"] for r in extracted} == set(clips)
    assert all(r["audio"]["bytes"] == clips[r["audio_sha256"]] for r in extracted)  # unchanged
    assert [r["id"] for r in extracted] != [r["id"] for r in rows]  # the grant's own order
    result = Client(flow.platform).trace(extract)
    assert result.verdict.value == "traced" and result.findings[0].grant_id == grant["id"]
