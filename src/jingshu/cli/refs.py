"""How commands take datasets and files: ``NAME[@VERSION]`` and existing paths, one way.

Every command names a catalog dataset as ``NAME`` or ``NAME@VERSION`` (``@latest``
allowed), either as an argument or in a ``--…-dataset`` option, and a file or folder to
read as a path that must exist (checked before anything runs). The old
``dataset:NAME[@VERSION]`` values of ``--input``/``--output``/``--good``/``--bad`` still
work for now, with a warning naming the option to use instead.
"""

from __future__ import annotations

from typing import Any

import click

from jingshu.catalog.service import parse_ref
from jingshu.errors import InputError

__all__ = ["DATASET_REF", "LEGACY_PREFIX", "DatasetRef", "InputPath", "legacy_dataset"]

LEGACY_PREFIX = "dataset:"


class DatasetRef(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """``NAME`` or ``NAME@VERSION``, checked when the command line is parsed."""

    name = "NAME[@VERSION]"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value)
        try:
            parse_ref(text)
        except InputError as exc:
            self.fail(f"{exc.message} ({exc.hint})", param, ctx)
        return text


DATASET_REF = DatasetRef()


class InputPath(click.Path):
    """An existing file or folder; a legacy ``dataset:REF`` value passes through."""

    def __init__(self, *, dir_okay: bool = True, exists: bool = True) -> None:
        super().__init__(exists=exists, dir_okay=dir_okay)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.startswith(LEGACY_PREFIX):
            return value
        return super().convert(value, param, ctx)


def legacy_dataset(value: str | None, option: str, instead: str) -> str | None:
    """The ``NAME[@VERSION]`` of a deprecated ``dataset:`` value (with a warning), else None.

    Args:
        value: What was given to ``option``.
        option: The option it was given to, e.g. ``--input``.
        instead: The option to use instead, e.g. ``--input-dataset``.
    """
    if value is None or not value.startswith(LEGACY_PREFIX):
        return None
    ref = DATASET_REF.convert(value[len(LEGACY_PREFIX):], None, None)
    click.echo(f"warning: {option} {value} is deprecated; use {instead} {ref}", err=True)
    return ref
