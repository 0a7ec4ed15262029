from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from jingshu.catalog.importing import import_file
from jingshu.catalog.service import DatasetSpec, get_version, open_version, parse_ref
from jingshu.corpus.recipe import Step
from jingshu.jobs.media_runs import run_media_recipe
from jingshu.media.recipe import load_media_recipe
from jingshu.platform import Platform

CLIPS = {
    "cv.wav": ("audio/common_voice_zh_flyai/common_voice_zh-CN_18536155.wav",
               "从来都不是停止练习的借口"),
    "aishell.wav": ("audio/aishell1_s3tokenizer/BAC009S0764W0121.wav",
                    "甚至出现交易几乎停滞的情况"),
    "silence.wav": ("audio/nonspeech_audiomentations/silence/silence.wav", ""),
    "zeros.wav": ("audio/nonspeech_audiomentations/digital_silence/digital_silence.wav", ""),
}


@pytest.mark.realdata
def test_audio_speech_recipe(multimodal: Path, tmp_path: Path, platform: Platform) -> None:
    folder = tmp_path / "clips"
    folder.mkdir()
    for name, (source, _) in CLIPS.items():
        shutil.copy(multimodal / source, folder / name)
    (folder / "metadata.csv").write_text(
        "file_name,text\n" + "".join(f"{n},{t}\n" for n, (_, t) in CLIPS.items()), "utf-8")
    with platform.session() as s:
        import_file(s, platform.store, str(folder), spec=DatasetSpec(name="speech", title="s"),
                    creator="t")
    recipe = load_media_recipe("audio-speech")
    steps = tuple(Step("audio_duration", {"min_s": 0.5, "max_s": 30.0})
                  if st.op == "audio_duration" else st for st in recipe.steps)
    recipe = dataclasses.replace(recipe, steps=steps)
    _, report = run_media_recipe(platform, recipe, "speech", "speech-clean", creator="t")
    with platform.session() as s:
        rows = open_version(platform.store, get_version(s, *parse_ref("speech-clean"))).head(9)
    kept = {r["file_name"]: r for r in rows}
    assert set(kept) == {"cv.wav", "aishell.wav"}
    assert {r["sample_rate"] for r in rows} == {16000} and {r["channels"] for r in rows} == {1}
    assert kept["cv.wav"]["text"] == "从来都不是停止练习的借口"
    # metadata/audio.tsv: RMS -39.9 dBFS (ffmpeg); speech loudness is within a few LU of it
    assert abs(float(str(kept["aishell.wav"]["loudness_lufs"])) + 39.9) < 3
    assert 0.5 < float(str(kept["aishell.wav"]["speech_ratio"])) <= 1.0
    assert report.drops == {"audio_loudness:too quiet": 2}
    # the three 48 kHz clips: Common Voice and the two silences (metadata/audio.tsv)
    assert report.operators[2].counters["resampled"] == 3
