"""Audio measures: decoding, resampling, loudness, clipping and energy-based voice
activity. Pure functions over float32 samples in [-1, 1]."""

from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import pairwise
from math import gcd

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

__all__ = ["Speech", "clipped_ratio", "decode", "encode_wav", "integrated_loudness",
           "speech_activity", "to_mono_rate"]


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """``(samples × channels float32, sample rate)`` of an audio file's bytes."""
    samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples, int(rate)


def to_mono_rate(samples: np.ndarray, rate: int, target_rate: int, channels: int) -> np.ndarray:
    """Mix down to mono (``channels=1``) and resample (polyphase, scipy) to ``target_rate``."""
    out = samples.mean(axis=1, keepdims=True) if channels == 1 and samples.shape[1] > 1 \
        else samples
    if rate != target_rate and len(out):
        g = gcd(rate, target_rate)
        out = resample_poly(out, target_rate // g, rate // g, axis=0).astype(np.float32)
    return out


def encode_wav(samples: np.ndarray, rate: int) -> bytes:
    """16-bit PCM WAV bytes."""
    buf = io.BytesIO()
    sf.write(buf, np.clip(samples, -1.0, 1.0), rate, format="WAV", subtype="PCM_16")
    return buf.getvalue()


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, gated; pyloudnorm's meter).

    ``-inf`` for silence or clips shorter than the 400 ms gating block.
    """
    import pyloudnorm

    if len(samples) < int(0.4 * rate) + 1 or not np.any(samples):
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def clipped_ratio(samples: np.ndarray, level: float = 0.999) -> float:
    """Share of samples at or above ``level`` of full scale."""
    return float((np.abs(samples) >= level).mean()) if samples.size else 0.0


@dataclass(frozen=True)
class Speech:
    """Voice activity of a clip.

    Args:
        ratio: share of 30 ms frames judged speech.
        start_ms: start of the first speech frame (``None`` when none).
        end_ms: end of the last speech frame.
    """

    ratio: float
    start_ms: int | None
    end_ms: int | None


def speech_activity(samples: np.ndarray, rate: int, *, floor_db: float = -50.0,
                    above_noise_db: float = 12.0) -> Speech:
    """Energy voice activity detection over 30 ms frames with a 10 ms hop.

    A frame is speech when its RMS level is above ``floor_db`` dBFS and at least
    ``above_noise_db`` over the clip's noise level (its 10th-percentile frame), then
    runs shorter than 100 ms are removed and gaps shorter than 200 ms filled (the
    hangover of classic energy VADs, e.g. ITU-T G.729 Annex B's smoothing). It does
    not tell speech from music or noise; use it for silence and leading/trailing gaps.
    """
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    frame, hop = int(0.03 * rate), int(0.01 * rate)
    if len(mono) < frame or frame == 0:
        return Speech(0.0, None, None)
    starts = np.arange(0, len(mono) - frame + 1, hop)
    frames = np.stack([mono[s:s + frame] for s in starts])
    db = 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-12)
    active = (db > floor_db) & (db > np.percentile(db, 10) + above_noise_db)
    active = _smooth(active, fill=20, drop=10)
    if not active.any():
        return Speech(0.0, None, None)
    idx = np.flatnonzero(active)
    return Speech(float(active.mean()), int(starts[idx[0]] * 1000 / rate),
                  int((starts[idx[-1]] + frame) * 1000 / rate))


def _runs(mask: np.ndarray) -> list[tuple[int, int, bool]]:
    edges = np.flatnonzero(np.diff(mask.astype(np.int8))) + 1
    bounds = np.r_[0, edges, len(mask)]
    return [(int(a), int(b), bool(mask[a])) for a, b in pairwise(bounds)]


def _smooth(active: np.ndarray, *, fill: int, drop: int) -> np.ndarray:
    """Fill interior gaps shorter than ``fill`` frames, then drop runs shorter than ``drop``."""
    out = active.copy()
    for a, b, value in _runs(out):
        if not value and b - a < fill and a > 0 and b < len(out):
            out[a:b] = True
    for a, b, value in _runs(out):
        if value and b - a < drop:
            out[a:b] = False
    return out
