"""Image quality filters: decode check, size, aspect ratio, blur and exposure."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
from PIL import Image, ImageOps
from pydantic import Field

from jingshu.corpus.document import Document
from jingshu.corpus.ops.base import Filter, FilterResult
from jingshu.corpus.params import NoParams, OperatorParams
from jingshu.media.ops.base import MediaFilter, MediaStep

__all__ = ["AspectRatioFilter", "BlurFilter", "DecodeCheck", "ExposureFilter",
           "ImageSizeFilter", "laplacian_variance", "luminance_stats"]


def _grey(im: Image.Image, side: int = 512) -> np.ndarray:
    """Displayed image in grey, reduced to at most ``side`` px (measures are per pixel)."""
    grey = (ImageOps.exif_transpose(im) or im).convert("L")
    grey.thumbnail((side, side), Image.Resampling.BILINEAR)
    return np.asarray(grey, dtype=np.float64)


def laplacian_variance(im: Image.Image) -> float:
    """Variance of the 4-neighbour Laplacian of the grey image (at most 512 px a side).

    The focus measure of Pech-Pacheco et al. (2000, "Diatom autofocusing in brightfield
    microscopy: a comparative study"): sharp images have strong second derivatives.
    """
    g = _grey(im)
    if min(g.shape) < 3:
        return 0.0
    lap = (g[:-2, 1:-1] + g[2:, 1:-1] + g[1:-1, :-2] + g[1:-1, 2:] - 4 * g[1:-1, 1:-1])
    return float(lap.var())


def luminance_stats(im: Image.Image) -> tuple[float, float, float]:
    """Mean grey level (0–255), share of pixels at most 5 and share at least 250."""
    g = _grey(im)
    return float(g.mean()), float((g <= 5).mean()), float((g >= 250).mean())


class DecodeCheck(MediaStep, Filter[Any]):
    """Drop rows whose image did not decode at import (truncated, wrong extension,
    decompression bomb, missing file), counting them by the import's reason."""

    name = "decode_check"
    Params = NoParams

    def filter(self, doc: Document) -> FilterResult:
        error = doc.metadata.get("error")
        if error:
            return False, str(error).split(":", 1)[0]
        if not doc.metadata.get(self.sha_column()):
            return False, "no media"
        return True


class SizeParams(OperatorParams):
    min_width: int = Field(64, ge=1, description="narrowest image kept, px")
    min_height: int = Field(64, ge=1, description="lowest image kept, px")
    max_pixels: int = Field(89_478_485, ge=1, description="most pixels (Pillow's bomb limit)")


class ImageSizeFilter(MediaFilter):
    """Drop images smaller than ``min_width`` × ``min_height`` or over ``max_pixels``.

    Defaults: jingshu's own choice (64 px is below any useful training crop).
    """

    name = "image_size"
    Params = SizeParams

    def keep(self, doc: Document) -> FilterResult:
        w, h = int(doc.metadata.get("width") or 0), int(doc.metadata.get("height") or 0)
        if w < self.params.min_width or h < self.params.min_height:
            return False, "too small"
        if w * h > self.params.max_pixels:
            return False, "too large"
        return True


class AspectParams(OperatorParams):
    max_ratio: float = Field(3.0, ge=1.0, description="largest long side / short side")


class AspectRatioFilter(MediaFilter):
    """Drop banners and strips: long side over ``max_ratio`` times the short side
    (3.0 as Data-Juicer's ``image_aspect_ratio_filter`` default ``max_ratio``)."""

    name = "image_aspect"
    Params = AspectParams

    def keep(self, doc: Document) -> FilterResult:
        w, h = int(doc.metadata.get("width") or 0), int(doc.metadata.get("height") or 0)
        if min(w, h) == 0 or max(w, h) / min(w, h) > self.params.max_ratio:
            return False, "aspect ratio"
        return True


class BlurParams(OperatorParams):
    min_variance: float = Field(100.0, ge=0.0, description="smallest variance of the Laplacian")


class BlurFilter(MediaFilter):
    """Drop blurred images: variance of the Laplacian below ``min_variance``.

    100 is the threshold A. Rosebrock's "Blur detection with OpenCV" (2015) starts
    from; it depends on the content, so check the report's drop examples.
    """

    name = "image_blur"
    Params = BlurParams
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (("blur_variance", pa.float64()),)

    def keep(self, doc: Document) -> FilterResult:
        value = laplacian_variance(self.image(doc))
        doc.metadata["blur_variance"] = round(value, 2)
        return value >= self.params.min_variance or (False, "blurred")


class ExposureParams(OperatorParams):
    min_mean: float = Field(20.0, ge=0.0, le=255.0, description="darkest mean grey kept")
    max_mean: float = Field(235.0, ge=0.0, le=255.0, description="brightest mean grey kept")
    max_clipped: float = Field(0.5, ge=0.0, le=1.0,
                               description="largest share of pixels at 0–5 or 250–255")


class ExposureFilter(MediaFilter):
    """Drop under- or over-exposed images by mean grey level and clipped share
    (defaults: jingshu's own choice)."""

    name = "image_exposure"
    Params = ExposureParams
    adds: ClassVar[tuple[tuple[str, pa.DataType], ...]] = (("mean_luminance", pa.float64()),)

    def keep(self, doc: Document) -> FilterResult:
        mean, dark, bright = luminance_stats(self.image(doc))
        doc.metadata["mean_luminance"] = round(mean, 2)
        if mean < self.params.min_mean or dark > self.params.max_clipped:
            return False, "underexposed"
        if mean > self.params.max_mean or bright > self.params.max_clipped:
            return False, "overexposed"
        return True
