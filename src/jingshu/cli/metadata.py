"""The dataset metadata options shared by ``dataset import`` and ``dataset set``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity

__all__ = ["metadata_changes", "metadata_options"]

F = TypeVar("F", bound=Callable[..., Any])

_ENUMS: dict[str, type[Any]] = {
    "open_tier": OpenTier,
    "grade": Grade,
    "sensitivity": Sensitivity,
    "modality": Modality,
}
# option name -> DatasetSpec field
_FIELDS = {
    "title": "title",
    "description": "description",
    "organization": "organization",
    "theme": "theme",
    "keywords": "keywords",
    "license": "license",
    "languages": "languages",
    "modality": "modality",
    "update_frequency": "update_frequency",
    "tier": "open_tier",
    "grade": "grade",
    "sensitivity": "sensitivity",
}


def _choice(enum: type[Any]) -> click.Choice[str]:
    return click.Choice([e.value for e in enum])


def metadata_options(func: F) -> F:
    """Add one option per changeable metadata field; all default to "not given"."""
    options = [
        click.option("--title", help="Human title, e.g. 高质量中文语料."),
        click.option("--description", help="What the data is, where it comes from."),
        click.option("--organization", help="Publishing organization (its name)."),
        click.option("--theme", help="Theme of the catalog, e.g. 教育."),
        click.option("--keyword", "keywords", multiple=True, help="A keyword (repeatable)."),
        click.option("--license", help="License identifier, e.g. CC-BY-4.0."),
        click.option("--language", "languages", multiple=True,
                     help="Language code (repeatable); zh when none is given on import."),
        click.option("--modality", type=_choice(Modality), help="Kind of data."),
        click.option("--update-frequency", help="How often it is updated, e.g. monthly."),
        click.option("--tier", type=_choice(OpenTier),
                     help="Open tier: 无条件开放 / 有条件开放 / 不予开放."),
        click.option("--grade", type=_choice(Grade), help="Data grade (GB/T 43697-2024)."),
        click.option("--sensitivity", type=_choice(Sensitivity), help="Sensitivity level."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def metadata_changes(params: dict[str, Any]) -> dict[str, Any]:
    """The DatasetSpec fields the user gave, typed; omitted options are left out."""
    changes: dict[str, Any] = {}
    for option, field in _FIELDS.items():
        value = params.get(option)
        if value is None or value == ():
            continue
        if field in _ENUMS:
            value = _ENUMS[field](value)
        elif isinstance(value, tuple):
            value = tuple(value)
        changes[field] = value
    return changes
