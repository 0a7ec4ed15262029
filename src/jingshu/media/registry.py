"""Media operator names (``exif_strip``) to classes; text operators come from the corpus."""

from __future__ import annotations

from typing import Any

from jingshu.corpus.ops.base import Operator
from jingshu.corpus.registry import OPERATORS as TEXT_OPERATORS
from jingshu.media.ops.audio import (
    AudioDecodeCheck,
    AudioNormalizer,
    ClippingFilter,
    DurationFilter,
    LoudnessMeter,
    SpeechActivityFilter,
)
from jingshu.media.ops.captions import CaptionDeduplicator
from jingshu.media.ops.image_checks import (
    AspectRatioFilter,
    BlurFilter,
    DecodeCheck,
    ExposureFilter,
    ImageSizeFilter,
)
from jingshu.media.ops.image_dedup import ImageDeduplicator, ImageHasher
from jingshu.media.ops.image_privacy import ExifStripper, FaceBlurrer

__all__ = ["MEDIA_OPERATORS", "operator_class"]

_CLASSES: tuple[type[Operator[Any]], ...] = (
    DecodeCheck, ImageSizeFilter, AspectRatioFilter, BlurFilter, ExposureFilter,
    ExifStripper, FaceBlurrer, ImageHasher, ImageDeduplicator, CaptionDeduplicator,
    AudioDecodeCheck, DurationFilter, AudioNormalizer, LoudnessMeter, ClippingFilter,
    SpeechActivityFilter,
)
MEDIA_OPERATORS: dict[str, type[Operator[Any]]] = {c.name: c for c in _CLASSES}


def operator_class(name: str) -> type[Operator[Any]] | None:
    """The media operator, else the text operator, called ``name``; ``None`` if neither."""
    return MEDIA_OPERATORS.get(name) or TEXT_OPERATORS.get(name)
