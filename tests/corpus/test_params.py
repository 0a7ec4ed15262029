"""Operator parameters: strict pydantic models with recipe-shaped errors."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from pydantic import Field

from jingshu.corpus.params import ArtefactPath, OperatorParams, build_params, describe_type
from jingshu.corpus.paths import path_fields
from jingshu.errors import ConfigError


class _Params(OperatorParams):
    ratio: float = Field(0.5, ge=0.0, le=1.0, description="a share")
    count: int | None = Field(None, ge=1, description="a count")
    names: tuple[str, ...] = Field(("a",), description="some names")
    mode: Literal["x", "y"] = Field("x", description="a choice")
    model: Annotated[str, ArtefactPath("quality_model")] = Field("", description="a file")


def _error(**values: object) -> str:
    with pytest.raises(ConfigError) as info:
        build_params(_Params, values, where="step 1 (t)")
    return str(info.value)


def test_recipe_values_are_converted_as_yaml_gives_them() -> None:
    p = build_params(_Params, {"ratio": 1, "names": ["b", "c"], "count": 3}, where="t")
    assert (p.ratio, p.names, p.count) == (1.0, ("b", "c"), 3)
    assert isinstance(p.ratio, float) and isinstance(p.names, tuple)


@pytest.mark.parametrize(("values", "expected"), [
    ({"ratio": "0.3"}, "parameter 'ratio' must be float, got '0.3' (str)"),
    ({"ratio": True}, "parameter 'ratio' must be float, got True (bool)"),
    ({"count": 2.0}, "parameter 'count' must be int or null, got 2.0 (float)"),
    ({"count": 0}, "parameter 'count' must be in [1, +inf], got 0"),
    ({"names": [1]}, "parameter 'names' must be list of str, got [1] (list)"),
    ({"mode": "z"}, "parameter 'mode' must be one of 'x', 'y', got 'z' (str)"),
])
def test_bad_values_name_parameter_and_expected_type(values: dict[str, object],
                                                     expected: str) -> None:
    assert f"step 1 (t): {expected}" in _error(**values)


def test_first_bad_parameter_in_the_order_written_is_named() -> None:
    assert "'mode'" in _error(mode="z", ratio=2.0)
    assert "'ratio'" in _error(ratio=2.0, mode="z")


def test_unknown_parameter_suggests_the_closest() -> None:
    with pytest.raises(ConfigError) as info:
        build_params(_Params, {"ratoi": 0.1}, where="t")
    assert info.value.message == "t: unknown parameter 'ratoi'"
    assert info.value.hint == "did you mean 'ratio'?"


def test_params_are_frozen_and_declare_their_files() -> None:
    p = build_params(_Params, {}, where="t")
    with pytest.raises(ValueError, match="frozen"):
        p.ratio = 0.1  # type: ignore[misc]
    assert path_fields(_Params) == {"model": "quality_model"}
    assert describe_type(_Params.model_fields["count"].annotation) == "int or null"
