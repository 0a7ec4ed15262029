"""Flags every command shares: NAME[@VERSION] checked when parsed, FILE inputs that must
exist, one --format definition, --json for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import click
import pytest

from jingshu.catalog.exporting import EXPORT_FORMATS
from jingshu.cli.main import cli
from jingshu.corpus.executor import OutputFormat
from jingshu.platform import Platform
from tests.cli.conftest import Invoke, as_json
from tests.factories import make_dataset


def _command(*path: str) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None, path
        command = found
    return command


def _format_choices(*path: str) -> list[str]:
    option = next(p for p in _command(*path).params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


@pytest.mark.parametrize("args", [("dataset", "head", "a b"), ("dataset", "show", "x@y@z"),
                                  ("dataset", "profile", "a b"), ("media", "run", "img-release",
                                                                  "a b", "out")])
def test_a_bad_dataset_reference_is_refused_when_parsed(invoke: Invoke,
                                                        args: tuple[str, ...]) -> None:
    result = invoke(*args, code=2)
    assert "is not valid" in result.stderr and "NAME@VERSION" in result.stderr


def test_export_formats_come_from_one_definition() -> None:
    assert _format_choices("dataset", "export") == list(EXPORT_FORMATS)
    assert set(_format_choices("annotate", "export")) >= {"jsonl", "hf"}
    help_text = _command("dataset", "export").get_help(click.Context(cli))
    assert "hf: a Hugging Face folder" in help_text
    assert _format_choices("corpus", "run") == list(get_args(OutputFormat))
    assert set(_format_choices("corpus", "run")) < set(_format_choices("corpus", "dedup"))
    for path in (("corpus", "run"), ("corpus", "dedup")):  # one description per format
        assert "jsonl.gz: gzipped JSON lines" in _command(*path).get_help(click.Context(cli))


def test_dataset_export_json(invoke: Invoke, platform: Platform, tmp_path: Path) -> None:
    make_dataset(platform, name="news")
    out = tmp_path / "n.parquet"
    done = as_json(invoke("dataset", "export", "news@1", str(out), "--json"))
    assert done == {"dataset": "news", "version": 1, "rows": 3, "out": str(out),
                    "format": "parquet"}


def test_inputs_must_exist(invoke: Invoke, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.jsonl")
    for args in (("privacy", "redact", "--input", missing, "--output", "o.jsonl"),
                 ("privacy", "kanon", "--input", missing, "--output", "o.csv", "--qi", "a",
                  "--k", "2"),
                 ("corpus", "score-quality", missing, "--input", missing)):
        result = invoke(*args, code=2)
        assert "nope.jsonl' does not exist" in result.stderr, args


def test_media_recipes_json(invoke: Invoke) -> None:
    items = as_json(invoke("media", "recipes", "--json"))
    assert {"img-release", "img-text", "audio-speech"} <= {i["name"] for i in items}
    assert all(i["steps"] for i in items)


def test_totp_status_json(invoke: Invoke) -> None:
    invoke("user", "create", "wang", "--role", "consumer", "--password-stdin",
           input="correct-horse-9\n")
    assert as_json(invoke("user", "totp", "status", "wang", "--json")) == {"user": "wang",
                                                                          "totp": False}


def test_every_list_show_and_status_command_has_json() -> None:
    names = {"list", "show", "status", "requests", "recipes", "search", "registrations",
             "org-list", "log", "verify"}
    missing = []
    for group in ("annotate", "artefact", "audit", "catalog", "corpus", "dataset", "grant",
                  "jobs", "media", "user"):
        command = _command(group)
        assert isinstance(command, click.Group)
        for name in command.list_commands(click.Context(command)):
            sub = command.get_command(click.Context(command), name)
            if (name in names and sub is not None and not isinstance(sub, click.Group)
                    and "as_json" not in {p.name for p in sub.params}):
                missing.append(f"{group} {name}")
    assert missing == []
