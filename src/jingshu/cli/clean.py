"""``jingshu clean``: repair text from stdin with a recipe's mappers.

Kept apart from ``jingshu corpus`` so that a one-line clean imports only the operators,
never the executor, the catalog or the database.
"""

from __future__ import annotations

import sys

import click

from jingshu.corpus.encoding import decode_bytes
from jingshu.corpus.pipeline import clean_text
from jingshu.errors import JingshuError
from jingshu.progress import TerminalProgress

__all__ = ["clean"]


@click.command()
@click.option("--recipe", default="zh-web", show_default=True,
              help="Recipe whose mappers repair the text (built-in name or YAML file).")
def clean(recipe: str) -> None:
    """Repair text read from stdin with a recipe's mappers; write it to stdout.

    Only the mappers run (encoding repair, entities, pinyin glosses, script, PII ...);
    filters and deduplicators do not, so nothing is dropped. The bytes are decoded as
    files are (UTF-8, else the detected codec; a cut last character becomes U+FFFD).
    On a terminal, a long clean shows the mappers done with their rate and ETA on stderr.
    """
    text = decode_bytes(sys.stdin.buffer.read()).text
    try:
        with TerminalProgress() as bar:  # a bar on a terminal for work over a second
            repaired = clean_text(text, recipe, on_step=bar)
    except JingshuError:
        raise
    except Exception as exc:  # any input gives text or one line, never a traceback
        raise click.ClickException(
            f"clean: recipe {recipe!r} failed on this input ({type(exc).__name__}: {exc}); "
            "please report it with the input attached"
        ) from exc
    click.echo(repaired, nl=text.endswith("\n") and not repaired.endswith("\n"))
