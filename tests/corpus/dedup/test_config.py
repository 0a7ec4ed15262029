"""Bands and rows derived from the threshold; parameters checked."""

from __future__ import annotations

import numpy as np
import pytest

from jingshu.corpus.dedup.config import NearDedupConfig, candidate_probability
from jingshu.errors import ConfigError


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.85])
def test_s_curve_crosses_one_half_near_the_threshold(threshold: float) -> None:
    bands, rows = NearDedupConfig(threshold=threshold).band_rows
    assert bands * rows <= 128
    middle = (1 / bands) ** (1 / rows)  # where the S-curve is steepest
    assert abs(middle - threshold) < 0.12
    low, high = candidate_probability(np.array([threshold - 0.3, threshold + 0.15]), bands, rows)
    assert low < 0.2 and high > 0.8


def test_verification_favours_recall() -> None:
    plain = NearDedupConfig(threshold=0.7).band_rows
    verified = NearDedupConfig(threshold=0.7, verify=True).band_rows
    p = [candidate_probability(np.array([0.7]), *br)[0] for br in (plain, verified)]
    assert p[1] > p[0]


def test_explicit_bands() -> None:
    assert NearDedupConfig(num_perm=128, bands=16).band_rows == (16, 8)


@pytest.mark.parametrize("field,value", [("threshold", 0.0), ("num_perm", 4),
                                         ("keep", "newest"), ("line_min_docs", -1)])
def test_bad_parameter_named(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=field):
        NearDedupConfig(**{field: value})  # type: ignore[arg-type]
