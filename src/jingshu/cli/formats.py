"""The ``--format`` option of every command that writes files, defined once.

Commands that write the same formats take the same choices and describe each the same
way: the meaning of a format name lives in :data:`FORMAT_HELP`, and the choices come
from the module that writes them (``catalog.exporting`` for dataset exports,
``annotate.export`` for labels, the corpus executor for shards, :data:`DEDUP_FORMATS`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar, get_args

import click

from jingshu.corpus.executor import OutputFormat

__all__ = ["DEDUP_FORMATS", "FORMAT_HELP", "RUN_FORMATS", "format_option"]

F = TypeVar("F", bound=Callable[..., object])

FORMAT_HELP = {
    "jsonl": "JSON lines",
    "parquet": "Parquet",
    "csv": "CSV",
    "hf": "a Hugging Face folder (datasets.load_dataset reads it)",
    "webdataset": "a folder of WebDataset shards (shard-*.tar)",
    "catalog": "a new catalog dataset version",
    "labelstudio": "Label Studio tasks JSON",
    "answers": "every answer per annotator as JSON lines (row_key, annotator, value)",
    "jsonl.gz": "gzipped JSON lines",
}
"""What each format name means, for every ``--format`` help text."""

RUN_FORMATS: tuple[str, ...] = get_args(OutputFormat)
"""The shards a corpus run writes."""

DEDUP_FORMATS = (*RUN_FORMATS, "jsonl")
"""The shards ``corpus dedup`` writes: a run's, or plain JSON lines."""


def format_option(choices: Sequence[str], when_omitted: str,
                         default: str | None = None) -> Callable[[F], F]:
    """``--format`` (stored as ``fmt``) over ``choices``, each described from
    :data:`FORMAT_HELP`.

    Args:
        choices: The format names the command writes.
        when_omitted: What happens without ``--format`` (the last sentence of the help).
        default: The default choice, if any.
    """
    described = "; ".join(f"{c}: {FORMAT_HELP[c]}" for c in choices)
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=default is not None,
                        help=f"{described}. {when_omitted}".rstrip())
