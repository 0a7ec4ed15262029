"""Audio operators: decode check, duration, sample rate and channels, loudness,
clipping and voice activity (:mod:`jingshu.media.audio`)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import FilterResult
from jingshu.corpus.params import OperatorParams
from jingshu.media.audio import (
    clipped_ratio,
    decode,
    encode_wav,
    integrated_loudness,
    speech_activity,
    to_mono_rate,
)
from jingshu.media.ops.base import MediaFilter, MediaMapper, MediaStep
from jingshu.media.ops.image_checks import DecodeCheck

__all__ = ["AudioDecodeCheck", "AudioNormalizer", "ClippingFilter", "DurationFilter",
           "LoudnessMeter", "SpeechActivityFilter"]

_SAMPLES = "_samples"


class _AudioStep(MediaStep):
    media = "audio"

    def samples(self, doc: Document) -> tuple[np.ndarray, int]:
        """The row's decoded samples, cached per version of its bytes."""
        sha = doc.metadata[self.sha_column()]
        cached: Any = doc.metadata.get(_SAMPLES)
        if cached is None or cached[0] != sha:
            cached = (sha, *decode(self.media_bytes(doc)))
            doc.metadata[_SAMPLES] = cached
        return cached[1], cached[2]


class AudioDecodeCheck(_AudioStep, DecodeCheck):
    """Drop rows whose audio did not decode at import, counted by reason."""

    name = "audio_decode_check"


class DurationParams(OperatorParams):
    min_s: float = Field(1.0, ge=0.0, description="shortest clip kept, seconds")
    max_s: float = Field(30.0, ge=0.0, description="longest clip kept (30 s: Whisper's window)")


class DurationFilter(_AudioStep, MediaFilter):
    """Drop clips shorter than ``min_s`` or longer than ``max_s`` seconds."""

    name = "audio_duration"
    Params = DurationParams

    def keep(self, doc: Document) -> FilterResult:
        seconds = float(doc.metadata.get("duration_s") or 0.0)
        if seconds < self.params.min_s:
            return False, "too short"
        return seconds <= self.params.max_s or (False, "too long")


class NormalizeParams(OperatorParams):
    sample_rate: int = Field(16_000, ge=8000, le=192_000, description="target sample rate, Hz")
    mono: bool = Field(True, description="mix down to one channel")


class AudioNormalizer(_AudioStep, MediaMapper):
    """Resample (polyphase) and mix down; written as 16-bit PCM WAV when changed."""

    name = "audio_normalize"
    Params = NormalizeParams

    def change(self, doc: Document) -> Document | None:
        samples, rate = self.samples(doc)
        channels = 1 if self.params.mono else samples.shape[1]
        same_format = doc.metadata.get("format") == "WAV"
        if rate == self.params.sample_rate and samples.shape[1] == channels and same_format:
            return None
        out = to_mono_rate(samples, rate, self.params.sample_rate, channels)
        self.count("resampled", int(rate != self.params.sample_rate))
        return self.with_media(doc, encode_wav(out, self.params.sample_rate), format="WAV",
                               sample_rate=self.params.sample_rate, channels=out.shape[1],
                               duration_s=len(out) / self.params.sample_rate)


class LoudnessParams(OperatorParams):
    min_lufs: float = Field(-50.0, le=0.0, description="quietest integrated loudness kept, LUFS")


class LoudnessMeter(_AudioStep, MediaFilter):
    """Measure integrated loudness (ITU-R BS.1770) and drop near-silent clips."""

    name = "audio_loudness"
    Params = LoudnessParams
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (("loudness_lufs", pa.float64()),)

    def keep(self, doc: Document) -> FilterResult:
        lufs = integrated_loudness(*self.samples(doc))
        doc.metadata["loudness_lufs"] = round(lufs, 2) if np.isfinite(lufs) else None
        return lufs >= self.params.min_lufs or (False, "too quiet")


class ClippingParams(OperatorParams):
    max_ratio: float = Field(0.001, ge=0.0, le=1.0, description="largest share of clipped samples")


class ClippingFilter(_AudioStep, MediaFilter):
    """Drop clips with more than ``max_ratio`` of samples at full scale (jingshu's choice)."""

    name = "audio_clipping"
    Params = ClippingParams
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (("clipped_ratio", pa.float64()),)

    def keep(self, doc: Document) -> FilterResult:
        ratio = clipped_ratio(self.samples(doc)[0])
        doc.metadata["clipped_ratio"] = ratio
        return ratio <= self.params.max_ratio or (False, "clipped")


class SpeechParams(OperatorParams):
    min_speech_ratio: float = Field(
        0.2, ge=0.0, le=1.0, description="smallest share of speech frames"
    )


class SpeechActivityFilter(_AudioStep, MediaFilter):
    """Energy voice activity: record speech share and span; drop mostly silent clips."""

    name = "speech_activity"
    Params = SpeechParams
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (
        ("speech_ratio", pa.float64()), ("silence_ratio", pa.float64()),
        ("speech_start_ms", pa.int64()), ("speech_end_ms", pa.int64()))

    def keep(self, doc: Document) -> FilterResult:
        speech = speech_activity(*self.samples(doc))
        doc.metadata.update(speech_ratio=round(speech.ratio, 4),
                            silence_ratio=round(1 - speech.ratio, 4),
                            speech_start_ms=speech.start_ms, speech_end_ms=speech.end_ms)
        return speech.ratio >= self.params.min_speech_ratio or (False, "no speech")
