"""File-naming operator parameters are declared (``param(..., path=KIND)``) and resolved."""

from __future__ import annotations

import dataclasses
import re

import pytest

from jingshu.corpus.paths import PathParam, Resolved, local_files, path_fields
from jingshu.corpus.recipe import parse_recipe_text
from jingshu.corpus.registry import OPERATORS
from jingshu.errors import ConfigError

_FILE_WORDS = re.compile(r"path|file|model|dir|folder|wordlist", re.I)


def test_every_parameter_that_names_a_file_is_declared_as_one() -> None:
    """A new operator reading a file named by a parameter must declare it, or the server
    would open whatever path a recipe sent (issue 10)."""
    undeclared = []
    for name, cls in OPERATORS.items():
        if not dataclasses.is_dataclass(cls.Params):
            continue
        declared = path_fields(cls.Params)
        for f in dataclasses.fields(cls.Params):
            if _FILE_WORDS.search(f.name) and f.name not in declared:
                undeclared.append(f"{name}.{f.name}")
    assert undeclared == []
    assert path_fields(OPERATORS["quality_score"].Params) == {"model": "quality_model"}
    assert path_fields(OPERATORS["pii_redact"].Params) == {"model": "pii_model"}


def test_the_resolver_runs_before_any_operator_is_built() -> None:
    seen: list[tuple[PathParam, str]] = []

    def refuse(param: PathParam, value: str) -> Resolved:
        seen.append((param, value))
        raise ConfigError(f"{param.where}: refused")

    with pytest.raises(ConfigError, match=r"^r: step 2 \(quality_score\), parameter 'model': "):
        parse_recipe_text("name: x\nsteps:\n  - op: text_length\n  - op: quality_score\n"
                          "    params: {model: /etc/shadow}\n", source="r", resolve=refuse)
    assert seen == [(PathParam("r", 2, "quality_score", "model", "quality_model"),
                     "/etc/shadow")]


def test_plain_python_takes_paths_and_asks_for_the_platform_for_artefacts() -> None:
    param = PathParam("r", 1, "quality_score", "model", "quality_model")
    assert local_files(param, "/tmp/q.npz") == Resolved("/tmp/q.npz", "/tmp/q.npz")
    with pytest.raises(ConfigError, match="artefact registry"):
        local_files(param, "artefact:3")
    with pytest.raises(ConfigError, match="must be a file reference"):
        parse_recipe_text("name: x\nsteps:\n  - op: quality_score\n    params: {model: 3}\n")
