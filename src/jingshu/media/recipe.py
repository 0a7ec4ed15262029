"""Media recipes: YAML like corpus recipes, plus ``media`` and ``text``.

::

    name: img-text
    description: ...
    media: image          # or audio: which sha256 column the media operators read
    text: caption         # optional: the column text operators clean and judge
    steps:
      - op: decode_check
      - op: pii_redact    # a corpus text operator, over the caption

Whole-dataset steps (``image_dedup``) run after every per-row step, so they must come
last. Built-in recipes: ``img-release``, ``img-text``, ``audio-speech``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jingshu.corpus.ops.base import Operator
from jingshu.corpus.params import suggest
from jingshu.corpus.recipe import Step
from jingshu.errors import ConfigError
from jingshu.media.ops.base import MediaStep
from jingshu.media.registry import operator_class

__all__ = ["BUILTIN_MEDIA_RECIPES", "MediaRecipe", "build_media_operators", "load_media_recipe"]

BUILTIN_MEDIA_RECIPES = ("img-release", "img-text", "audio-speech")
_TOP_KEYS = ("name", "description", "media", "text", "steps")


@dataclass(frozen=True)
class MediaRecipe:
    """A validated media recipe.

    Args:
        name: recipe name.
        description: what data it is for.
        media: ``image`` or ``audio``.
        text: the column text operators see (``None``: no text steps allowed).
        steps: operators in order.
        source: where it was read from.
    """

    name: str
    description: str
    media: str
    text: str | None
    steps: tuple[Step, ...]
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain form, to store the recipe with the output it made."""
        return {"name": self.name, "description": self.description, "media": self.media,
                "text": self.text, "steps": [{"op": s.op, "params": s.params} for s in self.steps]}


def parse_media_recipe(data: Any, source: str) -> MediaRecipe:
    """Validate recipe data; errors name the step, operator and parameter.

    Raises:
        ConfigError: anything wrong.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a media recipe is a mapping with name, media, steps")
    unknown = [k for k in data if k not in _TOP_KEYS]
    if unknown:
        raise ConfigError(f"{source}: unknown key {unknown[0]!r}",
                          hint=f"keys: {', '.join(_TOP_KEYS)}")
    media = data.get("media", "image")
    if media not in ("image", "audio"):
        raise ConfigError(f"{source}: media={media!r}", hint="use image or audio")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise ConfigError(f"{source}: 'steps' must be a non-empty list of operators")
    steps = tuple(_step(i, raw, source) for i, raw in enumerate(raw_steps, start=1))
    recipe = MediaRecipe(str(data.get("name") or Path(source).stem),
                         str(data.get("description") or ""), media, data.get("text"), steps,
                         source)
    build_media_operators(recipe)
    return recipe


def _step(index: int, raw: Any, source: str) -> Step:
    if not isinstance(raw, dict) or not isinstance(raw.get("op"), str):
        raise ConfigError(f"{source}: step {index} must be a mapping with 'op' (and 'params')")
    for key in raw:
        if key not in ("op", "params"):
            raise ConfigError(f"{source}: step {index} ({raw['op']}): unknown key {key!r}",
                              hint=f"{suggest(str(key), ['op', 'params'])} An operator's "
                                   "parameters go under 'params'")
    if operator_class(raw["op"]) is None:
        raise ConfigError(f"{source}: step {index}: unknown operator {raw['op']!r}",
                          hint="see docs/guides/multimodal.md for media operators")
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        raise ConfigError(f"{source}: step {index} ({raw['op']}): 'params' must be a mapping")
    return Step(op=raw["op"], params=params)


def build_media_operators(recipe: MediaRecipe) -> list[Operator[Any]]:
    """Construct the operators in order, checking their kinds fit the recipe.

    Raises:
        ConfigError: bad parameters; a text step without ``text``; a media step of the
            other media; a per-row step after a whole-dataset one.
    """
    ops: list[Operator[Any]] = []
    for index, step in enumerate(recipe.steps, start=1):
        cls = operator_class(step.op)
        assert cls is not None
        where = f"{recipe.source}: step {index} ({step.op})"
        try:
            op = cls(**step.params)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc.message}", hint=exc.hint) from None
        _check_fits(op, recipe, where, ops)
        ops.append(op)
    return ops


def _check_fits(op: Operator[Any], recipe: MediaRecipe, where: str,
                before: list[Operator[Any]]) -> None:
    if isinstance(op, MediaStep):
        if op.media != recipe.media:
            raise ConfigError(f"{where}: an operator for {op.media} in a recipe for {recipe.media}",
                              hint="remove it or change the recipe's media")
    elif getattr(op, "whole_dataset", False):
        raise ConfigError(f"{where}: whole-dataset text steps are not run by media recipes",
                          hint="use exact_dedup or caption_dedup for captions")
    elif recipe.text is None:
        raise ConfigError(f"{where}: a text operator but the recipe names no text column",
                          hint="add e.g. 'text: caption' to the recipe")
    if not getattr(op, "whole_dataset", False) and any(
            getattr(b, "whole_dataset", False) for b in before):
        raise ConfigError(f"{where}: per-row steps must come before whole-dataset steps",
                          hint="move image_dedup to the end of the recipe")


def load_media_recipe(name_or_path: str | Path) -> MediaRecipe:
    """A built-in media recipe by name, or a recipe file by path.

    Raises:
        ConfigError: missing file or invalid recipe.
    """
    key = str(name_or_path)
    if key in BUILTIN_MEDIA_RECIPES:
        text = resources.files("jingshu.media").joinpath(f"recipes/{key}.yaml").read_text("utf-8")
        source = f"builtin:{key}"
    else:
        path = Path(key)
        if not path.is_file():
            raise ConfigError(f"media recipe {key!r}: no such file and not a built-in recipe",
                              hint=f"use a YAML path or one of: {', '.join(BUILTIN_MEDIA_RECIPES)}")
        text, source = path.read_text("utf-8"), str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}") from None
    return parse_media_recipe(data, source)
