"""Typed operator parameters, declared once as dataclasses and validated before work.

An operator's ``Params`` is a frozen dataclass; each field's type hint is the
parameter's type, and :func:`param` adds a range or a list of choices. The same
declaration drives recipe validation, Python construction and the docs.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, Union

from jingshu.errors import ConfigError

__all__ = ["NoParams", "build_params", "describe_type", "param", "suggest"]

T = TypeVar("T")


@dataclass(frozen=True)
class NoParams:
    """Parameters of an operator that takes none."""


def param(default: T, *, ge: float | None = None, le: float | None = None, help: str = "",
          path: str | None = None) -> T:
    """Declare a parameter field with a default, an optional range and a help line.

    Args:
        default: The value used when a recipe does not set the parameter.
        ge: Smallest allowed value (numbers only).
        le: Largest allowed value (numbers only).
        help: One line for the operator reference.
        path: The parameter names a file the operator reads; this is the kind of
            artefact it must be (``quality_model``, ``pii_model``). Recipes sent to
            the server must reference a registered artefact there, never a path
            (see :mod:`jingshu.corpus.paths`).
    """
    meta = {"ge": ge, "le": le, "help": help, "path": path}
    return field(default=default, metadata=meta)


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


def _coerce(tp: Any, value: Any) -> tuple[bool, Any]:
    """Return (ok, value converted to ``tp``)."""
    origin = typing.get_origin(tp)
    if origin is Literal:
        return value in typing.get_args(tp), value
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(tp):
            ok, out = _coerce(arg, value)
            if ok:
                return True, out
        return False, value
    if origin is tuple:
        if not isinstance(value, list | tuple):
            return False, value
        item = typing.get_args(tp)[0]
        converted = [_coerce(item, v) for v in value]
        return all(ok for ok, _ in converted), tuple(v for _, v in converted)
    if tp is type(None):
        return value is None, value
    if tp is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ok, float(value) if ok else value
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    return isinstance(value, tp), value


def _check_range(f: dataclasses.Field[Any], value: Any, where: str) -> None:
    ge, le = f.metadata.get("ge"), f.metadata.get("le")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return
    if (ge is not None and value < ge) or (le is not None and value > le):
        low = "-inf" if ge is None else ge
        high = "+inf" if le is None else le
        raise ConfigError(
            f"{where}: parameter {f.name!r} must be in [{low}, {high}], got {value!r}",
            hint=f"set {f.name} to a value between {low} and {high}",
        )


def build_params(params_type: type[Any], values: Mapping[str, Any], *, where: str) -> Any:
    """Validate ``values`` against the dataclass ``params_type`` and build it.

    Args:
        params_type: The operator's ``Params`` dataclass.
        values: Parameter values from a recipe or a Python call.
        where: What to name in errors, e.g. ``step 2 (cjk_ratio)``.

    Raises:
        ConfigError: Unknown parameter (with the closest valid name), wrong type or
            value out of range (with the expected type or range).
    """
    hints = typing.get_type_hints(params_type)
    fields = {f.name: f for f in dataclasses.fields(params_type)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in fields:
            raise ConfigError(
                f"{where}: unknown parameter {key!r}", hint=suggest(key, list(fields))
            )
        ok, converted = _coerce(hints[key], value)
        if not ok:
            raise ConfigError(
                f"{where}: parameter {key!r} must be {describe_type(hints[key])}, "
                f"got {value!r} ({type(value).__name__})",
                hint=f"fix {key} in the recipe",
            )
        _check_range(fields[key], converted, where)
        kwargs[key] = converted
    return params_type(**kwargs)
