"""Typed operator parameters: pydantic models, declared once and validated before work.

An operator's ``Params`` subclasses :class:`OperatorParams`; each field is a pydantic
field whose type hint is the parameter's type, with its default, range (``ge``/``le``)
and help line (``description``)::

    class CjkRatioParams(OperatorParams):
        min_ratio: float = Field(0.3, ge=0.0, le=1.0, description="smallest share of Han")

A parameter that names a file the operator reads is marked with
:class:`ArtefactPath` (``Annotated[str | None, ArtefactPath("pii_model")]``). The same
declaration drives recipe validation, Python construction and the docs. Types are
strict, as in a recipe: ``1`` is a valid float, but ``"0.3"`` or ``True`` is not a
number; a YAML list is accepted where a tuple is declared.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, Union

import annotated_types
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic.fields import FieldInfo

from jingshu.errors import ConfigError

__all__ = [
    "ArtefactPath",
    "NoParams",
    "OperatorParams",
    "build_params",
    "describe_type",
    "field_range",
    "suggest",
]

P = TypeVar("P", bound="OperatorParams")


class OperatorParams(BaseModel):
    """Base of every operator's parameters: frozen, strict, no unknown names."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _lists_as_tuples(cls, data: Any) -> Any:
        """Recipes are YAML, which has lists, not tuples: accept a list for a tuple."""
        if isinstance(data, dict):
            return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return data


class NoParams(OperatorParams):
    """Parameters of an operator that takes none."""


@dataclass(frozen=True)
class ArtefactPath:
    """Marks a parameter that names a file the operator reads.

    Recipes sent to the server must reference a registered artefact of this kind
    there, never a path (see :mod:`jingshu.corpus.paths`).

    Args:
        kind: The kind of artefact (``quality_model``, ``pii_model``).
    """

    kind: str


def suggest(name: str, valid: list[str]) -> str:
    """A ``did you mean`` hint naming the closest valid name, or listing them all.

    Args:
        name: The unknown name.
        valid: The names that would have been accepted.
    """
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    return "valid names: " + ", ".join(sorted(valid)) if valid else "it takes no parameters"


def describe_type(tp: Any) -> str:
    """A short human name for a parameter type (``float``, ``one of 'a', 'b'``)."""
    origin = typing.get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin in (Union, types.UnionType):
        return " or ".join(describe_type(a) for a in typing.get_args(tp))
    if origin is tuple:
        return f"list of {describe_type(typing.get_args(tp)[0])}"
    return "null" if tp is type(None) else getattr(tp, "__name__", str(tp))


def field_range(f: FieldInfo) -> tuple[float | None, float | None]:
    """The declared (``ge``, ``le``) of a field; ``None`` where unbounded."""
    ge = next((m.ge for m in f.metadata if isinstance(m, annotated_types.Ge)), None)
    le = next((m.le for m in f.metadata if isinstance(m, annotated_types.Le)), None)
    return ge, le  # type: ignore[return-value]


def _problem(params_type: type[OperatorParams], key: str, value: Any, where: str,
             error_type: str) -> ConfigError:
    """The error for one bad parameter: out of range, or of the wrong type."""
    f = params_type.model_fields[key]
    if error_type in ("greater_than_equal", "less_than_equal"):
        ge, le = field_range(f)
        low = "-inf" if ge is None else ge
        high = "+inf" if le is None else le
        return ConfigError(
            f"{where}: parameter {key!r} must be in [{low}, {high}], got {value!r}",
            hint=f"set {key} to a value between {low} and {high}",
        )
    return ConfigError(
        f"{where}: parameter {key!r} must be {describe_type(f.annotation)}, "
        f"got {value!r} ({type(value).__name__})",
        hint=f"fix {key} in the recipe",
    )


def build_params(params_type: type[P], values: Mapping[str, Any], *, where: str) -> P:
    """Validate ``values`` against the operator's ``Params`` model and build it.

    Args:
        params_type: The operator's ``Params`` (an :class:`OperatorParams`).
        values: Parameter values from a recipe or a Python call.
        where: What to name in errors, e.g. ``step 2 (cjk_ratio)``.

    Raises:
        ConfigError: Unknown parameter (with the closest valid name), wrong type or
            value out of range (with the expected type or range); the first bad
            parameter in the order given.
    """
    valid = list(params_type.model_fields)
    for key in values:
        if key not in params_type.model_fields:
            raise ConfigError(f"{where}: unknown parameter {key!r}", hint=suggest(key, valid))
    try:
        return params_type.model_validate(dict(values))
    except ValidationError as exc:
        bad = {str(e["loc"][0]): e["type"] for e in exc.errors() if e["loc"]}
        key = next(k for k in values if k in bad)
        raise _problem(params_type, key, values[key], where, bad[key]) from None
