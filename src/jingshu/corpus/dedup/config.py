"""The one configuration shared by every deduplication step.

Bands and rows are derived from the target Jaccard ``threshold`` the way *Mining of
Massive Datasets* (Leskovec, Rajaraman, Ullman, ch. 3.4) describes LSH banding: with
``b`` bands of ``r`` rows, two documents of Jaccard similarity ``s`` become candidates
with probability ``1 - (1 - s**r)**b`` (the S-curve). Among the ``(b, r)`` with
``b * r <= num_perm`` we pick the one that minimises the weighted area of false
positives (below the threshold) and false negatives (above it); false negatives weigh
more when candidates are verified, since verification removes false positives.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

from jingshu.errors import ConfigError

__all__ = ["KeepRule", "NearDedupConfig", "ShingleUnit", "candidate_probability"]

KeepRule = Literal["earliest", "longest", "quality"]
ShingleUnit = Literal["char", "word"]
_KEEP_RULES = ("earliest", "longest", "quality")


def candidate_probability(similarity: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """P(two documents share a band) at each Jaccard ``similarity``: ``1-(1-s^r)^b``.

    Args:
        similarity: Jaccard similarities in [0, 1].
        bands: Number of LSH bands.
        rows: Signature rows per band.
    """
    return np.asarray(1.0 - (1.0 - similarity**rows) ** bands, dtype=np.float64)


def _band_error(threshold: float, bands: int, rows: int, fn_weight: float) -> float:
    low = np.linspace(0.0, threshold, 200)
    high = np.linspace(threshold, 1.0, 200)
    false_pos = float(np.trapezoid(candidate_probability(low, bands, rows), low))
    false_neg = float(np.trapezoid(1.0 - candidate_probability(high, bands, rows), high))
    return (1.0 - fn_weight) * false_pos + fn_weight * false_neg


@dataclass(frozen=True)
class NearDedupConfig:
    """Parameters of exact, line and near-duplicate removal, shared by all steps.

    Args:
        threshold: Target Jaccard similarity of shingle sets; pairs at or above it
            are duplicates (with ``verify``, exactly; without, by LSH probability).
        ngram: Shingle length: characters for ``unit="char"``, words for ``"word"``.
        num_perm: Signature length (MinHash values per document).
        bands: LSH bands; ``None`` derives bands and rows from ``threshold``.
        seed: Seed of every hash function; the same seed gives the same result.
        unit: ``char`` shingles (Chinese, Japanese, unspaced scripts) or ``word``.
        verify: Merge a candidate pair only when its true shingle Jaccard reaches
            ``threshold``.
        keep: Which document of a cluster survives: ``earliest`` (input order),
            ``longest`` or ``quality`` (highest ``metadata[quality_key]``).
        quality_key: Metadata field read by ``keep="quality"``.
        line_min_docs: Lines found in at least this many documents are ignored for
            hashing (site boilerplate, CCNet-style); 0 turns line counting off.
        exact: Also remove exact duplicates of the normalized text.
    """

    threshold: float = 0.7
    ngram: int = 5
    num_perm: int = 128
    bands: int | None = None
    seed: int = 42
    unit: ShingleUnit = "char"
    verify: bool = False
    keep: KeepRule = "earliest"
    quality_key: str = "quality_score"
    line_min_docs: int = 0
    exact: bool = True

    def __post_init__(self) -> None:
        checks = [
            (0.0 < self.threshold <= 1.0, "threshold", "a Jaccard similarity in (0, 1]"),
            (1 <= self.ngram <= 32, "ngram", "between 1 and 32"),
            (8 <= self.num_perm <= 1024, "num_perm", "between 8 and 1024"),
            (self.bands is None or 1 <= self.bands <= self.num_perm, "bands", "1..num_perm"),
            (self.unit in ("char", "word"), "unit", "'char' or 'word'"),
            (self.keep in _KEEP_RULES, "keep", "one of " + ", ".join(_KEEP_RULES)),
            (self.line_min_docs >= 0, "line_min_docs", ">= 0 (0 turns it off)"),
        ]
        for ok, name, expected in checks:
            if not ok:
                value = getattr(self, name)
                raise ConfigError(f"dedup parameter {name}={value!r} is invalid",
                                  hint=f"{name} must be {expected}")

    @cached_property
    def band_rows(self) -> tuple[int, int]:
        """``(bands, rows)``: given, or derived from ``threshold`` and ``num_perm``."""
        if self.bands is not None:
            return self.bands, self.num_perm // self.bands
        fn_weight = 0.8 if self.verify else 0.5
        best = min(
            (_band_error(self.threshold, b, self.num_perm // b, fn_weight), b)
            for b in range(1, self.num_perm + 1)
        )
        return best[1], self.num_perm // best[1]
