"""The ``jingshu`` command: the root group, its shared context and its error handling.

Every command group lives in its own module and is attached here. Commands reach the
platform through :class:`AppContext`, which opens it lazily so that ``--help`` and
``jingshu config`` never touch the database. A :class:`~jingshu.errors.JingshuError`
raised anywhere below is printed as ``error: MESSAGE`` and ``hint: HINT`` on stderr
and the command exits with status 2; click's own usage errors keep click's codes.
"""

from __future__ import annotations

from typing import Any

import click

from jingshu import __version__
from jingshu.cli.aggregate import aggregate
from jingshu.cli.annotate import annotate
from jingshu.cli.artefact import artefact
from jingshu.cli.audit import audit
from jingshu.cli.catalog import catalog
from jingshu.cli.config import config
from jingshu.cli.context import AppContext
from jingshu.cli.corpus import clean, corpus
from jingshu.cli.dataset import dataset
from jingshu.cli.demo import demo
from jingshu.cli.grant import grant
from jingshu.cli.privacy import privacy
from jingshu.cli.psi import psi
from jingshu.cli.sandbox import sandbox
from jingshu.cli.serve import serve
from jingshu.cli.store import store
from jingshu.cli.user import user
from jingshu.cli.watermark import watermark
from jingshu.errors import JingshuError

__all__ = ["DOMAIN_ERROR_EXIT", "JingshuGroup", "cli", "main"]

DOMAIN_ERROR_EXIT = 2


class JingshuGroup(click.Group):
    """A group that turns domain errors into a two-line message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JingshuError as exc:
            click.echo(f"error: {exc.message}", err=True)
            if exc.hint:
                click.echo(f"hint: {exc.hint}", err=True)
            raise click.exceptions.Exit(DOMAIN_ERROR_EXIT) from exc


@click.group(cls=JingshuGroup)
@click.version_option(__version__, "--version", prog_name="jingshu")
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    default=None,
    help="jingshu home folder (overrides JINGSHU_HOME).",
)
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """精数 jingshu: raw data in, governed high-quality AI training data out."""
    app = AppContext(home=home)
    ctx.obj = app
    ctx.call_on_close(app.close)


for _command in (config, dataset, catalog, corpus, clean, user, audit, serve, demo, aggregate):
    cli.add_command(_command)
for _command in (grant, watermark):  # circulation
    cli.add_command(_command)
cli.add_command(privacy)
for _command in (sandbox, psi):  # privacy computing
    cli.add_command(_command)
cli.add_command(annotate)
cli.add_command(store)
cli.add_command(artefact)


def main() -> None:
    """Entry point of the ``jingshu`` console script."""
    cli(prog_name="jingshu")


if __name__ == "__main__":
    main()
