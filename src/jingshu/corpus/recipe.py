"""YAML recipes: an ordered list of operators with parameters, validated before work.

A recipe file::

    name: zh-web
    description: crawled Chinese web text
    steps:
      - op: cjk_ratio
        params: {min_ratio: 0.3}

:func:`load_recipe` takes a built-in name (``zh-web``, ``zh-docs``, ``zh-sft``) or a
path, and checks everything (operator names, parameter names, types, ranges and
optional packages) so that a recipe error stops a run before any document is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jingshu.corpus.ops.base import Operator
from jingshu.corpus.params import suggest
from jingshu.corpus.paths import PathParam, PathResolver, local_files, path_fields
from jingshu.corpus.registry import OPERATORS
from jingshu.errors import ConfigError

__all__ = [
    "BUILTIN_RECIPES",
    "Recipe",
    "Step",
    "build_operators",
    "load_recipe",
    "parse_recipe",
    "parse_recipe_text",
    "resolve_paths",
]

BUILTIN_RECIPES = ("zh-docs", "zh-sft", "zh-web")
_TOP_KEYS = ["name", "description", "steps"]
_STEP_KEYS = ["op", "params"]


@dataclass(frozen=True)
class Step:
    """One operator of a recipe.

    Args:
        op: Registry name of the operator.
        params: Parameter values; unset ones keep the operator's defaults.
        written: The parameters as the recipe wrote them, where a file-naming one was
            resolved to a local path (see :func:`resolve_paths`); what is recorded.
    """

    op: str
    params: dict[str, Any] = field(default_factory=dict)
    written: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Recipe:
    """A validated recipe.

    Args:
        name: Recipe name.
        description: What data it is for.
        steps: Operators in order.
        source: Where it was read from (file path or ``builtin:NAME``).
    """

    name: str
    description: str
    steps: tuple[Step, ...]
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain form, to store the recipe with the output it made."""
        steps = [{"op": s.op, "params": dict(s.params if s.written is None else s.written)}
                 for s in self.steps]
        return {"name": self.name, "description": self.description, "steps": steps}


def _parse_step(index: int, raw: Any, where: str) -> Step:
    label = f"{where}: step {index}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{label} must be a mapping with 'op' and 'params', got {raw!r}")
    for key in raw:
        if key not in _STEP_KEYS:
            raise ConfigError(f"{label}: unknown key {key!r}", hint=suggest(str(key), _STEP_KEYS))
    op = raw.get("op")
    if not isinstance(op, str):
        raise ConfigError(f"{label} needs 'op': the name of an operator")
    if op not in OPERATORS:
        raise ConfigError(f"{label}: unknown operator {op!r}", hint=suggest(op, list(OPERATORS)))
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        raise ConfigError(f"{label} ({op}): 'params' must be a mapping, got {params!r}")
    return Step(op=op, params=params)


def resolve_paths(recipe: Recipe, resolve: PathResolver) -> Recipe:
    """The recipe with every file-naming parameter resolved to a local file.

    Each value marked ``ArtefactPath(KIND)`` goes through ``resolve`` before any
    operator is built, so a resolver that refuses a value does so before any file
    is opened. The steps keep what was written (as the resolver records it).
    """
    steps: list[Step] = []
    for index, step in enumerate(recipe.steps, start=1):
        fields = path_fields(OPERATORS[step.op].Params)
        params, written = dict(step.params), dict(step.params)
        for name, kind in fields.items():
            value = step.params.get(name)
            if value is None or value == "":
                continue
            if not isinstance(value, str):
                raise ConfigError(f"{recipe.source}: step {index} ({step.op}): parameter "
                                  f"{name!r} must be a file reference, got {value!r}")
            resolved = resolve(PathParam(recipe.source, index, step.op, name, kind), value)
            params[name], written[name] = resolved.path, resolved.reference
        steps.append(step if params == step.params and written == step.params
                     else Step(step.op, params, written))
    return Recipe(recipe.name, recipe.description, tuple(steps), recipe.source)


def parse_recipe(data: Any, *, source: str = "<recipe>",
                 resolve: PathResolver | None = None) -> Recipe:
    """Validate recipe data (as read from YAML) and return the :class:`Recipe`.

    Args:
        data: The parsed YAML document.
        source: What to name in errors (a file path).
        resolve: Turns file-naming parameters into local files before operators are
            built (default: paths as written; see :mod:`jingshu.corpus.paths`).

    Raises:
        ConfigError: Anything wrong, naming the step, operator or parameter.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a recipe must be a mapping with name, description, steps")
    for key in data:
        if key not in _TOP_KEYS:
            raise ConfigError(f"{source}: unknown key {key!r}", hint=suggest(str(key), _TOP_KEYS))
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise ConfigError(f"{source}: 'steps' must be a non-empty list of operators")
    recipe = Recipe(
        name=str(data.get("name") or Path(source).stem),
        description=str(data.get("description") or ""),
        steps=tuple(_parse_step(i, raw, source) for i, raw in enumerate(steps, start=1)),
        source=source,
    )
    recipe = resolve_paths(recipe, resolve or local_files)
    build_operators(recipe)  # checks parameters and optional packages
    return recipe


def build_operators(recipe: Recipe) -> list[Operator[Any]]:
    """Construct the recipe's operators, in order.

    Raises:
        ConfigError: A parameter is unknown, of the wrong type or out of range.
        DependencyMissing: An operator needs a package that is not installed.
    """
    ops: list[Operator[Any]] = []
    for index, step in enumerate(recipe.steps, start=1):
        try:
            ops.append(OPERATORS[step.op](**step.params))
        except ConfigError as exc:
            message = exc.message.replace(f"operator {step.op!r}", f"step {index} ({step.op})")
            raise ConfigError(f"{recipe.source}: {message}", hint=exc.hint) from None
    return ops


def _read_yaml(text: str, source: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise ConfigError(f"{source}:{line}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}") from None


def parse_recipe_text(text: str, *, source: str = "<recipe>",
                      resolve: PathResolver | None = None) -> Recipe:
    """Validate a recipe given as YAML text (sent over HTTP, pasted in a form).

    Args:
        text: The YAML document.
        source: What to name in errors.
        resolve: See :func:`parse_recipe`; the server passes one that accepts only
            registered artefacts.

    Raises:
        ConfigError: Not YAML, or an invalid recipe (naming the step and operator).
    """
    return parse_recipe(_read_yaml(text, source), source=source, resolve=resolve)


def load_recipe(name_or_path: str | Path, *, resolve: PathResolver | None = None) -> Recipe:
    """Load and validate a built-in recipe by name, or a recipe file by path.

    Args:
        name_or_path: ``zh-web``, ``zh-docs``, ``zh-sft``, or a path to a YAML file.
        resolve: See :func:`parse_recipe`.

    Raises:
        ConfigError: The file is missing or unreadable, or the recipe is invalid.
    """
    key = str(name_or_path)
    if key in BUILTIN_RECIPES:
        text = resources.files("jingshu.corpus").joinpath(f"recipes/{key}.yaml").read_text("utf-8")
        return parse_recipe(_read_yaml(text, f"builtin:{key}"), source=f"builtin:{key}",
                            resolve=resolve)
    path = Path(key)
    if not path.is_file():
        raise ConfigError(
            f"recipe {key!r}: no such file and not a built-in recipe",
            hint=f"use a YAML path or one of: {', '.join(BUILTIN_RECIPES)}",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"recipe file {path}: cannot be read: {exc}") from None
    return parse_recipe(_read_yaml(text, str(path)), source=str(path), resolve=resolve)
